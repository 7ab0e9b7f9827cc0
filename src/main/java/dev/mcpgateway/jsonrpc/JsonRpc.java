package dev.mcpgateway.jsonrpc;

import java.util.ArrayList;
import java.util.List;

/** Reading and building JSON-RPC 2.0 messages. */
public final class JsonRpc {

    private static final JsonValue VERSION = JsonValue.string("2.0");

    private JsonRpc() {}

    /**
     * Classifies a parsed JSON value as a request, notification or response.
     *
     * @throws InvalidMessageException if it is not a valid JSON-RPC 2.0 message (as MCP
     *     restricts it: ids are strings or integers, never null; params are an object)
     */
    public static JsonRpcMessage parseMessage(JsonValue json) {
        if (!json.isObject()) {
            throw new InvalidMessageException("a JSON-RPC message must be a JSON object", null);
        }
        JsonValue id = json.get("id");
        JsonValue usableId = id != null && (id.isString() || id.isIntegral()) ? id : null;
        JsonValue version = json.get("jsonrpc");
        if (version == null || !version.isString("2.0")) {
            throw new InvalidMessageException("\"jsonrpc\" must be \"2.0\"", usableId);
        }
        JsonValue method = json.get("method");
        if (method != null) {
            if (!method.isString()) {
                throw new InvalidMessageException("\"method\" must be a string", usableId);
            }
            JsonValue params = json.get("params");
            if (params != null && !params.isObject()) {
                throw new InvalidMessageException("\"params\" must be an object", usableId);
            }
            if (id == null) {
                return new JsonRpcNotification(json, method.asString(), params);
            }
            if (usableId == null) {
                throw new InvalidMessageException("\"id\" must be a string or an integer", null);
            }
            return new JsonRpcRequest(json, id, method.asString(), params);
        }
        JsonValue result = json.get("result");
        JsonValue error = json.get("error");
        if (result == null && error == null) {
            throw new InvalidMessageException("a message needs \"method\" (request or notification) or \"result\"/\"error\" (response)", usableId);
        }
        if (result != null && error != null) {
            throw new InvalidMessageException("a response must not have both \"result\" and \"error\"", usableId);
        }
        if (error != null && (!error.isObject() || error.get("code") == null || !error.get("code").isIntegral())) {
            throw new InvalidMessageException("\"error\" must be an object with an integer \"code\"", usableId);
        }
        if (id == null || !(id.isNull() || usableId != null)) {
            throw new InvalidMessageException("a response needs an \"id\"", null);
        }
        return new JsonRpcResponse(json, id, result, error);
    }

    /** Parses one message from bytes: syntax errors throw {@link JsonSyntaxException}. */
    public static JsonRpcMessage parseMessage(byte[] bytes) {
        return parseMessage(JsonScanner.parse(bytes));
    }

    /**
     * Parses a request body that may be a single message or (2025-03-26) a batch array.
     * Syntax errors throw {@link JsonSyntaxException}; an invalid single message throws
     * {@link InvalidMessageException}; invalid batch elements are reported per element.
     */
    public static Body parseBody(byte[] bytes) {
        JsonValue json = JsonScanner.parse(bytes);
        if (!json.isArray()) {
            return new Body.Single(parseMessage(json));
        }
        List<JsonValue> elements = json.elements();
        if (elements.isEmpty()) {
            throw new InvalidMessageException("an empty batch is not a valid request", null);
        }
        List<Body.Element> parsed = new ArrayList<>(elements.size());
        for (JsonValue element : elements) {
            try {
                parsed.add(new Body.Element(parseMessage(element), null));
            } catch (InvalidMessageException e) {
                parsed.add(new Body.Element(null, e));
            }
        }
        return new Body.Batch(parsed);
    }

    /** What a transport read: one message, or a batch of them. */
    public sealed interface Body {
        record Single(JsonRpcMessage message) implements Body {}

        record Batch(List<Element> elements) implements Body {}

        /** A batch element: a message, or the reason it is not one. */
        record Element(JsonRpcMessage message, InvalidMessageException invalid) {}
    }

    public static JsonRpcRequest request(JsonValue id, String method, JsonValue params) {
        JsonWriter w = new JsonWriter(64 + (params == null ? 0 : params.length()));
        w.beginObject().member("jsonrpc", VERSION).member("id", id).member("method", method);
        if (params != null) {
            w.member("params", params);
        }
        w.endObject();
        return new JsonRpcRequest(w.toJsonValue(), id, method, params);
    }

    public static JsonRpcNotification notification(String method, JsonValue params) {
        JsonWriter w = new JsonWriter(64 + (params == null ? 0 : params.length()));
        w.beginObject().member("jsonrpc", VERSION).member("method", method);
        if (params != null) {
            w.member("params", params);
        }
        w.endObject();
        return new JsonRpcNotification(w.toJsonValue(), method, params);
    }

    public static JsonRpcResponse result(JsonValue id, JsonValue result) {
        JsonWriter w = new JsonWriter(48 + result.length());
        w.beginObject().member("jsonrpc", VERSION).member("id", id).member("result", result).endObject();
        return new JsonRpcResponse(w.toJsonValue(), id, result, null);
    }

    /** An error response; {@code id} may be null (the id could not be read), {@code data} may be null. */
    public static JsonRpcResponse error(JsonValue id, int code, String message, JsonValue data) {
        JsonWriter w = new JsonWriter(96 + message.length() + (data == null ? 0 : data.length()));
        w.beginObject().member("jsonrpc", VERSION).member("id", id == null ? JsonValue.NULL : id);
        w.name("error").beginObject().member("code", code).member("message", message);
        if (data != null) {
            w.member("data", data);
        }
        w.endObject().endObject();
        JsonValue json = w.toJsonValue();
        return new JsonRpcResponse(json, id == null ? JsonValue.NULL : id, null, json.get("error"));
    }
}
