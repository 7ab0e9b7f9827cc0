package dev.mcpgateway.observability;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.config.ServerConfig;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The health, readiness and status endpoints, their status codes and what they show. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthEndpointsTest {

    private final FakeBackends fakes = new FakeBackends();
    private Gateway gateway;
    private HttpGatewayClient client;

    private void start(GatewayConfig config) throws Exception {
        gateway = Gateway.start(config, fakes, true, Telemetry.disabled());
        gateway.awaitStartup(Duration.ofSeconds(5));
        client = new HttpGatewayClient(gateway.http().mcpUrl());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.get(gateway.http().adminUrl() + path);
    }

    private static JsonValue json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JsonValue.parse(response.body());
    }

    @Test
    void withEveryBackendUpTheGatewayIsLiveReadyAndHealthy() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo")).add("beta", new FakeMcpServer("beta").echoTool("echo"));
        start(TestConfigs.flat(backend("alpha"), backend("beta")));

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).getString("status")).isEqualTo("ready");
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonValue body = json(health);
        assertThat(body.getString("status")).isEqualTo("healthy");
        assertThat(body.get("healthy_backends").asLong()).isEqualTo(2);
        assertThat(body.get("backends").get("alpha").get("healthy").isTrue()).isTrue();
        assertThat(body.get("backends").get("alpha").getString("circuit_state")).isEqualTo("closed");
    }

    @Test
    void oneBackendDownIsDegradedButStill200AndAllDownIs503() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo")).failStarts("beta", 1000);
        start(TestConfigs.flat(backend("alpha"), backend("beta")));

        HttpResponse<String> degraded = get("/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(json(degraded).getString("status")).isEqualTo("degraded");
        assertThat(json(degraded).get("backends").get("beta").getString("status")).isEqualTo("unavailable");
        gateway.shutdown(Duration.ofSeconds(1));
        gateway = null;

        fakes.failStarts("alpha", 1000);
        start(TestConfigs.flat(backend("alpha"), backend("beta")));
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).getString("status")).isEqualTo("unhealthy");
        assertThat(get("/health/ready").statusCode()).as("readiness requires no backend by default").isEqualTo(200);
    }

    @Test
    void readinessWaitsForTheBackendsItIsToldToRequire() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo")).failStarts("beta", 1000);
        GatewayConfig config = TestConfigs.flat(backend("alpha"), backend("beta"));
        start(config.withServer(config.server().withReadyRequires(List.of("beta"))));

        HttpResponse<String> notReady = get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonValue body = json(notReady);
        assertThat(body.getString("status")).isEqualTo("not_ready");
        assertThat(body.get("required_backends").getString("beta")).isEqualTo("unhealthy");
        assertThat(body.get("reasons").elements().getFirst().asString()).isEqualTo("backend `beta` is not healthy");
    }

    @Test
    void readinessWithTheWildcardNeedsEveryEnabledBackend() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo")).add("beta", new FakeMcpServer("beta").echoTool("echo"));
        GatewayConfig config = TestConfigs.flat(backend("alpha"), backend("beta"));
        start(config.withServer(config.server().withReadyRequires(List.of(ServerConfig.ALL_BACKENDS))));
        JsonValue body = json(get("/health/ready"));
        assertThat(body.getString("status")).isEqualTo("ready");
        assertThat(body.get("required_backends").memberNames()).containsExactly("alpha", "beta");
    }

    @Test
    void aGatewayThatIsShuttingDownIsNeitherReadyNorHealthy() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        start(TestConfigs.flat(backend("alpha")));
        String admin = gateway.http().adminUrl();
        Thread stopping = Thread.ofVirtual().start(() -> gateway.shutdown(Duration.ofSeconds(5)));
        // a request in flight keeps the gateway draining for a moment; readiness must already say no
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                return client.get(admin + "/health/ready").statusCode() == 503;
            } catch (Exception e) {
                return true; // the listener is already gone: not ready either
            }
        });
        stopping.join();
        gateway = null;
    }

    @Test
    void healthBackendsShowsEachBackendsFigures() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo")).failStarts("beta", 1000);
        start(TestConfigs.flat(backend("alpha"), backend("beta")));
        client.initialize().callTool(1, "alpha__echo");

        JsonValue backends = json(get("/health/backends"));
        assertThat(backends.memberNames()).containsExactly("alpha", "beta");
        JsonValue alpha = backends.get("alpha");
        assertThat(alpha.memberNames()).contains("backend", "transport", "healthy", "circuit", "request_count", "success_count",
                "failure_count", "consecutive_failures", "in_flight", "queued", "last_success", "last_failure", "restarts");
        assertThat(alpha.get("request_count").asLong()).isEqualTo(1);
        assertThat(alpha.get("success_count").asLong()).isEqualTo(1);
        assertThat(alpha.get("circuit").getString("state")).isEqualTo("closed");
        assertThat(backends.get("beta").get("healthy").isTrue()).isFalse();
        assertThat(backends.get("beta").getString("last_error")).contains("connection refused");
    }

    @Test
    void apiStatusHasVersionUptimeSessionsAndPerBackendState() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        start(TestConfigs.flat(backend("alpha")));
        client.initialize().callTool(1, "alpha__echo");

        JsonValue status = json(get("/api/status"));
        assertThat(status.getString("version")).isNotBlank();
        assertThat(status.get("uptime_seconds").asLong()).isNotNegative();
        assertThat(status.get("sessions").get("active").asLong()).isEqualTo(1);
        JsonValue alpha = status.get("backends").elements().getFirst();
        assertThat(alpha.getString("name")).isEqualTo("alpha");
        assertThat(alpha.get("healthy").isTrue()).isTrue();
        assertThat(alpha.getString("circuit_state")).isEqualTo("closed");
        assertThat(alpha.get("request_count").asLong()).isEqualTo(1);
    }

    @Test
    void onlyGetIsAllowedOnTheOperatorEndpoints() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        start(TestConfigs.flat(backend("alpha")));
        assertThat(client.post("{}").statusCode()).isNotEqualTo(405); // /mcp still takes POST
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(gateway.http().adminUrl() + "/metrics")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void everyResponseCarriesARequestIdKeptFromTheCallerWhenItIsValid() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        start(TestConfigs.flat(backend("alpha")));
        assertThat(client.get(gateway.http().adminUrl() + "/health", "X-Request-Id", "abc-123").headers().firstValue("X-Request-Id"))
                .contains("abc-123");
        assertThat(client.get(gateway.http().adminUrl() + "/health", "X-Request-Id", "bad id\u00e9").headers().firstValue("X-Request-Id")
                .orElseThrow()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        HttpResponse<String> mcp = client.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}", "X-Request-Id", "client-42");
        assertThat(mcp.headers().firstValue("X-Request-Id")).contains("client-42");
        assertThat(client.get(gateway.http().adminUrl() + "/nowhere").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void withAnAdminPortTheOperatorEndpointsLeaveTheMcpPort() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        GatewayConfig config = TestConfigs.flat(backend("alpha"));
        start(config.withServer(config.server().withAdminPort(OptionalInt.of(0))));
        int mcpPort = gateway.http().port();
        int adminPort = gateway.http().adminPort();
        assertThat(adminPort).isPositive().isNotEqualTo(mcpPort);
        String mcpBase = "http://127.0.0.1:" + mcpPort;
        String adminBase = "http://127.0.0.1:" + adminPort;

        for (String path : List.of("/metrics", "/health", "/health/live", "/health/ready", "/health/backends", "/api/status")) {
            assertThat(client.get(mcpBase + path).statusCode()).as("%s on the MCP port", path).isEqualTo(404);
            assertThat(client.get(adminBase + path).statusCode()).as("%s on the admin port", path).isEqualTo(200);
        }
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).as("MCP stays on its port").isEqualTo(400);
        var onAdmin = new HttpGatewayClient(adminBase + "/mcp");
        assertThat(onAdmin.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).as("no MCP on the admin port").isEqualTo(404);
        onAdmin.close();
    }

    @Test
    void aStdioGatewayWithAnAdminPortServesOnlyTheOperatorEndpoints() throws Exception {
        fakes.add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        GatewayConfig config = TestConfigs.flat(backend("alpha"));
        gateway = Gateway.start(config.withServer(config.server().withAdminPort(OptionalInt.of(0))), fakes, false, Telemetry.disabled());
        gateway.awaitStartup(Duration.ofSeconds(5));
        client = new HttpGatewayClient("http://127.0.0.1:1/mcp");
        assertThat(gateway.http().port()).isEqualTo(-1);
        String admin = gateway.http().adminUrl();
        assertThat(client.get(admin + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(client.get(admin + "/metrics").body()).contains("mcp_gateway_backend_healthy{backend=\"alpha\"} 1.0");
        assertThat(client.get(admin + "/mcp").statusCode()).isEqualTo(404);
    }
}
