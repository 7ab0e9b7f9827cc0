package dev.mcpgateway.failsafe;

import static dev.mcpgateway.failsafe.ItGateway.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.ConcurrencyConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.RateLimitConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.GatewayErrors.Reason;
import dev.mcpgateway.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One backend that hangs or is rate limited never hurts the others; its rejections say why. */
class HangingBackendIT {

    private static final Duration HUNG_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final Leaks leaks = new Leaks();
    private ItGateway it;

    private static int platformThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).count();
    }

    @Test
    void aHangingBackendDoesNotSlowCallsToAHealthyOneUnderConcurrentLoad() throws Exception {
        FailsafeConfig bulkhead = ItGateway.quiet().withCircuitBreaker(ItGateway.quiet().circuitBreaker().withEnabled(false))
                .withConcurrency(new ConcurrencyConfig(true, 4, 4)).withTimeout(HUNG_TIMEOUT);
        it = leaks.closing(new ItGateway(
                BackendConfig.stdio("hung", DemoServers.stdio("--hang-after", "0")).withFailsafe(bulkhead),
                BackendConfig.stdio("fast", DemoServers.stdio()).withFailsafe(ItGateway.quiet())));
        TestClient hungClient = it.client();
        TestClient fastClient = it.client();
        assertThat(outcome(fastClient.request("tools/call", "{\"name\":\"fast__echo\",\"arguments\":{\"message\":\"warm\"}}")))
                .isEqualTo("ok");
        int threadsBefore = platformThreads();

        List<CompletableFuture<TestClient.Exchange>> hung = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hung.add(hungClient.start(JsonValue.number(10_000 + i), "tools/call",
                    "{\"name\":\"hung__echo\",\"arguments\":{\"message\":\"" + i + "\"}}"));
        }
        List<CompletableFuture<TestClient.Exchange>> fast = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fast.add(fastClient.start(JsonValue.number(20_000 + i), "tools/call",
                    "{\"name\":\"fast__echo\",\"arguments\":{\"message\":\"" + i + "\"}}"));
        }
        CompletableFuture.allOf(fast.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long hungStillWaiting = hung.stream().filter(f -> !f.isDone()).count();
        int threadsUnderLoad = platformThreads();

        assertThat(fast).allSatisfy(f -> assertThat(outcome(f.join().response())).isEqualTo("ok"));
        // every fast call was answered while the hung calls (in flight and queued) still waited for their timeout
        assertThat(hungStillWaiting).isEqualTo(8);
        // waiting calls are parked virtual threads, not platform threads
        assertThat(threadsUnderLoad - threadsBefore).isLessThan(5);

        CompletableFuture.allOf(hung.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Map<String, Long> outcomes = hung.stream().map(f -> outcome(f.join().response()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes.keySet()).containsAnyOf("timeout", "overloaded").isSubsetOf("timeout", "overloaded");
        assertThat(outcomes.get("overloaded")).isGreaterThanOrEqualTo(22);
        assertThat(it.health("hung").rejected(Reason.OVERLOADED)).isGreaterThanOrEqualTo(22);
        assertThat(it.health("fast").failureCount()).isZero();
        HealthMetrics fastHealth = it.health("fast");
        System.err.printf("fast backend under load: p50 %.2f ms, p99 %.2f ms over %d calls%n", fastHealth.latencyWindow().p50Ms(),
                fastHealth.latencyWindow().p99Ms(), fastHealth.latencyWindow().count());
    }

    @Test
    void overloadAndRateLimitRejectionsCarryTheirReasonAndWhenToRetry() throws Exception {
        FailsafeConfig limited = ItGateway.quiet().withRateLimit(new RateLimitConfig(true, 2, 3));
        FailsafeConfig noQueue = ItGateway.quiet().withConcurrency(new ConcurrencyConfig(true, 1, 0));
        it = leaks.closing(new ItGateway(
                BackendConfig.stdio("limited", DemoServers.stdio()).withFailsafe(limited),
                BackendConfig.stdio("narrow", DemoServers.stdio()).withFailsafe(noQueue)));
        TestClient client = it.client();
        List<JsonRpcResponse> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(client.request("tools/call", "{\"name\":\"limited__echo\",\"arguments\":{\"message\":\"" + i + "\"}}"));
        }
        assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(outcome(r)).isEqualTo("ok"));
        List<JsonRpcResponse> limitedAnswers = answers.stream().filter(r -> outcome(r).equals("rate_limited")).toList();
        assertThat(limitedAnswers).isNotEmpty();
        JsonValue meta = limitedAnswers.getFirst().result().get("_meta");
        assertThat(meta.getString("backend")).isEqualTo("limited");
        assertThat(meta.get("retry_after_ms").asLong()).isBetween(1L, 500L);
        assertThat(ItGateway.text(limitedAnswers.getFirst())).startsWith("backend `limited` is rate limited by the gateway (2.0 calls/s, burst 3)");
        JsonRpcResponse read = client.request("resources/read", "{\"uri\":\"demo://config\"}");
        if (read.isError()) { // unless a token came back meanwhile: then the read went through
            assertThat(read.errorCode()).isEqualTo(-32013);
            assertThat(read.error().get("data").getString("reason")).isEqualTo("rate_limited");
        }
        assertThat(it.health("limited").circuit().state()).isEqualTo(CircuitState.CLOSED);

        CompletableFuture<TestClient.Exchange> slow = client.start(JsonValue.number(500), "tools/call",
                "{\"name\":\"narrow__slow\",\"arguments\":{\"duration_ms\":3000,\"steps\":1}}");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> it.health("narrow").inFlight() == 1);
        JsonRpcResponse overloaded = client.request("tools/call", "{\"name\":\"narrow__echo\",\"arguments\":{\"message\":\"x\"}}");
        assertThat(outcome(overloaded)).isEqualTo("overloaded");
        assertThat(ItGateway.text(overloaded)).isEqualTo("backend `narrow` is overloaded: 1 calls in flight and 0 waiting (its limits);"
                + " try again later");
        assertThat(outcome(slow.get(30, TimeUnit.SECONDS).response())).isEqualTo("ok");
        assertThat(it.health("narrow").circuit().state()).isEqualTo(CircuitState.CLOSED);
    }
}
