package dev.mcpgateway.jsonrpc;

/** A notification: a method and no id; {@code params} may be null. Never answered. */
public record JsonRpcNotification(JsonValue json, String method, JsonValue params) implements JsonRpcMessage {

    /** The same notification with other params, other members unchanged. */
    public JsonRpcNotification withParams(JsonValue newParams) {
        return new JsonRpcNotification(JsonObjectEdit.of(json).set("params", newParams).apply(), method, newParams);
    }
}
