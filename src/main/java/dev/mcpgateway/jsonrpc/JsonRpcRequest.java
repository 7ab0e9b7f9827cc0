package dev.mcpgateway.jsonrpc;

/**
 * A request: has an id (string or integer) and a method; {@code params} may be null. The id and
 * params are equal to the members of {@code json} (after a rewrite they may be separate copies).
 */
public record JsonRpcRequest(JsonValue json, JsonValue id, String method, JsonValue params) implements JsonRpcMessage {

    /** The same request with another id, every other member copied unchanged. */
    public JsonRpcRequest withId(JsonValue newId) {
        return new JsonRpcRequest(JsonObjectEdit.of(json).set("id", newId).apply(), newId, method, params);
    }

    /** The same request with its params edited by {@code paramsEdit}, in one copy of the message. */
    public JsonRpcRequest withParams(JsonObjectEdit paramsEdit) {
        JsonValue edited = JsonObjectEdit.of(json).set("params", paramsEdit).apply();
        return new JsonRpcRequest(edited, id, method, edited.get("params"));
    }

    /** The same request with another id and its params edited by {@code paramsEdit}, in one copy of the message. */
    public JsonRpcRequest withIdAndParams(JsonValue newId, JsonObjectEdit paramsEdit) {
        JsonValue edited = JsonObjectEdit.of(json).set("id", newId).set("params", paramsEdit).apply();
        return new JsonRpcRequest(edited, newId, method, edited.get("params"));
    }

    /** {@code params._meta}, or null. */
    public JsonValue meta() {
        return params == null ? null : params.get("_meta");
    }
}
