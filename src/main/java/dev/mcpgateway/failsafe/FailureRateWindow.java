package dev.mcpgateway.failsafe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code mode: rate}: open when, over the last {@code window} and at least {@code min_calls}
 * calls, the share of failures reaches {@code failure_rate} or the share of calls slower than
 * {@code slow_call_duration} reaches {@code slow_call_rate}. The window slides in ten buckets, so
 * a call leaves it between 90% and 100% of {@code window} after it ended. For high-volume
 * backends, where a few failures in a row mean little.
 *
 * <p>Lock-free (atomic counters per bucket), since every call records into it. The one
 * inexactness: a call recorded by one thread while another reuses the same bucket for a new time
 * slice (once per slice) may be lost; rates over many calls do not notice.
 */
final class FailureRateWindow implements TripRule {

    private static final int BUCKETS = 10;
    private static final int CALLS = 0;
    private static final int FAILURES = 1;
    private static final int SLOW = 2;

    private final long windowNanos;
    private final long bucketNanos;
    private final int minCalls;
    private final double failureRate;
    private final long slowNanos;
    private final double slowRate;
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    /** {@code bucket * 3 + CALLS | FAILURES | SLOW}. */
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS * 3);
    private final AtomicInteger consecutive = new AtomicInteger();

    FailureRateWindow(long windowNanos, int minCalls, double failureRate, long slowCallNanos, double slowCallRate) {
        this.windowNanos = windowNanos;
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        this.minCalls = minCalls;
        this.failureRate = failureRate;
        this.slowNanos = slowCallNanos;
        this.slowRate = slowCallRate;
        forget();
    }

    @Override
    public boolean lockFree() {
        return true;
    }

    @Override
    public boolean successIsNoop() {
        return false; // every call counts towards the rates
    }

    @Override
    public String onSuccess(long nowNanos, long durationNanos) {
        if (consecutive.get() != 0) {
            consecutive.set(0);
        }
        add(nowNanos, false, durationNanos);
        return evaluate(nowNanos);
    }

    @Override
    public String onFailure(long nowNanos, long durationNanos) {
        consecutive.incrementAndGet();
        add(nowNanos, true, durationNanos);
        return evaluate(nowNanos);
    }

    private void add(long now, boolean failed, long durationNanos) {
        long epoch = Math.floorDiv(now, bucketNanos);
        int i = (int) Math.floorMod(epoch, (long) BUCKETS);
        long seen = epochs.get(i);
        if (seen < epoch && epochs.compareAndSet(i, seen, epoch)) {
            counts.set(i * 3 + CALLS, 0);
            counts.set(i * 3 + FAILURES, 0);
            counts.set(i * 3 + SLOW, 0);
        }
        counts.incrementAndGet(i * 3 + CALLS);
        if (failed) {
            counts.incrementAndGet(i * 3 + FAILURES);
        }
        if (durationNanos >= slowNanos) {
            counts.incrementAndGet(i * 3 + SLOW);
        }
    }

    private String evaluate(long now) {
        long epoch = Math.floorDiv(now, bucketNanos);
        long total = 0;
        long failed = 0;
        long slowCalls = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long e = epochs.get(i);
            if (e > epoch - BUCKETS && e <= epoch) {
                total += counts.get(i * 3 + CALLS);
                failed += counts.get(i * 3 + FAILURES);
                slowCalls += counts.get(i * 3 + SLOW);
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

    private static String percent(long part, long whole) {
        return Math.round(100.0 * part / whole) + "%";
    }

    private static String percent(double rate) {
        return Math.round(100 * rate) + "%";
    }

    @Override
    public void reset(long nowNanos) {
        forget();
        consecutive.set(0);
    }

    private void forget() {
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, Long.MIN_VALUE);
        }
    }

    @Override
    public int consecutiveFailures() {
        return consecutive.get();
    }
}
