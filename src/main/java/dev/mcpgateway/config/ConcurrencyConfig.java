package dev.mcpgateway.config;

/**
 * A bulkhead per backend ({@code failsafe.concurrency}): at most {@code maxInFlight} calls at once,
 * at most {@code maxQueued} more waiting (0 = reject at once when full).
 */
public record ConcurrencyConfig(boolean enabled, int maxInFlight, int maxQueued) {

    public static final ConcurrencyConfig DEFAULTS = new ConcurrencyConfig(true, 64, 256);

    public ConcurrencyConfig {
        Require.atLeast("max_in_flight", maxInFlight, 1);
        Require.atLeast("max_queued", maxQueued, 0);
    }

    public ConcurrencyConfig withEnabled(boolean enabled) {
        return new ConcurrencyConfig(enabled, maxInFlight, maxQueued);
    }
}
