package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Builds the JSON-RPC messages the demo server sends, straight into bytes. The request id is
 * spliced in as the bytes it arrived with, so {@code 1}, {@code "1"} and {@code 1.0}-free ids come
 * back exactly as sent.
 */
final class DemoMessages {

    /** What the garbage fault sends instead of a response. Deliberately not JSON in any reading. */
    static final byte[] GARBAGE = "demo-server garbage fault: <this is not JSON>".getBytes(StandardCharsets.US_ASCII);

    private DemoMessages() {}

    /** A success response whose result the caller writes as exactly one JSON value. */
    static byte[] result(JsonValue id, Consumer<JsonWriter> result) {
        JsonWriter w = new JsonWriter(256);
        w.beginObject().member("jsonrpc", "2.0").member("id", id).name("result");
        result.accept(w);
        w.endObject();
        return w.toByteArray();
    }

    /** A success response with a prebuilt result. */
    static byte[] result(JsonValue id, byte[] resultJson) {
        JsonWriter w = new JsonWriter(48 + resultJson.length);
        w.beginObject().member("jsonrpc", "2.0").member("id", id).name("result").rawValue(resultJson).endObject();
        return w.toByteArray();
    }

    /** An error response; a null id is written as {@code null} (the request's id could not be read). */
    static byte[] error(JsonValue id, int code, String message) {
        JsonWriter w = new JsonWriter(96 + message.length());
        w.beginObject().member("jsonrpc", "2.0").member("id", id == null ? JsonValue.NULL : id);
        w.name("error").beginObject().member("code", code).member("message", message).endObject();
        w.endObject();
        return w.toByteArray();
    }

    static byte[] notification(String method, Consumer<JsonWriter> params) {
        JsonWriter w = new JsonWriter(128);
        w.beginObject().member("jsonrpc", "2.0").member("method", method).name("params");
        params.accept(w);
        w.endObject();
        return w.toByteArray();
    }

    /** A JSON-RPC batch response: the given responses as one array. */
    static byte[] batch(Iterable<byte[]> responses) {
        JsonWriter w = new JsonWriter(256);
        w.beginArray();
        for (byte[] r : responses) {
            w.rawValue(r);
        }
        w.endArray();
        return w.toByteArray();
    }
}
