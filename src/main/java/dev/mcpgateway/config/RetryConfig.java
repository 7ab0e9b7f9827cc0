package dev.mcpgateway.config;

import java.time.Duration;

/**
 * Retrying failed calls ({@code failsafe.retry}). {@code maxAttempts} counts the first attempt
 * (3 = the call plus two retries). Backoff starts at {@code initialBackoff}, grows by
 * {@code multiplier} up to {@code maxBackoff} and is randomised by {@code jitter}.
 * {@code budgetRatio} caps retries at that fraction of recent calls, so a struggling backend is
 * not hit with a multiple of its normal load.
 */
public record RetryConfig(
        boolean enabled,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        Jitter jitter,
        double budgetRatio) {

    public static final RetryConfig DEFAULTS = new RetryConfig(
            true, 3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, Jitter.FULL, 0.2);

    public RetryConfig {
        Require.atLeast("max_attempts", maxAttempts, 1);
        Require.notNegative("initial_backoff", initialBackoff);
        Require.notNegative("max_backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max_backoff (" + Durations.format(maxBackoff)
                    + ") must not be shorter than initial_backoff (" + Durations.format(initialBackoff) + ")");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        Require.notNull("jitter", jitter);
        Require.rate("budget_ratio", budgetRatio);
    }

    public RetryConfig withEnabled(boolean enabled) {
        return new RetryConfig(enabled, maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, budgetRatio);
    }
}
