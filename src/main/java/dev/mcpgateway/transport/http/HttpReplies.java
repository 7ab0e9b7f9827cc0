package dev.mcpgateway.transport.http;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing complete (non-streaming) HTTP answers. */
final class HttpReplies {

    /** Encoded once: Jetty writes a plain field's value character by character, checking each. */
    private static final HttpField JSON_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private HttpReplies() {}

    static void json(Response response, Callback callback, int status, JsonValue body) {
        json(response, callback, status, body.toByteBuffer());
    }

    static void json(Response response, Callback callback, int status, byte[] bytes) {
        json(response, callback, status, ByteBuffer.wrap(bytes));
    }

    private static void json(Response response, Callback callback, int status, ByteBuffer body) {
        response.setStatus(status);
        response.getHeaders().put(JSON_CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
        response.write(true, body, callback);
    }

    /** An HTTP error whose body is a JSON-RPC error (id null unless known), so clients can show the reason. */
    static void error(Response response, Callback callback, int status, JsonValue id, int code, String message) {
        json(response, callback, status, JsonRpc.error(id, code, message, null).json());
    }

    static void accepted(Response response, Callback callback) {
        empty(response, callback, 202);
    }

    static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    /** CORS for browser-based clients on allowed origins (the caller has already validated the origin). */
    static void allowCors(Response response, String origin) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.getHeaders().put(HttpHeader.VARY, "Origin");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Mcp-Session-Id, MCP-Protocol-Version, X-Request-Id");
    }

    static void preflight(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, X-Request-Id, traceparent, tracestate, baggage");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 600);
        empty(response, callback, 204);
    }

    /** True for {@code application/json} with or without parameters (charset). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().equals("application/json");
    }
}
