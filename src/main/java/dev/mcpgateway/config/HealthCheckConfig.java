package dev.mcpgateway.config;

import java.time.Duration;

/**
 * Active health probes ({@code failsafe.health_check}): one every {@code interval}, each allowed
 * {@code timeout}; {@code unhealthyThreshold} failed probes in a row mark the backend unhealthy.
 * The timeout must be shorter than the interval so that a hung probe cannot overlap the next.
 */
public record HealthCheckConfig(boolean enabled, Duration interval, Duration timeout, int unhealthyThreshold) {

    public static final HealthCheckConfig DEFAULTS =
            new HealthCheckConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(5), 3);

    public HealthCheckConfig {
        Require.positive("interval", interval);
        Require.positive("timeout", timeout);
        if (timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("timeout (" + Durations.format(timeout)
                    + ") must be shorter than interval (" + Durations.format(interval) + ")");
        }
        Require.atLeast("unhealthy_threshold", unhealthyThreshold, 1);
    }

    public HealthCheckConfig withEnabled(boolean enabled) {
        return new HealthCheckConfig(enabled, interval, timeout, unhealthyThreshold);
    }
}
