package dev.mcpgateway.failsafe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit of one backend ({@code rate_limit}): a token bucket holding at most
 * {@code burst_size} tokens, refilled at {@code requests_per_second}; each call takes one.
 *
 * <p>Kept as the generic cell rate algorithm: one atomic "theoretical arrival time" instead of a
 * token count and a refill timestamp, so admission is a single compare-and-set, lock-free and
 * allocation-free, and exactly a token bucket: in any interval of length {@code t} at most
 * {@code burst + t * rate} calls are admitted.
 */
final class TokenBucket {

    private final FailsafeClock clock;
    /** Nanoseconds per token. */
    private final long emissionNanos;
    /** How far ahead of now the arrival time may run: the burst beyond the first token. */
    private final long toleranceNanos;
    private final AtomicLong arrival;

    TokenBucket(FailsafeClock clock, double requestsPerSecond, int burstSize) {
        this.clock = clock;
        this.emissionNanos = Math.max(1, Math.round(1_000_000_000d / requestsPerSecond));
        this.toleranceNanos = tolerance(emissionNanos, burstSize);
        this.arrival = new AtomicLong(clock.nanoTime());
    }

    private static long tolerance(long emissionNanos, int burstSize) {
        try {
            return Math.multiplyExact(emissionNanos, burstSize - 1L);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // a burst of centuries: no limit in practice
        }
    }

    /** Takes a token: 0 if the call may go, else how many nanoseconds until a token is free. */
    long tryAcquire() {
        while (true) {
            // The arrival time first, then the clock: "now" is never older than the arrival time it is
            // compared with, so a thread that was descheduled in between is never falsely refused.
            long tat = arrival.get();
            long now = clock.nanoTime();
            long base = tat - now > 0 ? tat : now;
            long ahead = base - now;
            if (ahead > toleranceNanos) {
                return ahead - toleranceNanos;
            }
            if (arrival.compareAndSet(tat, base + emissionNanos)) {
                return 0;
            }
        }
    }
}
