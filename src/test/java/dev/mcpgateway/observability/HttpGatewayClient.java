package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP to a running gateway: MCP POSTs with chosen headers, and GETs of the operator endpoints. */
final class HttpGatewayClient implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI mcp;
    private String session;

    HttpGatewayClient(String mcpUrl) {
        this.mcp = URI.create(mcpUrl);
    }

    /** Initializes a session (answers JSON, no streams). */
    HttpGatewayClient initialize(String... headers) throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"obs-test\",\"version\":\"1\"}}}", headers);
        assertThat(response.statusCode()).isEqualTo(200);
        session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);
        return this;
    }

    String session() {
        return session;
    }

    /** POSTs one message to /mcp, accepting JSON only (so every answer is a plain JSON body). */
    HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A tools/call; returns the JSON-RPC answer. */
    JsonValue callTool(int id, String name, String... headers) throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name
                + "\",\"arguments\":{}}}", headers);
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonValue.parse(response.body());
    }

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        http.close();
    }
}
