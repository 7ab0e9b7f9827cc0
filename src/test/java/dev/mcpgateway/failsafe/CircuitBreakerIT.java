package dev.mcpgateway.failsafe;

import static dev.mcpgateway.failsafe.ItGateway.outcome;
import static dev.mcpgateway.failsafe.ItGateway.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.TransportKind;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.GatewayErrors.Reason;
import dev.mcpgateway.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The circuit breaker against the real demo server, over stdio and Streamable HTTP, with faults
 * switched on and off at runtime through its {@code demo_faults} tool.
 */
class CircuitBreakerIT {

    private static final int FAILURE_THRESHOLD = 3;
    private static final int SUCCESS_THRESHOLD = 2;

    @RegisterExtension
    final Leaks leaks = new Leaks();
    private DemoServers.Http http;
    private ItGateway it;

    private static FailsafeConfig failsafe() {
        return ItGateway.quiet().withCircuitBreaker(new CircuitBreakerConfig(true, FAILURE_THRESHOLD, SUCCESS_THRESHOLD,
                Duration.ofSeconds(1), Duration.ofSeconds(8), BreakerMode.CONSECUTIVE, Duration.ofSeconds(60), 20, 0.5,
                Duration.ofSeconds(10), 1.0));
    }

    private BackendConfig demo(String transport, FailsafeConfig failsafe) {
        BackendConfig config = switch (transport) {
            case "stdio" -> BackendConfig.stdio("demo", DemoServers.stdio());
            default -> {
                http = leaks.closing(DemoServers.http());
                yield BackendConfig.http("demo", http.endpoint(), TransportKind.STREAMABLE_HTTP);
            }
        };
        return config.withFailsafe(failsafe);
    }

    private static JsonRpcResponse call(TestClient client, String tool, String arguments) {
        return client.request("tools/call", "{\"name\":\"demo__" + tool + "\",\"arguments\":" + arguments + "}");
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"stdio", "http"})
    void opensAfterExactlyNFailuresRejectsWithoutReachingTheBackendLimitsTrialsAndClosesAfterMSuccesses(String transport)
            throws Exception {
        it = leaks.closing(new ItGateway(demo(transport, failsafe())));
        TestClient client = it.client();
        assertThat(outcome(call(client, "demo_faults", "{\"error_rate\":1}"))).isEqualTo("ok");

        for (int i = 1; i <= FAILURE_THRESHOLD; i++) {
            assertThat(it.health("demo").circuit().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(outcome(call(client, "echo", "{\"message\":\"x\"}"))).isEqualTo("rpc:-32603");
        }
        assertThat(it.health("demo").circuit().state()).isEqualTo(CircuitState.OPEN);

        JsonRpcResponse rejected = call(client, "echo", "{\"message\":\"x\"}");
        assertThat(outcome(rejected)).isEqualTo("circuit_open");
        assertThat(text(rejected)).startsWith("backend `demo` is unavailable: circuit open after 3 consecutive failures");
        assertThat(rejected.result().get("_meta").get("retry_after_ms").asLong()).isBetween(1L, 1000L);
        for (int i = 0; i < 20; i++) {
            assertThat(outcome(call(client, "echo", "{\"message\":\"x\"}"))).isEqualTo("circuit_open");
        }
        HealthMetrics open = it.health("demo");
        assertThat(open.rejected(Reason.CIRCUIT_OPEN)).isEqualTo(21);
        assertThat(open.requestCount()).isEqualTo(1 + FAILURE_THRESHOLD); // demo_faults and the failures; nothing while open

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> it.health("demo").circuit().retryAfterMs() == 0);
        // trial 1 of 2: switch the faults off (this also restarts the demo's call count)
        assertThat(outcome(call(client, "demo_faults", "{}"))).isEqualTo("ok");
        assertThat(it.health("demo").circuit().state()).isEqualTo(CircuitState.HALF_OPEN);

        // at most success_threshold trials at once: two slow ones in flight, a third is turned away
        CompletableFuture<TestClient.Exchange> a = client.start(JsonValue.number(1001), "tools/call",
                "{\"name\":\"demo__slow\",\"arguments\":{\"duration_ms\":1500,\"steps\":1}}");
        CompletableFuture<TestClient.Exchange> b = client.start(JsonValue.number(1002), "tools/call",
                "{\"name\":\"demo__slow\",\"arguments\":{\"duration_ms\":1500,\"steps\":1}}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> it.health("demo").inFlight() == 2);
        JsonRpcResponse turnedAway = call(client, "echo", "{\"message\":\"x\"}");
        assertThat(outcome(turnedAway)).isEqualTo("circuit_open");
        assertThat(text(turnedAway)).contains("circuit half-open, 2 trial calls already in flight");
        assertThat(outcome(a.get(30, TimeUnit.SECONDS).response())).isEqualTo("ok");
        assertThat(outcome(b.get(30, TimeUnit.SECONDS).response())).isEqualTo("ok");
        assertThat(it.health("demo").circuit().state()).isEqualTo(CircuitState.CLOSED);

        // the demo saw exactly the two trials since its faults were reset: the rejected call never left the gateway
        JsonRpcResponse config = client.request("resources/read", "{\"uri\":\"demo://config\"}");
        JsonValue state = JsonValue.parse(config.result().get("contents").elements().getFirst().getString("text"));
        assertThat(state.get("tool_calls").asLong()).isEqualTo(2);
        assertThat(outcome(call(client, "echo", "{\"message\":\"back\"}"))).isEqualTo("ok");
        assertThat(it.health("demo").circuit().tripsCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"stdio", "http"})
    void aFailedTrialReopensTheCircuitForTwiceAsLong(String transport) throws Exception {
        it = leaks.closing(new ItGateway(demo(transport, failsafe())));
        TestClient client = it.client();
        call(client, "demo_faults", "{\"error_rate\":1}");
        for (int i = 0; i < FAILURE_THRESHOLD; i++) {
            call(client, "echo", "{\"message\":\"x\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> it.health("demo").circuit().retryAfterMs() == 0);
        assertThat(outcome(call(client, "echo", "{\"message\":\"trial\"}"))).isEqualTo("rpc:-32603");
        HealthMetrics reopened = it.health("demo");
        assertThat(reopened.circuit().state()).isEqualTo(CircuitState.OPEN);
        assertThat(reopened.circuit().retryAfterMs()).isBetween(1001L, 2000L);
        assertThat(reopened.circuit().tripsCount()).isEqualTo(2);
    }
}
