package dev.mcpgateway.demo;

import dev.mcpgateway.GatewayVersion;
import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo MCP server's method dispatch, independent of transport: one inbound JSON-RPC message
 * (and the session it belongs to) in, one {@link DemoReply} out. Notifications produced on the way
 * (progress, log messages) go to the {@link DemoOutbound} the transport passes in.
 *
 * <p>Thread safety: {@link #handle} is called concurrently from many threads (one per request);
 * the server holds no mutable state of its own beyond {@link DemoFaults} and the sessions.
 */
public final class DemoServer {

    /** The protocol versions the demo speaks, newest first. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    public static final String LATEST_PROTOCOL_VERSION = PROTOCOL_VERSIONS.getFirst();
    public static final String SERVER_NAME = "mcp-gateway-demo";

    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

    private static final byte[] CAPABILITIES = CompactJson.compact("""
            {"tools": {"listChanged": true},
             "resources": {"subscribe": false, "listChanged": false},
             "prompts": {"listChanged": false},
             "logging": {},
             "completions": {}}
            """);
    private static final String INSTRUCTIONS = "Demo MCP server built into mcp-gateway: echo, add, current_time, slow, "
            + "flaky and fail tools, plus demo_faults to inject faults. Read demo://readme for details.";
    private static final byte[] EMPTY_RESULT = "{}".getBytes(StandardCharsets.US_ASCII);

    private final DemoFaults faults;
    private final DemoTools tools;
    private final DemoCatalog catalog;
    private final byte[] serverInfo;
    private volatile Runnable sessionDropper = () -> {};

    public DemoServer(DemoFaults faults) {
        this.faults = faults;
        this.tools = new DemoTools(faults, this::dropSessions);
        this.catalog = new DemoCatalog(faults);
        this.serverInfo = new JsonWriter(64).beginObject()
                .member("name", SERVER_NAME).member("version", GatewayVersion.get()).endObject().toByteArray();
    }

    public DemoFaults faults() {
        return faults;
    }

    /** What forgetting every session means; set by the HTTP transport (stdio has no sessions). */
    void onDropSessions(Runnable dropper) {
        this.sessionDropper = dropper;
    }

    private void dropSessions() {
        LOG.warn("demo-server: drop_session fault: forgetting every session");
        sessionDropper.run();
    }

    /**
     * True if answering {@code message} may sleep (the slow tool, injected latency), so a
     * transport should answer it on a virtual thread rather than on an I/O thread.
     */
    boolean mayBlock(JsonRpcMessage message) {
        if (!(message instanceof JsonRpcRequest request) || !"tools/call".equals(request.method())) {
            return false;
        }
        DemoFaults.Settings s = faults.settings();
        if (!s.latency().isZero() || !s.latencyJitter().isZero()) {
            return true;
        }
        return request.params() != null && DemoTools.SLOW.equals(request.params().getString("name"));
    }

    /** Answers one message. Never throws: failures become JSON-RPC errors without internals. */
    DemoReply handle(DemoSession session, JsonRpcMessage message, DemoOutbound out) {
        return switch (message) {
            case JsonRpcRequest request -> faults.wedged() ? DemoReply.Silent.HANG : answer(session, request, out);
            case JsonRpcNotification notification -> {
                onNotification(session, notification);
                yield DemoReply.Silent.NONE;
            }
            case JsonRpcResponse ignored -> DemoReply.Silent.NONE; // we never send requests, so nothing to match
        };
    }

    /**
     * Answers a batch (2025-03-26): the elements run concurrently; the reply is one array of the
     * responses in element order. A crash or garbage fault in any element applies to the whole
     * batch; hung elements are left out (and if nothing else is answered, the batch hangs).
     */
    DemoReply handleBatch(DemoSession session, JsonRpc.Body.Batch batch, DemoOutbound out) {
        List<DemoReply> replies = new ArrayList<>();
        try (ExecutorService perElement = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<DemoReply>> futures = new ArrayList<>();
            for (JsonRpc.Body.Element element : batch.elements()) {
                futures.add(perElement.submit(() -> element.message() == null
                        ? invalid(element.invalid())
                        : element.message() instanceof JsonRpcRequest r && "initialize".equals(r.method())
                                ? error(r.id(), JsonRpcErrors.INVALID_REQUEST, "initialize must not be part of a batch")
                                : handle(session, element.message(), out)));
            }
            for (Future<DemoReply> f : futures) {
                replies.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DemoReply.Silent.NONE;
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch element failed", e.getCause()); // handle() does not throw
        }
        List<byte[]> responses = new ArrayList<>();
        boolean hung = false;
        for (DemoReply r : replies) {
            switch (r) {
                case DemoReply.Response(byte[] json) -> responses.add(json);
                case DemoReply.Silent.CRASH -> {
                    return DemoReply.Silent.CRASH;
                }
                case DemoReply.Silent.GARBAGE -> {
                    return DemoReply.Silent.GARBAGE;
                }
                case DemoReply.Silent.HANG -> hung = true;
                case DemoReply.Silent.NONE -> { }
            }
        }
        if (responses.isEmpty()) {
            return hung ? DemoReply.Silent.HANG : DemoReply.Silent.NONE;
        }
        return new DemoReply.Response(DemoMessages.batch(responses));
    }

    /** The answer to valid JSON that is not a JSON-RPC message: -32600 with its id if it had a usable one. */
    static DemoReply invalid(InvalidMessageException e) {
        return error(e.id(), JsonRpcErrors.INVALID_REQUEST, "Invalid request: " + e.getMessage());
    }

    /** The answer to bytes that are not JSON: -32700 with id null. */
    static DemoReply parseError(String detail) {
        return error(null, JsonRpcErrors.PARSE_ERROR, "Parse error: " + detail);
    }

    private static DemoReply error(JsonValue id, int code, String message) {
        return new DemoReply.Response(DemoMessages.error(id, code, message));
    }

    private DemoReply answer(DemoSession session, JsonRpcRequest request, DemoOutbound out) {
        JsonValue id = request.id();
        JsonValue params = request.params();
        try {
            return switch (request.method()) {
                case "initialize" -> initialize(session, id, params);
                case "ping" -> ok(id, EMPTY_RESULT);
                case "tools/list" -> ok(id, page(params, tools.listResult()));
                case "tools/call" -> callTool(session, request, out);
                case "resources/list" -> ok(id, page(params, catalog.resourcesList()));
                case "resources/templates/list" -> ok(id, page(params, catalog.templatesList()));
                case "resources/read" -> ok(id, w -> catalog.read(requiredString(params, "uri", "resources/read"), w));
                case "prompts/list" -> ok(id, page(params, catalog.promptsList()));
                case "prompts/get" -> ok(id, w -> catalog.getPrompt(
                        requiredString(params, "name", "prompts/get"), params.get("arguments"), w));
                case "completion/complete" -> ok(id, w -> catalog.complete(
                        params == null ? null : params.get("ref"), params == null ? null : params.get("argument"), w));
                case "logging/setLevel" -> setLevel(session, id, params);
                default -> error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + request.method());
            };
        } catch (DemoRpcError e) {
            return error(id, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // A bug in the demo: log it for the operator, keep internals away from the client.
            LOG.warn("demo-server: {} failed", request.method(), e);
            return error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal error");
        }
    }

    private DemoReply initialize(DemoSession session, JsonValue id, JsonValue params) {
        String requested = requiredString(params, "protocolVersion", "initialize");
        String version = PROTOCOL_VERSIONS.contains(requested) ? requested : LATEST_PROTOCOL_VERSION;
        session.protocolVersion(version);
        return ok(id, w -> w.beginObject()
                .member("protocolVersion", version)
                .name("capabilities").rawValue(CAPABILITIES)
                .name("serverInfo").rawValue(serverInfo)
                .member("instructions", INSTRUCTIONS)
                .endObject());
    }

    private DemoReply setLevel(DemoSession session, JsonValue id, JsonValue params) {
        String level = requiredString(params, "level", "logging/setLevel");
        if (!DemoSession.LOG_LEVELS.contains(level)) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Invalid log level \"" + level + "\"; use one of " + DemoSession.LOG_LEVELS);
        }
        session.logLevel(level);
        return ok(id, EMPTY_RESULT);
    }

    private DemoReply callTool(DemoSession session, JsonRpcRequest request, DemoOutbound out) {
        JsonValue id = request.id();
        String name = requiredString(request.params(), "name", "tools/call");
        if (!tools.exists(name)) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Unknown tool: " + name);
        }
        // demo_faults is the way out of a fault, so it is neither counted nor faulted.
        DemoFaults.Decision decision = name.equals(DemoTools.DEMO_FAULTS) ? DemoFaults.Decision.ANSWER_NOW : faults.onToolCall();
        switch (decision.action()) {
            case CRASH -> {
                return DemoReply.Silent.CRASH;
            }
            case HANG -> {
                return DemoReply.Silent.HANG;
            }
            default -> { }
        }
        DemoSession.Cancellation cancellation = session.started(id);
        try {
            if (!cancellation.sleep(decision.delayNanos())) {
                return DemoReply.Silent.NONE;
            }
            switch (decision.action()) {
                case GARBAGE -> {
                    return DemoReply.Silent.GARBAGE;
                }
                case INTERNAL_ERROR -> {
                    return error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal error (injected by the demo server's error_rate fault)");
                }
                default -> { }
            }
            JsonValue meta = request.meta();
            JsonValue token = meta == null ? null : meta.get("progressToken");
            if (token != null && !token.isString() && !token.isIntegral()) {
                token = null;
            }
            byte[] result = tools.call(name, request.params().get("arguments"), new DemoTools.Call(session, token, out, cancellation));
            if (result == null || cancellation.isCancelled()) {
                return DemoReply.Silent.NONE; // cancelled: the spec says not to answer
            }
            return ok(id, result);
        } finally {
            session.finished(id, cancellation);
            if (decision.dropSessions()) {
                dropSessions();
            }
        }
    }

    private void onNotification(DemoSession session, JsonRpcNotification notification) {
        if ("notifications/cancelled".equals(notification.method()) && notification.params() != null) {
            JsonValue requestId = notification.params().get("requestId");
            if (requestId != null) {
                session.cancel(requestId);
            }
        }
        // notifications/initialized and anything else need no action.
    }

    /** A list result: we never hand out cursors, so any cursor a client sends is invalid. */
    private static byte[] page(JsonValue params, byte[] fullList) {
        if (params != null && params.has("cursor") && !params.get("cursor").isNull()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Invalid cursor: this server returns every item on the first page");
        }
        return fullList;
    }

    private static String requiredString(JsonValue params, String name, String method) {
        JsonValue v = params == null ? null : params.get(name);
        if (v == null || !v.isString()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, method + " needs params." + name + " (a string)");
        }
        return v.asString();
    }

    private static DemoReply ok(JsonValue id, byte[] result) {
        return new DemoReply.Response(DemoMessages.result(id, result));
    }

    private static DemoReply ok(JsonValue id, Consumer<JsonWriter> result) {
        return new DemoReply.Response(DemoMessages.result(id, result));
    }
}
