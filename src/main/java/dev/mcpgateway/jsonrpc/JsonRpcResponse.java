package dev.mcpgateway.jsonrpc;

/** A response: an id and exactly one of {@code result} or {@code error}. */
public record JsonRpcResponse(JsonValue json, JsonValue id, JsonValue result, JsonValue error) implements JsonRpcMessage {

    public boolean isError() {
        return error != null;
    }

    /** The error code, or 0 for a successful response. */
    public int errorCode() {
        if (error == null) {
            return 0;
        }
        JsonValue code = error.get("code");
        return code != null && code.isIntegral() ? (int) code.asLong() : JsonRpcErrors.INTERNAL_ERROR;
    }

    /** The error message, or null for a successful response. */
    public String errorMessage() {
        return error == null ? null : error.getString("message");
    }

    /** The same response with another id, result or error copied unchanged. */
    public JsonRpcResponse withId(JsonValue newId) {
        return new JsonRpcResponse(JsonObjectEdit.of(json).set("id", newId).apply(), newId, result, error);
    }
}
