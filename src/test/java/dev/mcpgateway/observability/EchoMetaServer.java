package dev.mcpgateway.observability;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny MCP server for trace-propagation tests: tool {@code echo_meta} answers with the
 * {@code params._meta} it received (as the text of its result), tool {@code fail} answers with a
 * JSON-RPC internal error. Run as a stdio child with {@link #main}, or behind {@link EchoMetaHttpServer}.
 */
final class EchoMetaServer {

    private EchoMetaServer() {}

    /** The answer to {@code message}, or null for notifications. */
    static JsonRpcResponse answer(JsonRpcMessage message) {
        if (!(message instanceof JsonRpcRequest request)) {
            return null;
        }
        return switch (request.method()) {
            case "initialize" -> {
                String version = request.params() == null ? null : request.params().getString("protocolVersion");
                yield JsonRpc.result(request.id(), new JsonWriter(256).beginObject()
                        .member("protocolVersion", version == null ? "2025-11-25" : version)
                        .name("capabilities").beginObject().name("tools").beginObject().endObject().endObject()
                        .name("serverInfo").beginObject().member("name", "echo-meta").member("version", "1").endObject()
                        .endObject().toJsonValue());
            }
            case "ping" -> JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
            case "tools/list" -> JsonRpc.result(request.id(), JsonValue.parse(
                    "{\"tools\":[{\"name\":\"echo_meta\",\"inputSchema\":{\"type\":\"object\"}},"
                            + "{\"name\":\"fail\",\"inputSchema\":{\"type\":\"object\"}}]}"));
            case "tools/call" -> {
                String name = request.params().getString("name");
                if ("fail".equals(name)) {
                    yield JsonRpc.error(request.id(), -32603, "boom", null);
                }
                JsonValue meta = request.meta();
                yield JsonRpc.result(request.id(), new JsonWriter(256).beginObject()
                        .name("content").beginArray().beginObject().member("type", "text")
                        .member("text", meta == null ? "{}" : meta.toString()).endObject().endArray()
                        .endObject().toJsonValue());
            }
            default -> JsonRpc.error(request.id(), -32601, "Method not found: " + request.method(), null);
        };
    }

    /** Serves MCP over stdin/stdout, one JSON message per line. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonRpcResponse response = answer(JsonRpc.parseMessage(line.getBytes(StandardCharsets.UTF_8)));
            if (response != null) {
                out.println(response.json());
            }
        }
    }
}
