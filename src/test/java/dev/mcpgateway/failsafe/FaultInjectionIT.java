package dev.mcpgateway.failsafe;

import static dev.mcpgateway.failsafe.ItGateway.outcome;
import static dev.mcpgateway.failsafe.ItGateway.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.HealthCheckConfig;
import dev.mcpgateway.config.TransportKind;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crashes, garbage, dropped sessions, hangs and slow tools from the demo server, as the failsafe counts and handles them. */
class FaultInjectionIT {

    @RegisterExtension
    final Leaks leaks = new Leaks();
    private DemoServers.Http http;
    private ItGateway it;

    private static FailsafeConfig breaker(FailsafeConfig base, int failures) {
        return base.withCircuitBreaker(new CircuitBreakerConfig(true, failures, 1, Duration.ofMinutes(1), Duration.ofMinutes(5),
                BreakerMode.CONSECUTIVE, Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0));
    }

    private static JsonRpcResponse echo(TestClient client) {
        return client.request("tools/call", "{\"name\":\"demo__echo\",\"arguments\":{\"message\":\"x\"}}");
    }

    private BackendConfig demo(String transport, String... faults) {
        if (transport.equals("stdio")) {
            return BackendConfig.stdio("demo", DemoServers.stdio(faults));
        }
        http = leaks.closing(DemoServers.http(faults));
        return BackendConfig.http("demo", http.endpoint(), TransportKind.STREAMABLE_HTTP);
    }

    @Test
    void aCrashedChildIsAFailureAndIsRestartedOnTheNextCall() throws Exception {
        it = leaks.closing(new ItGateway(demo("stdio", "--crash-after", "2").withFailsafe(breaker(ItGateway.quiet(), 5))));
        List<String> restarts = new CopyOnWriteArrayList<>();
        it.gateway.failsafe().addListener(new FailsafeListener() {
            @Override
            public void onRestarted(String backend, String cause) {
                restarts.add(backend + ": " + cause);
            }
        });
        TestClient client = it.client();
        assertThat(outcome(echo(client))).isEqualTo("ok");
        assertThat(outcome(echo(client))).isEqualTo("ok");
        JsonRpcResponse crashed = echo(client);
        assertThat(outcome(crashed)).isEqualTo("backend_error");
        assertThat(text(crashed)).contains("exited with code 3");
        assertThat(outcome(echo(client))).isEqualTo("ok"); // a new child, started for this call
        HealthMetrics health = it.health("demo");
        assertThat(health.failureCount()).isEqualTo(1);
        assertThat(health.restarts()).isEqualTo(1);
        assertThat(health.circuit().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(restarts).singleElement().asString().startsWith("demo: ").contains("exited with code 3");
    }

    @Test
    void aReadOnlyCallThatMetACrashIsRetriedOnTheRestartedChild() throws Exception {
        it = leaks.closing(new ItGateway(demo("stdio", "--crash-after", "1").withFailsafe(ItGateway.quiet()
                .withRetry(ItGateway.quiet().retry().withEnabled(true)))));
        TestClient client = it.client();
        assertThat(outcome(echo(client))).isEqualTo("ok");
        assertThat(outcome(echo(client))).isEqualTo("ok"); // the crash, then the retry on a new child
        HealthMetrics health = it.health("demo");
        assertThat(health.failureCount()).isEqualTo(1);
        assertThat(health.successCount()).isEqualTo(2);
        assertThat(health.restarts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"stdio", "http"})
    void outputThatIsNotJsonRpcIsAFailure(String transport) throws Exception {
        it = leaks.closing(new ItGateway(demo(transport, "--garbage-after", "0").withFailsafe(breaker(ItGateway.quiet(), 2)
                .withTimeout(Duration.ofSeconds(5)))));
        TestClient client = it.client();
        JsonRpcResponse garbage = echo(client);
        assertThat(outcome(garbage)).isIn("backend_error", "timeout");
        echo(client);
        assertThat(it.health("demo").failureCount()).isEqualTo(2);
        assertThat(it.health("demo").circuit().state()).isEqualTo(CircuitState.OPEN);
        assertThat(outcome(echo(client))).isEqualTo("circuit_open");
    }

    @Test
    void aDroppedHttpSessionIsReinitializedAndIsNotAFailure() throws Exception {
        it = leaks.closing(new ItGateway(demo("http", "--drop-session-after", "1").withFailsafe(breaker(ItGateway.quiet(), 1))));
        TestClient client = it.client();
        assertThat(outcome(echo(client))).isEqualTo("ok");
        assertThat(outcome(echo(client))).isEqualTo("ok"); // 404, re-initialized, repeated (echo is read-only)
        assertThat(outcome(echo(client))).isEqualTo("ok");
        HealthMetrics health = it.health("demo");
        assertThat(health.failureCount()).isZero();
        assertThat(health.circuit().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aWedgedChildIsRestartedByItsHealthCheck() throws Exception {
        FailsafeConfig checked = ItGateway.quiet().withTimeout(Duration.ofSeconds(2))
                .withHealthCheck(new HealthCheckConfig(true, Duration.ofSeconds(1), Duration.ofMillis(500), 1));
        it = leaks.closing(new ItGateway(demo("stdio", "--hang-all-after", "0").withFailsafe(checked)));
        TestClient client = it.client();
        // the call wedges the whole server, pings included: it times out, or fails when the health check restarts the child
        assertThat(outcome(echo(client))).isIn("timeout", "backend_error");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> it.health("demo").restarts() >= 1
                && it.gateway.backends().getFirst().status() == Backend.Status.READY);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> it.health("demo").healthy());
        JsonRpcResponse read = client.request("resources/read", "{\"uri\":\"demo://config\"}");
        assertThat(read.isError()).isFalse();
    }

    @Test
    void aToolsOwnTimeoutAppliesToItAlone() throws Exception {
        BackendConfig demo = demo("stdio").withFailsafe(ItGateway.quiet()).withToolTimeouts(Map.of("slow", Duration.ofMillis(500)));
        it = leaks.closing(new ItGateway(demo));
        TestClient client = it.client();
        JsonRpcResponse slow = client.request("tools/call", "{\"name\":\"demo__slow\",\"arguments\":{\"duration_ms\":5000,\"steps\":1}}");
        assertThat(outcome(slow)).isEqualTo("timeout");
        assertThat(text(slow)).isEqualTo("backend `demo` did not answer tools/call within 500 ms");
        assertThat(outcome(client.request("tools/call", "{\"name\":\"demo__slow\",\"arguments\":{\"duration_ms\":100,\"steps\":1}}")))
                .isEqualTo("ok");
        assertThat(outcome(echo(client))).isEqualTo("ok");
    }
}
