package dev.mcpgateway.routing;

import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.observability.LogRedaction;
import java.time.Duration;

/**
 * How the gateway reports that a backend could not answer.
 *
 * <p>For {@code tools/call} the client gets a tool result with {@code isError: true}: a short
 * text a person or a model can act on, and machine-readable details in {@code _meta}
 * ({@code backend}, {@code reason}, {@code retry_after_ms}). Other methods get a JSON-RPC error
 * with the code of the reason and the same details in {@code error.data}.
 */
public final class GatewayErrors {

    /**
     * Why a backend call failed, with its JSON-RPC error code (implementation-defined server errors,
     * -32000 to -32099). The codes are part of the gateway's contract with clients: see the README,
     * section "Failures".
     */
    public enum Reason {
        /** The backend is not connected or cannot be started. */
        BACKEND_UNAVAILABLE("backend_unavailable", -32010),
        /** The backend did not answer in time; the call was cancelled upstream. */
        TIMEOUT("timeout", -32011),
        /** The gateway's circuit breaker for the backend is open: the call was not sent. */
        CIRCUIT_OPEN("circuit_open", -32012),
        /** The gateway's rate limit for the backend, or the backend itself (HTTP 429), refused the call. */
        RATE_LIMITED("rate_limited", -32013),
        /** The backend failed: transport error, HTTP 5xx, a crash, output that is not JSON-RPC. */
        BACKEND_ERROR("backend_error", -32014),
        /** Too many calls to the backend are in flight and waiting: the call was not sent. */
        OVERLOADED("overloaded", -32015);

        private final String wireName;
        private final int code;

        Reason(String wireName, int code) {
            this.wireName = wireName;
            this.code = code;
        }

        public String wireName() {
            return wireName;
        }

        public int code() {
            return code;
        }
    }

    private GatewayErrors() {}

    public static Reason classify(UpstreamException e) {
        return switch (e) {
            case CallRejectedException rejected -> rejected.reason();
            case CallTimeoutException timeout -> Reason.TIMEOUT;
            case UpstreamHttpException http when http.status() == 429 -> Reason.RATE_LIMITED;
            default -> e.reachedServer() ? Reason.BACKEND_ERROR : Reason.BACKEND_UNAVAILABLE;
        };
    }

    /** How long the client should wait before trying again, in ms, or -1 if unknown. */
    public static long retryAfterMs(UpstreamException e) {
        return switch (e) {
            case CallRejectedException rejected -> rejected.retryAfterMs();
            case UpstreamHttpException http -> http.retryAfter().map(Duration::toMillis).orElse(-1L);
            default -> -1;
        };
    }

    /** The answer to {@code method} from client request {@code id} when {@code backend} failed with {@code e}. */
    public static JsonRpcResponse backendFailure(JsonValue id, String method, String backend, UpstreamException e) {
        Reason reason = classify(e);
        // a backend may echo the gateway's credentials (an error body, a child's stderr): never pass them on
        String text = LogRedaction.scrub(e.getMessage());
        JsonValue details = details(backend, reason, retryAfterMs(e));
        if ("tools/call".equals(method)) {
            return toolError(id, text, details);
        }
        return JsonRpc.error(id, reason.code(), text, details);
    }

    /** {@code {"backend":..., "reason":..., "retry_after_ms":...}} (the last only when known). */
    public static JsonValue details(String backend, Reason reason, long retryAfterMs) {
        JsonWriter w = new JsonWriter(96).beginObject().member("backend", backend).member("reason", reason.wireName());
        if (retryAfterMs >= 0) {
            w.member("retry_after_ms", retryAfterMs);
        }
        return w.endObject().toJsonValue();
    }

    /** A tool result with {@code isError: true}, one text block and {@code _meta} details. */
    public static JsonRpcResponse toolError(JsonValue id, String text, JsonValue meta) {
        JsonWriter w = new JsonWriter(128 + text.length()).beginObject();
        w.name("content").beginArray().beginObject().member("type", "text").member("text", text).endObject().endArray();
        w.member("isError", true);
        if (meta != null) {
            w.member("_meta", meta);
        }
        return JsonRpc.result(id, w.endObject().toJsonValue());
    }

    public static JsonRpcResponse invalidParams(JsonValue id, String message) {
        return JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, message, null);
    }
}
