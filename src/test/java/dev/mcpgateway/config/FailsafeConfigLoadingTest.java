package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailsafeConfigLoadingTest {

    private final Configs configs = new Configs();

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        FailsafeConfig f = FailsafeConfig.DEFAULTS;
        assertThat(f.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(true, 5, 3, Duration.ofSeconds(30),
                Duration.ofMinutes(5), BreakerMode.CONSECUTIVE, Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0));
        assertThat(f.retry()).isEqualTo(new RetryConfig(true, 3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0,
                Jitter.FULL, 0.2));
        assertThat(f.rateLimit()).isEqualTo(new RateLimitConfig(true, 100, 50));
        assertThat(f.concurrency()).isEqualTo(new ConcurrencyConfig(true, 64, 256));
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.healthCheck()).isEqualTo(new HealthCheckConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(5), 3));
        assertThat(f.retryToolCalls()).isFalse();
        assertThat(f.failureMode()).isEqualTo(FailureMode.FAIL_OPEN);
        assertThat(f.hideUnavailableTools()).isFalse();
        assertThat(f.countInternalErrorsAsFailures()).isTrue();
    }

    @Test
    void readsEveryGlobalKey() throws ConfigException {
        FailsafeConfig f = configs.load("""
                failsafe:
                  circuit_breaker: {enabled: false, failure_threshold: 7, success_threshold: 2, reset_timeout: 10s,
                                    max_reset_timeout: 1m, mode: rate, window: 30s, min_calls: 5, failure_rate: 0.25,
                                    slow_call_duration: 2s, slow_call_rate: 0.75}
                  retry: {enabled: false, max_attempts: 5, initial_backoff: 50ms, max_backoff: 2s, multiplier: 1.5,
                          jitter: equal, budget_ratio: 0.1}
                  rate_limit: {enabled: false, requests_per_second: 2.5, burst_size: 5}
                  concurrency: {enabled: false, max_in_flight: 8, max_queued: 0}
                  timeout: 1m
                  health_check: {enabled: false, interval: 1m, timeout: 59s, unhealthy_threshold: 1}
                  retry_tool_calls: true
                  failure_mode: fail_closed
                  hide_unavailable_tools: true
                  count_internal_errors_as_failures: false
                """).failsafe();
        assertThat(f).isEqualTo(new FailsafeConfig(
                new CircuitBreakerConfig(false, 7, 2, Duration.ofSeconds(10), Duration.ofMinutes(1), BreakerMode.RATE,
                        Duration.ofSeconds(30), 5, 0.25, Duration.ofSeconds(2), 0.75),
                new RetryConfig(false, 5, Duration.ofMillis(50), Duration.ofSeconds(2), 1.5, Jitter.EQUAL, 0.1),
                new RateLimitConfig(false, 2.5, 5),
                new ConcurrencyConfig(false, 8, 0),
                Duration.ofMinutes(1),
                new HealthCheckConfig(false, Duration.ofMinutes(1), Duration.ofSeconds(59), 1),
                true, FailureMode.FAIL_CLOSED, true, false));
    }

    @Test
    void aBackendsFailsafeIsMergedOverTheGlobalOneKeyByKey() throws ConfigException {
        GatewayConfig config = configs.load("""
                failsafe:
                  circuit_breaker: {failure_threshold: 10, reset_timeout: 1m}
                  retry: {max_attempts: 4}
                  failure_mode: fail_closed
                backends:
                  plain: {command: x}
                  tuned:
                    command: x
                    failsafe:
                      circuit_breaker: {failure_threshold: 2}
                      retry: {enabled: false}
                      rate_limit: {requests_per_second: 5}
                      retry_tool_calls: true
                """);
        FailsafeConfig global = config.failsafe();
        assertThat(config.backends().get("plain").failsafe()).isEqualTo(global);

        FailsafeConfig tuned = config.backends().get("tuned").failsafe();
        assertThat(tuned.circuitBreaker().failureThreshold()).isEqualTo(2);
        assertThat(tuned.circuitBreaker().resetTimeout()).isEqualTo(Duration.ofMinutes(1)); // inherited from global
        assertThat(tuned.circuitBreaker().successThreshold()).isEqualTo(3);                // default
        assertThat(tuned.retry().enabled()).isFalse();
        assertThat(tuned.retry().maxAttempts()).isEqualTo(4);                              // inherited
        assertThat(tuned.rateLimit().requestsPerSecond()).isEqualTo(5);
        assertThat(tuned.rateLimit().burstSize()).isEqualTo(50);
        assertThat(tuned.retryToolCalls()).isTrue();
        assertThat(tuned.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);               // inherited
        assertThat(tuned.healthCheck()).isEqualTo(global.healthCheck());
    }

    @Test
    void nonsenseValuesAreErrorsNamingTheKey() {
        assertThat(configs.problems("""
                failsafe:
                  circuit_breaker: {success_threshold: -1, failure_rate: 0, slow_call_rate: 1.01, window: 0s, min_calls: 0}
                  retry: {max_attempts: 0, multiplier: 0.9, budget_ratio: 2}
                  rate_limit: {requests_per_second: 0, burst_size: 0}
                  concurrency: {max_in_flight: 0, max_queued: -1}
                  health_check: {unhealthy_threshold: 0, interval: 0s}
                """)).containsExactly(
                "gateway.yaml:2:40: failsafe.circuit_breaker.success_threshold: expected an integer of at least 1, got -1",
                "gateway.yaml:2:58: failsafe.circuit_breaker.failure_rate: expected a number greater than 0 and at most 1"
                        + " (e.g. 0.5), got 0",
                "gateway.yaml:2:77: failsafe.circuit_breaker.slow_call_rate: expected a number greater than 0 and at most 1"
                        + " (e.g. 0.5), got 1.01",
                "gateway.yaml:2:91: failsafe.circuit_breaker.window: expected a duration longer than 0, got \"0s\"",
                "gateway.yaml:2:106: failsafe.circuit_breaker.min_calls: expected an integer of at least 1, got 0",
                "gateway.yaml:3:25: failsafe.retry.max_attempts: expected an integer of at least 1, got 0",
                "gateway.yaml:3:40: failsafe.retry.multiplier: expected a number of at least 1, got 0.9",
                "gateway.yaml:3:59: failsafe.retry.budget_ratio: expected a number greater than 0 and at most 1 (e.g. 0.5),"
                        + " got 2",
                "gateway.yaml:4:37: failsafe.rate_limit.requests_per_second: expected a number greater than 0, got 0",
                "gateway.yaml:4:52: failsafe.rate_limit.burst_size: expected an integer of at least 1, got 0",
                "gateway.yaml:5:32: failsafe.concurrency.max_in_flight: expected an integer of at least 1, got 0",
                "gateway.yaml:5:47: failsafe.concurrency.max_queued: expected an integer of at least 0, got -1",
                "gateway.yaml:6:39: failsafe.health_check.unhealthy_threshold: expected an integer of at least 1, got 0",
                "gateway.yaml:6:52: failsafe.health_check.interval: expected a duration longer than 0, got \"0s\"");
    }

    @Test
    void rulesBetweenTwoKeysAreReportedAtTheKeyWritten() {
        assertThat(configs.problems("""
                failsafe:
                  health_check: {interval: 5s, timeout: 5s}
                  retry: {initial_backoff: 2s, max_backoff: 1s}
                  circuit_breaker: {reset_timeout: 10m}
                """)).containsExactly(
                "gateway.yaml:2:41: failsafe.health_check.timeout: must be shorter than interval (5s), got 5s",
                "gateway.yaml:3:45: failsafe.retry.max_backoff: must not be shorter than initial_backoff (2s), got 1s",
                "gateway.yaml:4:36: failsafe.circuit_breaker.reset_timeout: must not be longer than max_reset_timeout (5m),"
                        + " got 10m");
    }

    @Test
    void aBackendOverrideThatBreaksARuleWithAnInheritedValueIsReportedInTheBackend() {
        assertThat(configs.problems("""
                failsafe:
                  health_check: {timeout: 8s, interval: 20s}
                backends:
                  a:
                    command: x
                    failsafe:
                      health_check: {interval: 8s}
                      retry: {max_backoff: 50ms}
                """)).containsExactly(
                "gateway.yaml:7:32: backends.a.failsafe.health_check.interval: must be longer than timeout (8s), got 8s",
                "gateway.yaml:8:28: backends.a.failsafe.retry.max_backoff: must not be shorter than initial_backoff (100ms),"
                        + " got 50ms");
    }

    @Test
    void anInvalidValueDoesNotCauseASecondConfusingError() {
        assertThat(configs.problems("failsafe: {health_check: {interval: soon, timeout: 20s}}")).containsExactly(
                "gateway.yaml:1:37: failsafe.health_check.interval: expected a duration like 100ms, 30s, 5m, 2h or 1m30s,"
                        + " got \"soon\"");
    }

    @Test
    void unknownFailsafeKeysAreErrorsWithSuggestions() {
        assertThat(configs.problems("""
                failsafe:
                  circuit_breaker: {failure_treshold: 3}
                  retyr: {}
                """)).containsExactly(
                "gateway.yaml:2:21: failsafe.circuit_breaker.failure_treshold: unknown key; did you mean \"failure_threshold\"?",
                "gateway.yaml:3:3: failsafe.retyr: unknown key; did you mean \"retry\"?");
    }

    @Test
    void recordsRefuseInconsistentValuesToo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HealthCheckConfig(true, Duration.ofSeconds(1),
                        Duration.ofSeconds(2), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout (2s) must be shorter than interval (1s)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetryConfig(true, 3, Duration.ofSeconds(2),
                        Duration.ofSeconds(1), 2, Jitter.FULL, 0.2))
                .hasMessage("max_backoff (1s) must not be shorter than initial_backoff (2s)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimitConfig(true, 0, 1))
                .hasMessage("requests_per_second must be greater than 0, got 0.0");
    }
}
