package dev.mcpgateway.failsafe;

import dev.mcpgateway.config.Jitter;
import dev.mcpgateway.config.RetryConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a retry: {@code initial_backoff * multiplier^(n-1)} for the n-th retry,
 * capped at {@code max_backoff}, then randomised by {@code jitter} (full: anywhere from 0 to that;
 * equal: from half of it to all of it; none: exactly that), so callers that failed together do not
 * come back together.
 */
final class RetryBackoff {

    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final Jitter jitter;
    private final DoubleSupplier random;

    RetryBackoff(RetryConfig config) {
        this(config, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1) */
    RetryBackoff(RetryConfig config, DoubleSupplier random) {
        this.initialNanos = config.initialBackoff().toNanos();
        this.maxNanos = config.maxBackoff().toNanos();
        this.multiplier = config.multiplier();
        this.jitter = config.jitter();
        this.random = random;
    }

    /** The capped, not yet randomised backoff before retry {@code retry} (1 = the first retry). */
    long ceilingNanos(int retry) {
        double backoff = initialNanos * Math.pow(multiplier, Math.max(0, retry - 1));
        return backoff >= maxNanos ? maxNanos : (long) backoff;
    }

    /** The wait before retry {@code retry} (1 = the first retry). */
    long delayNanos(int retry) {
        long ceiling = ceilingNanos(retry);
        return switch (jitter) {
            case NONE -> ceiling;
            case FULL -> (long) (ceiling * random.getAsDouble());
            case EQUAL -> ceiling / 2 + (long) ((ceiling - ceiling / 2) * random.getAsDouble());
        };
    }
}
