package dev.mcpgateway.config;

/** A token bucket in front of each backend ({@code failsafe.rate_limit}). */
public record RateLimitConfig(boolean enabled, double requestsPerSecond, int burstSize) {

    public static final RateLimitConfig DEFAULTS = new RateLimitConfig(true, 100, 50);

    public RateLimitConfig {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requests_per_second must be greater than 0, got " + requestsPerSecond);
        }
        Require.atLeast("burst_size", burstSize, 1);
    }

    public RateLimitConfig withEnabled(boolean enabled) {
        return new RateLimitConfig(enabled, requestsPerSecond, burstSize);
    }
}
