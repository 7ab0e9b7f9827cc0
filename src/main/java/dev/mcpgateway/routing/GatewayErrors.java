package dev.mcpgateway.routing;

import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.observability.LogRedaction;

/**
 * How the gateway reports that a backend could not answer.
 *
 * <p>For {@code tools/call} the client gets a tool result with {@code isError: true}: a short
 * text a person or a model can act on, and machine-readable details in {@code _meta}
 * ({@code backend}, {@code reason}, {@code retry_after_ms}). Other methods get a JSON-RPC error
 * with the code of the reason and the same details in {@code error.data}.
 */
public final class GatewayErrors {

    /** Why a backend call failed, with its JSON-RPC error code. */
    public enum Reason {
        BACKEND_UNAVAILABLE("backend_unavailable", -32010),
        TIMEOUT("timeout", -32011),
        BACKEND_ERROR("backend_error", -32014);

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
        if (e instanceof CallTimeoutException) {
            return Reason.TIMEOUT;
        }
        return e.reachedServer() ? Reason.BACKEND_ERROR : Reason.BACKEND_UNAVAILABLE;
    }

    /** The answer to {@code method} from client request {@code id} when {@code backend} failed with {@code e}. */
    public static JsonRpcResponse backendFailure(JsonValue id, String method, String backend, UpstreamException e) {
        Reason reason = classify(e);
        // a backend may echo the gateway's credentials (an error body, a child's stderr): never pass them on
        String text = LogRedaction.scrub(e.getMessage());
        JsonValue details = details(backend, reason, -1);
        if ("tools/call".equals(method)) {
            return toolError(id, text, details);
        }
        return JsonRpc.error(id, reason.code(), text, details);
    }

    static JsonValue details(String backend, Reason reason, long retryAfterMs) {
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
