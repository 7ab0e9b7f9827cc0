package dev.mcpgateway.transport.stdio;

import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonSyntaxException;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.mcp.ProtocolVersion;
import dev.mcpgateway.observability.RequestIds;
import dev.mcpgateway.routing.Dispatcher;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;
import dev.mcpgateway.session.MessageSink;
import dev.mcpgateway.session.SessionRegistry;
import dev.mcpgateway.transport.Framing;
import dev.mcpgateway.transport.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one MCP client over stdin/stdout ({@code mcp-gateway serve --stdio}): newline-delimited
 * JSON-RPC, requests handled concurrently on virtual threads, every write to stdout from one
 * writer thread so lines never interleave. Nothing but MCP goes to stdout. End of input ends the
 * session.
 */
public final class StdioServer implements MessageSink {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);
    private static final byte[] POISON = new byte[0];

    private final Dispatcher dispatcher;
    private final SessionRegistry sessions;
    private final InputStream in;
    private final OutputStream out;
    private final int maxMessageBytes;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile ClientSession session;

    public StdioServer(Dispatcher dispatcher, SessionRegistry sessions, InputStream in, OutputStream out, int maxMessageBytes) {
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.in = in;
        this.out = out;
        this.maxMessageBytes = maxMessageBytes;
        this.writer = Thread.ofPlatform().daemon().name("stdio-out").unstarted(this::writeLoop);
    }

    /** Reads stdin until it ends (call on a platform thread: blocking pipe reads pin virtual threads). */
    public void run() {
        writer.start();
        try {
            new LineReader(in, maxMessageBytes, 0).readAll(new LineReader.Sink() {
                @Override
                public void line(byte[] line) {
                    onLine(line);
                }

                @Override
                public void overlongLine(byte[] head, long length) {
                    send(JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST,
                            "Invalid Request: a message of " + length + " bytes exceeds the limit of " + maxMessageBytes + " bytes", null));
                }
            });
        } catch (IOException e) {
            LOG.warn("stdin failed: {}", e.getMessage());
        } finally {
            ClientSession current = session;
            if (current != null) {
                current.close("stdin closed");
            }
        }
    }

    /** Waits (bounded) until every queued message is on stdout, then stops the writer. */
    public void flushAndStop(long timeoutMillis) {
        outbox.add(POISON);
        try {
            writer.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onLine(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && Character.isWhitespace(bytes[start])) {
            start++;
        }
        if (start == bytes.length) {
            return;
        }
        JsonRpc.Body body;
        try {
            body = JsonRpc.parseBody(bytes);
        } catch (JsonSyntaxException e) {
            send(JsonRpc.error(null, JsonRpcErrors.PARSE_ERROR, "Parse error: " + e.getMessage(), null));
            return;
        } catch (InvalidMessageException e) {
            send(JsonRpc.error(e.id(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + e.getMessage(), null));
            return;
        }
        switch (body) {
            case JsonRpc.Body.Single(JsonRpcMessage message) -> onMessage(message);
            case JsonRpc.Body.Batch batch -> onBatch(batch);
        }
    }

    private void onMessage(JsonRpcMessage message) {
        ClientSession current = session;
        switch (message) {
            case JsonRpcRequest request when McpMethods.INITIALIZE.equals(request.method()) -> initialize(request);
            case JsonRpcRequest request when current == null -> send(notInitialized(request));
            case JsonRpcRequest request -> Thread.ofVirtual().name("stdio-request").start(() -> answer(current, request));
            case JsonRpcNotification notification when current != null -> dispatcher.handleNotification(current, notification);
            case JsonRpcResponse response when current != null -> dispatcher.handleResponse(current, response);
            default -> LOG.debug("ignoring {} before initialize", message.method());
        }
    }

    private void initialize(JsonRpcRequest request) {
        if (session != null) {
            send(JsonRpc.error(request.id(), JsonRpcErrors.INVALID_REQUEST, "this session is already initialized", null));
            return;
        }
        Dispatcher.Initialized outcome = dispatcher.initialize(request, this, Inbound.stdio(RequestIds.next()));
        if (outcome.session() != null) {
            session = outcome.session();
            sessions.add(outcome.session());
        }
        send(outcome.response());
    }

    private static JsonRpcResponse notInitialized(JsonRpcRequest request) {
        if (McpMethods.PING.equals(request.method())) {
            return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
        }
        return JsonRpc.error(request.id(), JsonRpcErrors.SERVER_ERROR, "Server not initialized: send initialize first", null);
    }

    private void answer(ClientSession current, JsonRpcRequest request) {
        JsonRpcResponse reply = answerOf(current, request);
        if (reply != null) {
            send(reply);
        }
    }

    private JsonRpcResponse answerOf(ClientSession current, JsonRpcRequest request) {
        ClientRequest clientRequest = new ClientRequest(current, request, null, Inbound.stdio(RequestIds.next()));
        if (!current.begin(clientRequest)) {
            return JsonRpc.error(request.id(), JsonRpcErrors.INVALID_REQUEST, "a request with id " + request.id() + " is already in progress", null);
        }
        current.touch();
        try {
            return dispatcher.handle(clientRequest);
        } catch (RuntimeException e) {
            LOG.error("internal error handling {}", request.method(), e);
            return JsonRpc.error(request.id(), JsonRpcErrors.INTERNAL_ERROR, "Internal error in mcp-gateway (see its log)", null);
        } finally {
            clientRequest.finish();
        }
    }

    /** JSON-RPC batches (MCP 2025-03-26): answered with one array, in request order. */
    private void onBatch(JsonRpc.Body.Batch batch) {
        ClientSession current = session;
        if (current != null && ProtocolVersion.atLeast(current.protocolVersion(), ProtocolVersion.V2025_06_18)) {
            send(JsonRpc.error(null, JsonRpcErrors.INVALID_REQUEST, "JSON-RPC batches are not part of MCP " + current.protocolVersion(), null));
            return;
        }
        List<CompletableFuture<JsonRpcResponse>> answers = new ArrayList<>();
        for (JsonRpc.Body.Element element : batch.elements()) {
            JsonRpcMessage message = element.message();
            if (message == null) {
                answers.add(CompletableFuture.completedFuture(JsonRpc.error(element.invalid().id(), JsonRpcErrors.INVALID_REQUEST,
                        "Invalid Request: " + element.invalid().getMessage(), null)));
            } else if (message instanceof JsonRpcRequest request) {
                if (current == null || McpMethods.INITIALIZE.equals(request.method())) {
                    answers.add(CompletableFuture.completedFuture(current == null ? notInitialized(request)
                            : JsonRpc.error(request.id(), JsonRpcErrors.INVALID_REQUEST, "initialize must not be part of a batch", null)));
                } else {
                    answers.add(CompletableFuture.supplyAsync(() -> answerOf(current, request), Thread::startVirtualThread));
                }
            } else {
                onMessage(message);
            }
        }
        if (answers.isEmpty()) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            JsonWriter array = new JsonWriter(1024).beginArray();
            for (CompletableFuture<JsonRpcResponse> answer : answers) {
                JsonRpcResponse reply = answer.join();
                if (reply != null) {
                    array.value(reply.json());
                }
            }
            outbox.add(array.endArray().toByteArray());
        });
    }

    /** Queues a message for stdout (the session's out-of-band sink in stdio mode). */
    @Override
    public boolean send(JsonRpcMessage message) {
        outbox.add(Framing.singleLine(message.json()));
        return true;
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] message = outbox.take();
                if (message == POISON) {
                    out.flush();
                    return;
                }
                out.write(message);
                out.write('\n');
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("stdout closed: {}", e.getMessage());
        }
    }

    /** For tests: waits until the writer has drained the queue. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!outbox.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return outbox.isEmpty();
    }
}
