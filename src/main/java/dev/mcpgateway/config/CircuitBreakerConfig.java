package dev.mcpgateway.config;

import java.time.Duration;

/**
 * When to stop sending calls to a failing backend ({@code failsafe.circuit_breaker}).
 *
 * <p>In {@link BreakerMode#CONSECUTIVE} mode the breaker opens after {@code failureThreshold}
 * failures in a row; in {@link BreakerMode#RATE} mode when, over the last {@code window} and at
 * least {@code minCalls} calls, the failure rate reaches {@code failureRate} or the share of calls
 * slower than {@code slowCallDuration} reaches {@code slowCallRate}. An open breaker waits
 * {@code resetTimeout} (doubling on each re-open, up to {@code maxResetTimeout}) before letting
 * trial calls through; {@code successThreshold} successful trials close it.
 */
public record CircuitBreakerConfig(
        boolean enabled,
        int failureThreshold,
        int successThreshold,
        Duration resetTimeout,
        Duration maxResetTimeout,
        BreakerMode mode,
        Duration window,
        int minCalls,
        double failureRate,
        Duration slowCallDuration,
        double slowCallRate) {

    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(
            true, 5, 3, Duration.ofSeconds(30), Duration.ofMinutes(5),
            BreakerMode.CONSECUTIVE, Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0);

    public CircuitBreakerConfig {
        Require.atLeast("failure_threshold", failureThreshold, 1);
        Require.atLeast("success_threshold", successThreshold, 1);
        Require.positive("reset_timeout", resetTimeout);
        Require.positive("max_reset_timeout", maxResetTimeout);
        if (maxResetTimeout.compareTo(resetTimeout) < 0) {
            throw new IllegalArgumentException("max_reset_timeout (" + Durations.format(maxResetTimeout)
                    + ") must not be shorter than reset_timeout (" + Durations.format(resetTimeout) + ")");
        }
        Require.notNull("mode", mode);
        Require.positive("window", window);
        Require.atLeast("min_calls", minCalls, 1);
        Require.rate("failure_rate", failureRate);
        Require.positive("slow_call_duration", slowCallDuration);
        Require.rate("slow_call_rate", slowCallRate);
    }

    public CircuitBreakerConfig withEnabled(boolean enabled) {
        return new CircuitBreakerConfig(enabled, failureThreshold, successThreshold, resetTimeout, maxResetTimeout,
                mode, window, minCalls, failureRate, slowCallDuration, slowCallRate);
    }
}
