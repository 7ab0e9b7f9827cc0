package dev.mcpgateway.transport.http;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.ThreadLogFields;
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
import dev.mcpgateway.session.SessionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP endpoint over Streamable HTTP (protocol 2025-03-26 and later; clients that negotiate
 * 2024-11-05 over it are served too): POST carries client messages, GET opens the session's
 * server stream, DELETE ends the session.
 *
 * <p>Status codes follow the spec: 202 for notifications and responses, 400 for a missing
 * session or an unsupported {@code MCP-Protocol-Version}, 404 for an unknown or ended session,
 * 403 for a foreign Origin or Host, 406/413/415 for unacceptable requests. Requests the gateway
 * answers itself get an {@code application/json} reply; requests routed to a backend get an SSE
 * stream (headers flushed at once), on which related messages (progress, a backend's sampling
 * request) travel before the answer.
 *
 * <p>A NON_BLOCKING handler: Jetty calls it on the thread that read the request (no hand-off).
 * A single request is dispatched from there with {@link Dispatcher#handleAsync}, so a tools/call
 * goes out to its backend at once and its answer is written by the thread that receives it:
 * no thread waits and none is woken for the call. Everything that may block (initialize, GET,
 * DELETE, notifications, batches, an oversized body) is handed to a virtual thread.
 */
public final class McpHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(McpHttpHandler.class);

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /** JSON-RPC code for "the request was cancelled" when a JSON reply must carry something. */
    private static final int REQUEST_CANCELLED = -32800;
    private static final long KEEP_ALIVE_SECONDS = 15;
    /** How much of an oversized body is read and dropped so the client gets its 413 (see tooLarge). */
    private static final long OVERSIZE_DRAIN_BYTES = 16L << 20;
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";
    private static final String BAGGAGE = "baggage";

    /**
     * Requests that go to a backend and may take long or cause related messages (progress, a
     * sampling request): they are answered on an SSE stream. Everything else gets plain JSON.
     */
    private static final Set<String> ROUTED_METHODS = Set.of(
            McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET, McpMethods.RESOURCES_READ, McpMethods.RESOURCES_SUBSCRIBE,
            McpMethods.RESOURCES_UNSUBSCRIBE, McpMethods.COMPLETION_COMPLETE, McpMethods.TASKS_GET, McpMethods.TASKS_RESULT,
            McpMethods.TASKS_LIST, McpMethods.TASKS_CANCEL, "gateway_invoke");

    private final Dispatcher dispatcher;
    private final SessionRegistry sessions;
    private final OriginPolicy originPolicy;
    private final long maxBodyBytes;
    private final ConcurrentMap<String, HttpSessionStreams> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlive =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sse-keepalive").factory());
    private final HeldAnswers heldAnswers = new HeldAnswers();

    public McpHttpHandler(Dispatcher dispatcher, SessionRegistry sessions, String bindHost, List<String> allowedOrigins,
            List<String> allowedHosts, long maxBodyBytes) {
        super(InvocationType.NON_BLOCKING);
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.originPolicy = new OriginPolicy(bindHost, allowedOrigins, allowedHosts);
        this.maxBodyBytes = maxBodyBytes;
        keepAlive.scheduleAtFixedRate(this::keepStreamsAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String refusal = originPolicy.reject(origin, request.getHeaders().get(HttpHeader.HOST));
        if (refusal != null) {
            LOG.warn("refused {} {}: {}", request.getMethod(), Request.getPathInContext(request), refusal);
            HttpReplies.error(response, callback, 403, null, JsonRpcErrors.SERVER_ERROR, refusal);
            return true;
        }
        if (origin != null) {
            HttpReplies.allowCors(response, origin);
        }
        switch (request.getMethod()) {
            case "POST" -> post(request, response, callback);
            case "GET" -> offload(callback, () -> get(request, response, callback));
            case "DELETE" -> offload(callback, () -> delete(request, response, callback));
            case "OPTIONS" -> HttpReplies.preflight(response, callback);
            default -> {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE, OPTIONS");
                HttpReplies.error(response, callback, 405, null, JsonRpcErrors.SERVER_ERROR, "Method Not Allowed: use POST, GET or DELETE");
            }
        }
        return true;
    }

    // ---- POST ----

    private void post(Request request, Response response, Callback callback) {
        if (!HttpReplies.isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            HttpReplies.error(response, callback, 415, null, JsonRpcErrors.INVALID_REQUEST,
                    "Unsupported Media Type: the body must be application/json");
            return;
        }
        Accept accept = Accept.parse(request.getHeaders().get(HttpHeader.ACCEPT));
        if (!accept.json() && !accept.eventStream()) {
            HttpReplies.error(response, callback, 406, null, JsonRpcErrors.INVALID_REQUEST,
                    "Not Acceptable: the client must accept application/json and text/event-stream");
            return;
        }
        if (request.getLength() > maxBodyBytes) {
            offload(callback, () -> tooLarge(request, response, callback));
            return;
        }
        // NON_BLOCKING: a body that arrives after the headers is handled by the thread that reads it, like one that came with them.
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes);
        Content.Source.asByteArrayAsync(request, limit, Promise.Invocable.from(InvocationType.NON_BLOCKING, (body, failure) -> {
            if (failure == null) {
                posted(body, accept, request, response, callback);
            } else if (String.valueOf(failure).contains("too large") || AsyncCalls.cause(failure) instanceof IllegalArgumentException) {
                offload(callback, () -> tooLarge(request, response, callback));
            } else {
                HttpReplies.error(response, callback, 400, null, JsonRpcErrors.INVALID_REQUEST, "Bad Request: could not read the body");
            }
        }));
    }

    /** The body of a POST has arrived (usually at once, on the thread that read the request). */
    private void posted(byte[] body, Accept accept, Request request, Response response, Callback callback) {
        JsonRpc.Body parsed;
        try {
            parsed = JsonRpc.parseBody(body);
        } catch (JsonSyntaxException e) {
            HttpReplies.error(response, callback, 400, null, JsonRpcErrors.PARSE_ERROR, "Parse error: " + e.getMessage());
            return;
        } catch (InvalidMessageException e) {
            HttpReplies.error(response, callback, 400, e.id(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + e.getMessage());
            return;
        }
        Inbound inbound = inbound(request);
        if (parsed instanceof JsonRpc.Body.Single(JsonRpcRequest init) && McpMethods.INITIALIZE.equals(init.method())) {
            offload(callback, () -> initialize(init, inbound, response, callback));
            return;
        }
        ClientSession session = requireSession(request, response, callback, firstRequestId(parsed));
        if (session == null) {
            return;
        }
        session.touch();
        switch (parsed) {
            case JsonRpc.Body.Single(JsonRpcMessage message) -> single(session, message, accept, inbound, request, response, callback);
            case JsonRpc.Body.Batch batch -> offload(callback, () -> batch(session, batch, accept, inbound, request, response, callback));
        }
    }

    /**
     * Runs {@code work}, which may block, on a virtual thread of its own, with the log fields of
     * this thread (the request id). A bug in it fails the exchange rather than vanishing.
     */
    private static void offload(Callback callback, Runnable work) {
        Map<String, String> logFields = ThreadLogFields.current();
        Thread.ofVirtual().name("mcp-http").start(() -> {
            if (logFields != null) {
                ThreadLogFields.install(logFields);
            }
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("internal error handling an MCP request", e);
                callback.failed(e);
            }
        });
    }

    /**
     * 413. A client that is still sending would otherwise see its connection reset instead of the
     * answer, so the rest of a moderately oversized body is read and dropped first; beyond that
     * the connection is closed after the answer.
     */
    private void tooLarge(Request request, Response response, Callback callback) {
        drain(request, OVERSIZE_DRAIN_BYTES);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        HttpReplies.error(response, callback, 413, null, JsonRpcErrors.INVALID_REQUEST,
                "Payload Too Large: the body exceeds " + maxBodyBytes + " bytes (server.max_body_size)");
    }

    private static void drain(Request request, long limit) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] sink = new byte[64 * 1024];
            long left = limit;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    /** The request id the HTTP layer gave this request, and its W3C trace headers. */
    private static Inbound inbound(Request request) {
        Object id = request.getAttribute(RequestIds.ATTRIBUTE);
        HttpFields headers = request.getHeaders();
        return Inbound.http(id instanceof String s ? s : RequestIds.keepOrMake(headers.get(RequestIds.HEADER)),
                headers.get(TRACEPARENT), headers.get(TRACESTATE), headers.get(BAGGAGE));
    }

    private void initialize(JsonRpcRequest init, Inbound inbound, Response response, Callback callback) {
        HttpSessionStreams sessionStreams = new HttpSessionStreams();
        Dispatcher.Initialized outcome = dispatcher.initialize(init, sessionStreams, inbound);
        ClientSession session = outcome.session();
        if (session != null) {
            streams.put(session.id(), sessionStreams);
            sessions.add(session);
            session.onClose(() -> {
                streams.remove(session.id());
                sessionStreams.close();
            });
            response.getHeaders().put(SESSION_HEADER, session.id());
        }
        HttpReplies.json(response, callback, 200, outcome.response().json());
    }

    /** The session the request names, or null after answering 400 (no session id) or 404 (unknown session). */
    private ClientSession requireSession(Request request, Response response, Callback callback, JsonValue id) {
        String sessionId = request.getHeaders().get(SESSION_HEADER);
        if (sessionId == null) {
            HttpReplies.error(response, callback, 400, id, JsonRpcErrors.SERVER_ERROR,
                    "Bad Request: Server not initialized (no Mcp-Session-Id header; send initialize first. This gateway speaks MCP "
                            + String.join(", ", ProtocolVersion.SUPPORTED) + ")");
            return null;
        }
        ClientSession session = sessions.get(sessionId);
        if (session == null) {
            HttpReplies.error(response, callback, 404, id, -32001, "Session not found: it ended or never existed; initialize a new session");
            return null;
        }
        String version = request.getHeaders().get(VERSION_HEADER);
        if (version != null && !version.equals(session.protocolVersion())) {
            String message = ProtocolVersion.isSupported(version)
                    ? "Bad Request: MCP-Protocol-Version " + version + " does not match the version negotiated for this session ("
                            + session.protocolVersion() + ")"
                    : "Bad Request: unsupported MCP-Protocol-Version " + version + " (supported: " + String.join(", ", ProtocolVersion.SUPPORTED) + ")";
            HttpReplies.error(response, callback, 400, id, JsonRpcErrors.INVALID_REQUEST, message);
            return null;
        }
        return session;
    }

    private static JsonValue firstRequestId(JsonRpc.Body body) {
        return switch (body) {
            case JsonRpc.Body.Single(JsonRpcRequest request) -> request.id();
            default -> null;
        };
    }

    private void single(ClientSession session, JsonRpcMessage message, Accept accept, Inbound inbound, Request request, Response response,
            Callback callback) {
        switch (message) {
            case JsonRpcRequest req -> {
                if (McpMethods.INITIALIZE.equals(req.method())) {
                    HttpReplies.json(response, callback, 200,
                            JsonRpc.error(req.id(), JsonRpcErrors.INVALID_REQUEST, "this session is already initialized", null).json());
                } else if (useStream(req, accept)) {
                    answerOnStream(session, List.of(req), accept.json(), inbound, request, response, callback);
                } else {
                    answerAsJson(session, req, inbound, request, response, callback);
                }
            }
            case JsonRpcNotification notification -> offload(callback, () -> {
                dispatcher.handleNotification(session, notification);
                HttpReplies.accepted(response, callback);
            });
            case JsonRpcResponse reply -> offload(callback, () -> {
                dispatcher.handleResponse(session, reply);
                HttpReplies.accepted(response, callback);
            });
        }
    }

    private static boolean useStream(JsonRpcRequest request, Accept accept) {
        if (!accept.eventStream()) {
            return false;
        }
        return !accept.json() || ROUTED_METHODS.contains(request.method());
    }

    private void answerAsJson(ClientSession session, JsonRpcRequest message, Inbound inbound, Request request, Response response,
            Callback callback) {
        ClientRequest clientRequest = new ClientRequest(session, message, null, inbound);
        if (!session.begin(clientRequest)) {
            HttpReplies.json(response, callback, 200, duplicateId(message).json());
            return;
        }
        request.addFailureListener(failure -> clientRequest.cancel("the client disconnected"));
        runAsync(clientRequest).whenComplete((reply, failure) -> HttpReplies.json(response, callback, 200,
                (reply != null ? reply : JsonRpc.error(message.id(), REQUEST_CANCELLED, "Request cancelled", null)).json()));
    }

    /**
     * Answers one or more requests on one SSE stream: related messages first, each answer as it
     * comes, then the stream ends. A 2025-11-25 client gets a priming event and can resume a broken
     * stream; for older clients a broken stream cancels the requests (their answers could not be
     * delivered anyway).
     *
     * <p>The stream is held for {@link HeldAnswers#HOLD} before anything is written: when a single
     * request's answer comes sooner, with nothing sent before it, and the client accepts JSON
     * ({@code jsonAllowed}), the answer goes out as a plain JSON reply, in one write. The spec
     * lets the server pick either form for any request; a stream is only worth its cost when
     * something travels before the answer or the answer takes a while.
     */
    private void answerOnStream(ClientSession session, List<JsonRpcRequest> requests, boolean jsonAllowed, Inbound inbound, Request request,
            Response response, Callback callback) {
        HttpSessionStreams sessionStreams = streams.get(session.id());
        if (sessionStreams == null) {
            HttpReplies.error(response, callback, 404, null, -32001, "Session not found: it ended");
            return;
        }
        EventStream stream = sessionStreams.newRequestStream();
        SseConnection connection = SseConnection.openHeld(response, callback, heldAnswers);
        stream.attach(connection, -1);
        boolean resumable = ProtocolVersion.atLeast(session.protocolVersion(), ProtocolVersion.V2025_11_25);
        if (resumable) {
            stream.prime();
        }
        List<ClientRequest> clientRequests = new ArrayList<>();
        for (JsonRpcRequest message : requests) {
            ClientRequest clientRequest = new ClientRequest(session, message, stream, inbound);
            if (session.begin(clientRequest)) {
                clientRequests.add(clientRequest);
            } else {
                stream.send(duplicateId(message));
            }
        }
        connection.onBroken(failure -> {
            stream.detach(connection);
            if (!resumable) {
                clientRequests.forEach(cr -> cr.cancel("the client disconnected"));
            }
        });
        request.addFailureListener(connection::fail);
        if (clientRequests.size() == 1 && requests.size() == 1) {
            runAsync(clientRequests.getFirst()).whenComplete((reply, failure) -> {
                if (reply != null && !(jsonAllowed && stream.answerAsJson(reply))) {
                    stream.send(reply);
                }
                finish(stream, sessionStreams);
            });
            return;
        }
        if (clientRequests.size() == 1) {
            answer(clientRequests.getFirst(), stream);
        } else {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (ClientRequest clientRequest : clientRequests) {
                running.add(CompletableFuture.runAsync(() -> answer(clientRequest, stream), Thread::startVirtualThread));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        }
        finish(stream, sessionStreams);
    }

    /** Ends an answer stream once its answers are out; keeps it a while if the client may still resume it. */
    private void finish(EventStream stream, HttpSessionStreams sessionStreams) {
        stream.finish();
        if (stream.fullyHandedOver()) {
            sessionStreams.release(stream);
        } else {
            // the client may still resume to collect the rest; keep it a while
            keepAlive.schedule(() -> sessionStreams.release(stream), 5, TimeUnit.MINUTES);
        }
    }

    private void answer(ClientRequest clientRequest, EventStream stream) {
        JsonRpcResponse reply = run(clientRequest);
        if (reply != null) {
            stream.send(reply);
        }
    }

    /**
     * Dispatches without waiting (see {@link Dispatcher#handleAsync}); the request is marked
     * finished before its answer goes out (no progress after the answer). Never fails: a bug
     * becomes an internal-error answer.
     */
    private CompletableFuture<JsonRpcResponse> runAsync(ClientRequest clientRequest) {
        CompletableFuture<JsonRpcResponse> answer;
        try {
            answer = dispatcher.handleAsync(clientRequest);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((reply, failure) -> {
            clientRequest.finish();
            if (failure == null) {
                return reply;
            }
            LOG.error("internal error handling {} for {}", clientRequest.method(), clientRequest.session(), AsyncCalls.cause(failure));
            return JsonRpc.error(clientRequest.id(), JsonRpcErrors.INTERNAL_ERROR, "Internal error in mcp-gateway (see its log)", null);
        });
    }

    /** Dispatches, then marks the request finished before its answer goes out (no progress after the answer). */
    private JsonRpcResponse run(ClientRequest clientRequest) {
        JsonRpcResponse reply;
        try {
            reply = dispatcher.handle(clientRequest);
        } catch (RuntimeException e) {
            LOG.error("internal error handling {} for {}", clientRequest.method(), clientRequest.session(), e);
            reply = JsonRpc.error(clientRequest.id(), JsonRpcErrors.INTERNAL_ERROR, "Internal error in mcp-gateway (see its log)", null);
        } finally {
            clientRequest.finish();
        }
        return reply;
    }

    private static JsonRpcResponse duplicateId(JsonRpcRequest message) {
        return JsonRpc.error(message.id(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: a request with id " + message.id() + " is already in progress", null);
    }

    private void batch(ClientSession session, JsonRpc.Body.Batch batch, Accept accept, Inbound inbound, Request request, Response response,
            Callback callback) {
        String version = session.protocolVersion();
        if (ProtocolVersion.atLeast(version, ProtocolVersion.V2025_06_18)) {
            HttpReplies.error(response, callback, 400, null, JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: JSON-RPC batches are not part of MCP " + version + " (they were removed in 2025-06-18)");
            return;
        }
        List<JsonRpcRequest> requests = new ArrayList<>();
        List<JsonRpcResponse> immediate = new ArrayList<>();
        for (JsonRpc.Body.Element element : batch.elements()) {
            switch (element.message()) {
                case null -> immediate.add(JsonRpc.error(element.invalid().id(), JsonRpcErrors.INVALID_REQUEST,
                        "Invalid Request: " + element.invalid().getMessage(), null));
                case JsonRpcRequest req when McpMethods.INITIALIZE.equals(req.method()) ->
                        immediate.add(JsonRpc.error(req.id(), JsonRpcErrors.INVALID_REQUEST, "initialize must not be part of a batch", null));
                case JsonRpcRequest req -> requests.add(req);
                case JsonRpcNotification notification -> dispatcher.handleNotification(session, notification);
                case JsonRpcResponse reply -> dispatcher.handleResponse(session, reply);
            }
        }
        if (requests.isEmpty() && immediate.isEmpty()) {
            HttpReplies.accepted(response, callback);
            return;
        }
        boolean stream = accept.eventStream() && (!accept.json() || requests.stream().anyMatch(r -> ROUTED_METHODS.contains(r.method())));
        if (stream && immediate.isEmpty()) {
            answerOnStream(session, requests, false, inbound, request, response, callback);
            return;
        }
        List<CompletableFuture<JsonRpcResponse>> answers = new ArrayList<>();
        for (JsonRpcRequest req : requests) {
            ClientRequest clientRequest = new ClientRequest(session, req, null, inbound);
            if (!session.begin(clientRequest)) {
                answers.add(CompletableFuture.completedFuture(duplicateId(req)));
                continue;
            }
            answers.add(CompletableFuture.supplyAsync(() -> {
                JsonRpcResponse reply = run(clientRequest);
                return reply != null ? reply : JsonRpc.error(req.id(), REQUEST_CANCELLED, "Request cancelled", null);
            }, Thread::startVirtualThread));
        }
        JsonWriter out = new JsonWriter(1024).beginArray();
        for (JsonRpcResponse reply : immediate) {
            out.value(reply.json());
        }
        for (CompletableFuture<JsonRpcResponse> answer : answers) {
            out.value(answer.join().json());
        }
        HttpReplies.json(response, callback, 200, out.endArray().toJsonValue());
    }

    // ---- GET ----

    private void get(Request request, Response response, Callback callback) {
        Accept accept = Accept.parse(request.getHeaders().get(HttpHeader.ACCEPT));
        if (!accept.eventStream()) {
            HttpReplies.error(response, callback, 406, null, JsonRpcErrors.INVALID_REQUEST, "Not Acceptable: GET needs Accept: text/event-stream");
            return;
        }
        ClientSession session = requireSession(request, response, callback, null);
        if (session == null) {
            return;
        }
        HttpSessionStreams sessionStreams = streams.get(session.id());
        if (sessionStreams == null) {
            HttpReplies.error(response, callback, 404, null, -32001, "Session not found: it ended");
            return;
        }
        session.touch();
        EventStream target = sessionStreams.standalone();
        long after = -1;
        String lastEventId = request.getHeaders().get(LAST_EVENT_ID);
        if (lastEventId != null) {
            int underscore = lastEventId.lastIndexOf('_');
            EventStream resumed = underscore > 0 ? sessionStreams.find(lastEventId.substring(0, underscore)) : null;
            if (resumed != null) {
                target = resumed;
                try {
                    after = Long.parseLong(lastEventId.substring(underscore + 1));
                } catch (NumberFormatException e) {
                    after = -1;
                }
            }
        }
        SseConnection connection = SseConnection.open(response, callback);
        EventStream stream = target;
        connection.onBroken(failure -> stream.detach(connection));
        request.addFailureListener(connection::fail);
        stream.attach(connection, after);
    }

    // ---- DELETE ----

    private void delete(Request request, Response response, Callback callback) {
        ClientSession session = requireSession(request, response, callback, null);
        if (session == null) {
            return;
        }
        LOG.info("{} ended by the client", session);
        session.close("ended by the client (DELETE)");
        HttpReplies.empty(response, callback, 200);
    }

    // ---- housekeeping ----

    /** Every 15 s: a comment on each open stream; sessions with a live GET stream count as active. */
    private void keepStreamsAlive() {
        try {
            for (var entry : streams.entrySet()) {
                if (entry.getValue().standalone().keepAlive()) {
                    ClientSession session = sessions.get(entry.getKey());
                    if (session != null) {
                        session.touch();
                    }
                }
                entry.getValue().keepAliveRequestStreams();
            }
        } catch (RuntimeException e) {
            LOG.warn("keep-alive sweep failed", e);
        }
    }

    /** Ends every stream (shutdown). */
    public void closeStreams() {
        keepAlive.shutdownNow();
        heldAnswers.close();
        for (HttpSessionStreams sessionStreams : streams.values()) {
            sessionStreams.close();
        }
    }

    /** What the client accepts. A missing Accept header accepts anything. */
    record Accept(boolean json, boolean eventStream) {
        static Accept parse(String header) {
            if (header == null || header.isBlank()) {
                return new Accept(true, true);
            }
            String h = header.toLowerCase(Locale.ROOT);
            boolean any = h.contains("*/*");
            return new Accept(any || h.contains("application/json") || h.contains("application/*"),
                    any || h.contains("text/event-stream") || h.contains("text/*"));
        }
    }
}
