package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.routing.GatewayErrors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BackendHealthTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final BackendHealth health = new BackendHealth(clock, 3, Duration.ofSeconds(60).toNanos(),
            (healthy, cause) -> changes.add(healthy + ": " + cause));

    private HealthMetrics snapshot() {
        return health.snapshot("docs", "streamable_http", new CircuitSnapshot(CircuitState.CLOSED, 0, 0, 0, 0, null), 2, 0);
    }

    @Test
    void becomesUnhealthyAfterTheThresholdOfFailuresInARowAndHealthyAtTheFirstSuccess() {
        health.recordFailure(1_000_000, "a");
        health.recordFailure(1_000_000, "b");
        assertThat(health.healthy()).isTrue();
        health.recordFailure(1_000_000, "c");
        assertThat(health.healthy()).isFalse();
        health.recordFailure(1_000_000, "d");
        health.recordSuccess(1_000_000);
        assertThat(health.healthy()).isTrue();
        assertThat(changes).containsExactly("false: 3 consecutive failures (last: c)", "true: a call succeeded");
    }

    @Test
    void healthChecksMoveHealthButAreNotCalls() {
        health.recordCheck(false, "health check failed: x");
        health.recordCheck(false, "health check failed: y");
        health.recordCheck(false, "health check failed: z");
        assertThat(health.healthy()).isFalse();
        health.recordCheck(true, null);
        assertThat(changes).containsExactly("false: 3 consecutive failures (last: health check failed: z)",
                "true: a health check succeeded");
        HealthMetrics m = snapshot();
        assertThat(m.requestCount()).isZero();
        assertThat(m.lastFailure()).isNotNull();
        assertThat(m.lastSuccess()).isNotNull();
    }

    @Test
    void theSnapshotCarriesCountsTimesLatenciesAndRejections() {
        health.callStarted();
        health.recordSuccess(Duration.ofMillis(10).toNanos());
        clock.advanceMillis(1500);
        health.recordFailure(Duration.ofMillis(30).toNanos(), "boom");
        health.recordNotCounted();
        health.recordRejection(GatewayErrors.Reason.RATE_LIMITED);
        health.recordRejection(GatewayErrors.Reason.RATE_LIMITED);
        health.recordRejection(GatewayErrors.Reason.OVERLOADED);
        HealthMetrics m = snapshot();
        assertThat(m.backend()).isEqualTo("docs");
        assertThat(m.transport()).isEqualTo("streamable_http");
        assertThat(m.successCount()).isEqualTo(1);
        assertThat(m.failureCount()).isEqualTo(1);
        assertThat(m.requestCount()).isEqualTo(3);
        assertThat(m.consecutiveFailures()).isEqualTo(1);
        assertThat(m.inFlight()).isEqualTo(1);
        assertThat(m.restarts()).isEqualTo(2);
        assertThat(m.lastSuccess()).isEqualTo(new HealthMetrics.Timestamp("2026-01-01T00:00:00Z", 1_767_225_600_000L));
        assertThat(m.lastFailure()).isEqualTo(new HealthMetrics.Timestamp("2026-01-01T00:00:01.500Z", 1_767_225_601_500L));
        assertThat(m.rejected(GatewayErrors.Reason.RATE_LIMITED)).isEqualTo(2);
        assertThat(m.rejected(GatewayErrors.Reason.OVERLOADED)).isEqualTo(1);
        assertThat(m.rejected(GatewayErrors.Reason.CIRCUIT_OPEN)).isZero();
        assertThat(m.latencyWindow().count()).isEqualTo(2);
        assertThat(m.latencyWindow().windowMs()).isEqualTo(60_000);
        assertThat(m.latencyWindow().p50Ms()).isBetween(9.9, 10.1);
        assertThat(m.latencyWindow().p99Ms()).isBetween(29.7, 30.3);
        assertThat(m.circuit()).isEqualTo(new HealthMetrics.Circuit(CircuitState.CLOSED, 0, 0));
        assertThat(m.toJson().toString()).contains("\"backend\":\"docs\"", "\"healthy\":true", "\"success_count\":1",
                "\"last_failure\":\"2026-01-01T00:00:01.500Z\"", "\"last_failure_ms\":1767225601500", "\"rate_limited\":2",
                "\"circuit\":{\"state\":\"closed\",\"retry_after_ms\":0,\"trips_count\":0}", "\"restarts\":2");
    }

    @Test
    void theLatencyWindowForgetsOldCallsButSinceStartKeepsThem() {
        for (int i = 0; i < 100; i++) {
            health.recordSuccess(Duration.ofMillis(500).toNanos());
        }
        health.rotate();
        clock.advance(Duration.ofSeconds(30));
        health.rotate();
        for (int i = 0; i < 100; i++) {
            health.recordSuccess(Duration.ofMillis(2).toNanos());
        }
        health.rotate();
        HealthMetrics half = snapshot();
        assertThat(half.latencyWindow().count()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(40));
        HealthMetrics later = snapshot();
        assertThat(later.latencyWindow().count()).isEqualTo(100);
        assertThat(later.latencyWindow().p99Ms()).isLessThan(2.1);
        assertThat(later.latencySinceStart().count()).isEqualTo(200);
        assertThat(later.latencySinceStart().p99Ms()).isGreaterThan(490);
        clock.advance(Duration.ofMinutes(5));
        assertThat(snapshot().latencyWindow().count()).isZero();
    }

    @Test
    void neverRecordedTimestampsAreNull() {
        HealthMetrics m = snapshot();
        assertThat(m.lastSuccess()).isNull();
        assertThat(m.lastFailure()).isNull();
        assertThat(m.toJson().toString()).contains("\"last_success\":null", "\"last_success_ms\":null");
    }
}
