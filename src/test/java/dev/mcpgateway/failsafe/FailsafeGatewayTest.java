package dev.mcpgateway.failsafe;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.FailureMode;
import dev.mcpgateway.config.HealthCheckConfig;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestClient;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failsafe as clients see it, through an in-process gateway with fake backends. */
class FailsafeGatewayTest {

    private final FakeBackends fakes = new FakeBackends();
    private final List<TestClient> clients = new ArrayList<>();
    private Gateway gateway;

    private final FakeMcpServer alpha = new FakeMcpServer("alpha")
            .echoTool("echo")
            .tool("{\"name\":\"broken\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true}}", call -> {
                throw new FakeMcpServer.ToolFailure(-32603, "database down");
            })
            .prompt("{\"name\":\"greet\"}");
    private final FakeMcpServer beta = new FakeMcpServer("beta").echoTool("search");

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    /** Opens after 3 failures, closes after 1 trial, no retries, and the given changes. */
    private static FailsafeConfig failsafe(Duration resetTimeout) {
        return TestConfigs.FAILSAFE
                .withCircuitBreaker(new CircuitBreakerConfig(true, 3, 1, resetTimeout, resetTimeout.multipliedBy(4), BreakerMode.CONSECUTIVE,
                        Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0))
                .withRetry(RetryConfig.DEFAULTS.withEnabled(false))
                .withHealthCheck(HealthCheckConfig.DEFAULTS.withEnabled(false));
    }

    private static FailsafeConfig with(FailsafeConfig f, FailureMode mode, boolean hide) {
        return new FailsafeConfig(f.circuitBreaker(), f.retry(), f.rateLimit(), f.concurrency(), f.timeout(), f.healthCheck(),
                f.retryToolCalls(), mode, hide, f.countInternalErrorsAsFailures());
    }

    private void start(TransportFactory transports, BackendConfig... backends) throws Exception {
        gateway = Gateway.start(TestConfigs.flat(backends), transports, false);
        gateway.awaitStartup(Duration.ofSeconds(5));
    }

    private void startAlphaAndBeta(FailsafeConfig alphaFailsafe) throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(fakes, backend("alpha").withFailsafe(alphaFailsafe), backend("beta"));
    }

    private TestClient client() {
        TestClient client = TestClient.connect(gateway.dispatcher(), gateway.sessions(), "{}");
        clients.add(client);
        return client;
    }

    private static List<String> names(JsonRpcResponse response, String field) {
        return response.result().get(field).elements().stream().map(v -> v.getString("name")).toList();
    }

    private void breakAlpha(TestClient client) {
        for (int i = 0; i < 3; i++) {
            client.request("tools/call", "{\"name\":\"alpha__broken\"}");
        }
    }

    @Test
    void aToolCallToAnOpenCircuitGetsAToolErrorSayingWhyAndWhenToRetry() throws Exception {
        startAlphaAndBeta(failsafe(Duration.ofMinutes(1)));
        TestClient client = client();
        breakAlpha(client);
        JsonRpcResponse rejected = client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}");
        JsonValue result = rejected.result();
        assertThat(result.get("isError").isTrue()).isTrue();
        assertThat(result.get("content").elements().getFirst().getString("text")).startsWith(
                "backend `alpha` is unavailable: circuit open after 3 consecutive failures (last: JSON-RPC error -32603: database down);"
                        + " retry in ");
        JsonValue meta = result.get("_meta");
        assertThat(meta.getString("backend")).isEqualTo("alpha");
        assertThat(meta.getString("reason")).isEqualTo("circuit_open");
        assertThat(meta.get("retry_after_ms").asLong()).isBetween(50_000L, 60_000L);
        assertThat(alpha.receivedRequests("tools/call")).hasSize(3);
        // the other backend is untouched
        assertThat(client.request("tools/call", "{\"name\":\"beta__search\",\"arguments\":{}}").result().get("isError")).isNull();
    }

    @Test
    void gatewayInvokeGetsTheSameToolErrorAndOtherMethodsAJsonRpcErrorWithTheReasonsCode() throws Exception {
        startAlphaAndBeta(failsafe(Duration.ofMinutes(1)));
        TestClient client = client();
        breakAlpha(client);
        JsonRpcResponse invoked = client.request("tools/call",
                "{\"name\":\"gateway_invoke\",\"arguments\":{\"server\":\"alpha\",\"tool\":\"echo\",\"arguments\":{}}}");
        assertThat(invoked.result().get("_meta").getString("reason")).isEqualTo("circuit_open");
        JsonRpcResponse prompt = client.request("prompts/get", "{\"name\":\"alpha__greet\"}");
        assertThat(prompt.errorCode()).isEqualTo(-32012);
        assertThat(prompt.errorMessage()).startsWith("backend `alpha` is unavailable: circuit open after 3 consecutive failures");
        JsonValue data = prompt.error().get("data");
        assertThat(data.getString("backend")).isEqualTo("alpha");
        assertThat(data.getString("reason")).isEqualTo("circuit_open");
        assertThat(data.get("retry_after_ms").asLong()).isPositive();
    }

    @Test
    void gatewayListServersShowsTransportStateHealthCircuitAndToolCount() throws Exception {
        startAlphaAndBeta(failsafe(Duration.ofMinutes(1)));
        TestClient client = client();
        client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}");
        breakAlpha(client);
        JsonValue servers = client.request("gateway_list_servers", null).result().get("servers");
        JsonValue a = servers.elements().get(0);
        assertThat(a.getString("name")).isEqualTo("alpha");
        assertThat(a.getString("transport")).isEqualTo("stdio");
        assertThat(a.getString("status")).isEqualTo("ready");
        assertThat(a.get("tools").asLong()).isEqualTo(2);
        assertThat(a.get("health").get("healthy").isTrue()).isFalse();
        assertThat(a.get("health").get("consecutive_failures").asLong()).isEqualTo(3);
        assertThat(a.get("health").getString("last_success")).endsWith("Z");
        assertThat(a.get("health").get("latency").get("count").asLong()).isEqualTo(4);
        assertThat(a.get("circuit").getString("state")).isEqualTo("open");
        assertThat(a.get("circuit").get("retry_after_ms").asLong()).isPositive();
        assertThat(a.get("circuit").get("trips_count").asLong()).isEqualTo(1);
        assertThat(a.get("restarts").asLong()).isZero();
        JsonValue b = servers.elements().get(1);
        assertThat(b.get("health").get("healthy").isTrue()).isTrue();
        assertThat(b.get("circuit").getString("state")).isEqualTo("closed");
        assertThat(gateway.failsafe().health()).extracting(HealthMetrics::backend).containsExactly("alpha", "beta");
        HealthMetrics alphaHealth = gateway.failsafe().health("alpha").orElseThrow();
        assertThat(alphaHealth.successCount()).isEqualTo(1);
        assertThat(alphaHealth.failureCount()).isEqualTo(3);
        assertThat(alphaHealth.circuit().tripsCount()).isEqualTo(1);
    }

    @Test
    void anUnavailableBackendsLastKnownToolsStayListedByDefault() throws Exception {
        startAlphaAndBeta(failsafe(Duration.ofMinutes(1)));
        TestClient client = client();
        breakAlpha(client);
        assertThat(names(client.request("tools/list", null), "tools")).containsExactly("alpha__echo", "alpha__broken", "beta__search");
    }

    @Test
    void hideUnavailableToolsHidesThemWhileTheCircuitIsOpenAndTellsClients() throws Exception {
        startAlphaAndBeta(with(failsafe(Duration.ofMillis(500)), FailureMode.FAIL_OPEN, true));
        TestClient client = client();
        breakAlpha(client);
        assertThat(names(client.request("tools/list", null), "tools")).containsExactly("beta__search");
        assertThat(names(client.request("prompts/list", null), "prompts")).isEmpty();
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}").errorMessage()).startsWith("Unknown tool");
        client.awaitOutOfBand(m -> m instanceof JsonRpcNotification n && n.method().equals("notifications/tools/list_changed"));
        int notified = client.outOfBand().size();
        // once the open time is over the circuit would let a trial call through: the tools are back, and clients are told
        await().atMost(Duration.ofSeconds(5)).until(() -> client.outOfBand().size() > notified);
        assertThat(names(client.request("tools/list", null), "tools")).containsExactly("alpha__echo", "alpha__broken", "beta__search");
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}").result().get("isError")).isNull();
        assertThat(gateway.failsafe().health("alpha").orElseThrow().circuit().state()).isEqualTo(CircuitState.CLOSED);
    }

    private Backend alphaBackend() {
        return gateway.backends().getFirst();
    }

    @Test
    void failClosedMakesAggregatedListsFailWhileTheBackendCannotServe() throws Exception {
        startAlphaAndBeta(with(failsafe(Duration.ofMinutes(1)), FailureMode.FAIL_CLOSED, false));
        TestClient client = client();
        assertThat(client.request("tools/list", null).isError()).isFalse();
        breakAlpha(client);
        JsonRpcResponse list = client.request("tools/list", null);
        assertThat(list.errorCode()).isEqualTo(-32012);
        assertThat(list.errorMessage()).startsWith("backend `alpha` is unavailable and required (failure_mode: fail_closed): circuit open after 3");
        assertThat(list.error().get("data").getString("reason")).isEqualTo("circuit_open");
        assertThat(client.request("resources/list", null).errorCode()).isEqualTo(-32012);
        JsonRpcResponse search = client.request("tools/call", "{\"name\":\"gateway_search_tools\",\"arguments\":{\"query\":\"echo\"}}");
        assertThat(search.result().get("isError").isTrue()).isTrue();
        // calls to other backends and the server list still work
        assertThat(client.request("tools/call", "{\"name\":\"beta__search\",\"arguments\":{}}").result().get("isError")).isNull();
        assertThat(client.request("gateway_list_servers", null).isError()).isFalse();
    }

    @Test
    void aBackendThatStopsAnsweringIsRestartedByItsHealthCheck() throws Exception {
        fakes.add("alpha", alpha);
        WedgeableBackends transports = new WedgeableBackends(fakes);
        FailsafeConfig checked = failsafe(Duration.ofMinutes(1))
                .withHealthCheck(new HealthCheckConfig(true, Duration.ofMillis(200), Duration.ofMillis(100), 1));
        start(transports, backend("alpha").withFailsafe(checked));
        TestClient client = client();
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}").result().get("isError")).isNull();
        List<String> restarts = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateway.failsafe().addListener(new FailsafeListener() {
            @Override
            public void onRestarted(String backend, String cause) {
                restarts.add(backend + ": " + cause);
            }
        });
        WedgeableBackends.Wedgeable hung = transports.latest();
        hung.wedge();
        await().atMost(Duration.ofSeconds(10)).until(() -> transports.created().size() == 2 && alphaBackend().status() == Backend.Status.READY);
        assertThat(hung.isClosed()).isTrue();
        assertThat(alphaBackend().restarts()).isEqualTo(1);
        assertThat(restarts).singleElement().asString().startsWith("alpha: health check failed: did not answer ping within 100 ms");
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}").result().get("isError")).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.failsafe().health("alpha").orElseThrow().healthy());
    }

    @Test
    void healthChecksNeverPileUpOneAtATimePerBackend() throws Exception {
        fakes.add("alpha", alpha);
        WedgeableBackends transports = new WedgeableBackends(fakes);
        start(transports, backend("alpha").withFailsafe(failsafe(Duration.ofMinutes(1))
                .withHealthCheck(new HealthCheckConfig(false, Duration.ofSeconds(10), Duration.ofSeconds(5), 3))));
        WedgeableBackends.Wedgeable connection = transports.latest();
        connection.delayPings(500);
        BackendGuard guard = gateway.failsafe().guardFor(alphaBackend());
        for (int i = 0; i < 20; i++) {
            guard.checkHealth(); // as a timer firing far faster than the server answers
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.failsafe().health("alpha").orElseThrow().lastSuccess() != null);
        assertThat(connection.pings()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> { // once it is done, the next check runs
            guard.checkHealth();
            return connection.pings() >= 2;
        });
    }

    @Test
    void aSuccessfulHealthCheckLetsAnOpenCircuitTryAgainBeforeItsOpenTimeIsOver() throws Exception {
        fakes.add("alpha", alpha);
        FailsafeConfig checked = failsafe(Duration.ofMinutes(10))
                .withHealthCheck(new HealthCheckConfig(true, Duration.ofMillis(200), Duration.ofMillis(150), 3));
        start(fakes, backend("alpha").withFailsafe(checked));
        TestClient client = client();
        breakAlpha(client);
        assertThat(gateway.failsafe().health("alpha").orElseThrow().circuit().state()).isEqualTo(CircuitState.OPEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.failsafe().health("alpha").orElseThrow().circuit().state()
                == CircuitState.HALF_OPEN);
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}").result().get("isError")).isNull();
        assertThat(gateway.failsafe().health("alpha").orElseThrow().circuit().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aProgramThatCannotBeFoundIsReportedClearlyAndNeverRetried() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        dev.mcpgateway.BackendTransports real = new dev.mcpgateway.BackendTransports();
        TransportFactory counting = config -> {
            starts.incrementAndGet();
            return real.create(config);
        };
        BackendConfig missing = BackendConfig.stdio("ghost", List.of("no-such-mcp-server-4711")).withFailsafe(failsafe(Duration.ofSeconds(1)));
        start(counting, missing);
        Backend ghost = gateway.backends().getFirst();
        assertThat(ghost.status()).isEqualTo(Backend.Status.FAILED);
        TestClient client = client();
        JsonRpcResponse call = client.request("tools/list", null);
        assertThat(call.isError()).isFalse(); // lists never fail because one backend is down
        JsonValue server = client.request("gateway_list_servers", null).result().get("servers").elements().getFirst();
        assertThat(server.getString("status")).isEqualTo("failed");
        assertThat(server.getString("error")).contains("\"no-such-mcp-server-4711\" was not found");
        JsonRpcResponse invoked = client.request("tools/call",
                "{\"name\":\"gateway_invoke\",\"arguments\":{\"server\":\"ghost\",\"tool\":\"x\",\"arguments\":{}}}");
        assertThat(invoked.isError() || invoked.result().get("isError") != null).isTrue();
        Thread.sleep(1500); // longer than the first reconnect backoff
        assertThat(starts.get()).isEqualTo(1);
        real.close();
    }

    @Test
    void aPermanentFailureFailsCallsAtOnceWithBackendUnavailable() throws Exception {
        BackendConfig missing = BackendConfig.stdio("ghost", List.of("no-such-mcp-server-4711")).withFailsafe(failsafe(Duration.ofSeconds(1)));
        dev.mcpgateway.BackendTransports real = new dev.mcpgateway.BackendTransports();
        start(real, missing);
        UpstreamException e = org.assertj.core.api.Assertions.catchThrowableOfType(UpstreamException.class,
                () -> gateway.backends().getFirst().call(null, dev.mcpgateway.jsonrpc.JsonRpc.request(JsonValue.number(1), "tools/list", null),
                        dev.mcpgateway.backend.CallOptions.internal(Duration.ofSeconds(1))));
        assertThat(e).isInstanceOf(dev.mcpgateway.backend.PermanentFailureException.class)
                .hasMessageContaining("not retried: fix the configuration, then restart the gateway");
        assertThat(dev.mcpgateway.routing.GatewayErrors.classify(e).wireName()).isEqualTo("backend_unavailable");
        real.close();
    }
}
