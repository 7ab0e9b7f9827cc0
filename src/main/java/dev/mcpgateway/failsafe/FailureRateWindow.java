package dev.mcpgateway.failsafe;

import java.util.Arrays;

/**
 * {@code mode: rate}: open when, over the last {@code window} and at least {@code min_calls}
 * calls, the share of failures reaches {@code failure_rate} or the share of calls slower than
 * {@code slow_call_duration} reaches {@code slow_call_rate}. The window slides in ten buckets, so
 * a call leaves it between 90% and 100% of {@code window} after it ended. For high-volume
 * backends, where a few failures in a row mean little.
 */
final class FailureRateWindow implements TripRule {

    private static final int BUCKETS = 10;

    private final long windowNanos;
    private final long bucketNanos;
    private final int minCalls;
    private final double failureRate;
    private final long slowNanos;
    private final double slowRate;
    // Guarded by the breaker's lock.
    private final long[] epochs = new long[BUCKETS];
    private final int[] calls = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];
    private final int[] slow = new int[BUCKETS];
    /** Written under the breaker's lock; read without it. */
    private volatile int consecutive;

    FailureRateWindow(long windowNanos, int minCalls, double failureRate, long slowCallNanos, double slowCallRate) {
        this.windowNanos = windowNanos;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        this.minCalls = minCalls;
        this.failureRate = failureRate;
        this.slowNanos = slowCallNanos;
        this.slowRate = slowCallRate;
        Arrays.fill(epochs, Long.MIN_VALUE);
    }

    @Override
    public boolean successIsNoop() {
        return false; // every call counts towards the rates
    }

    @Override
    public String onSuccess(long nowNanos, long durationNanos) {
        consecutive = 0;
        add(nowNanos, false, durationNanos);
        return evaluate(nowNanos);
    }

    @Override
    public String onFailure(long nowNanos, long durationNanos) {
        consecutive = consecutive + 1;
        add(nowNanos, true, durationNanos);
        return evaluate(nowNanos);
    }

    private void add(long now, boolean failed, long durationNanos) {
        long epoch = Math.floorDiv(now, bucketNanos);
        int i = (int) Math.floorMod(epoch, (long) BUCKETS);
        if (epochs[i] != epoch) {
            epochs[i] = epoch;
            calls[i] = 0;
            failures[i] = 0;
            slow[i] = 0;
        }
        calls[i]++;
        if (failed) {
            failures[i]++;
        }
        if (durationNanos >= slowNanos) {
            slow[i]++;
        }
    }

    private String evaluate(long now) {
        long epoch = Math.floorDiv(now, bucketNanos);
        int total = 0;
        int failed = 0;
        int slowCalls = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (epochs[i] > epoch - BUCKETS && epochs[i] <= epoch) {
                total += calls[i];
                failed += failures[i];
                slowCalls += slow[i];
            }
        }
        if (total < minCalls) {
            return null;
        }
        String window = HumanDuration.nanos(windowNanos);
        if (failed >= failureRate * total) {
            return percent(failed, total) + " of the last " + total + " calls failed (in " + window + "; threshold "
                    + percent(failureRate) + ")";
        }
        if (slowCalls >= slowRate * total) {
            return percent(slowCalls, total) + " of the last " + total + " calls took longer than " + HumanDuration.nanos(slowNanos)
                    + " (in " + window + "; threshold " + percent(slowRate) + ")";
        }
        return null;
    }

    private static String percent(int part, int whole) {
        return Math.round(100.0 * part / whole) + "%";
    }

    private static String percent(double rate) {
        return Math.round(100 * rate) + "%";
    }

    @Override
    public void reset(long nowNanos) {
        Arrays.fill(epochs, Long.MIN_VALUE);
        consecutive = 0;
    }

    @Override
    public int consecutiveFailures() {
        return consecutive;
    }
}
