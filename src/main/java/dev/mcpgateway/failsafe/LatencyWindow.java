package dev.mcpgateway.failsafe;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency percentiles of one backend's calls, over a sliding window (the last 60 s by default) and
 * since start, from HdrHistogram.
 *
 * <p>Callers record into {@link Recorder}s (a few, spread by thread), which are wait-free for
 * writers: recording never blocks and allocates nothing. The reader side (rotation and snapshots, a few times a minute) moves what
 * was recorded into one of six slots, each covering a sixth of the window, and into the since-start
 * histogram; it runs under this object's monitor, which writers never take. The window is exact to
 * one slot: values count in the slot of the rotation that collected them, so rotations are
 * scheduled once per slot.
 */
final class LatencyWindow {

    static final int SLOTS = 6;
    /** Values are microseconds: one microsecond to one hour at two significant digits (1% precision). */
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 2;

    private final long slotNanos;
    private final long windowMillis;
    /**
     * Writers are spread over a few recorders by thread, since one recorder's counters are shared
     * cache lines that concurrent callers would otherwise fight over: one per core, up to four
     * (a power of two). Each costs about 100 KB.
     */
    private static final int STRIPES = Integer.highestOneBit(Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4));
    private static final int STRIPE_SHIFT = 64 - Integer.numberOfTrailingZeros(STRIPES);

    private final Recorder[] recorders = new Recorder[STRIPES];
    // Guarded by this.
    private final Histogram[] slots = new Histogram[SLOTS];
    private final long[] slotEpochs = new long[SLOTS];
    private final Histogram sinceStart = histogram();
    private final Histogram merged = histogram();
    private final Histogram interval = histogram();

    LatencyWindow(long windowNanos) {
        this.slotNanos = Math.max(1, windowNanos / SLOTS);
        this.windowMillis = windowNanos / 1_000_000;
        for (int i = 0; i < STRIPES; i++) {
            recorders[i] = new Recorder(1, HIGHEST_MICROS, DIGITS);
        }
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = histogram();
            slotEpochs[i] = Long.MIN_VALUE;
        }
    }

    private static Histogram histogram() {
        return new Histogram(1, HIGHEST_MICROS, DIGITS);
    }

    long slotNanos() {
        return slotNanos;
    }

    /** Records one call's duration. Wait-free. */
    void record(long durationNanos) {
        long micros = durationNanos / 1000;
        // Fibonacci hashing of the thread id picks the stripe (ids are sequential; their top bits would all be equal).
        int stripe = STRIPES == 1 ? 0 : (int) ((Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L) >>> STRIPE_SHIFT);
        recorders[stripe].recordValue(micros < 0 ? 0 : Math.min(micros, HIGHEST_MICROS));
    }

    /** Moves what was recorded since the last rotation into the window slot of {@code nowNanos}. */
    synchronized void rotate(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, slotNanos);
        int i = (int) Math.floorMod(epoch, (long) SLOTS);
        if (slotEpochs[i] != epoch) {
            slots[i].reset();
            slotEpochs[i] = epoch;
        }
        for (Recorder recorder : recorders) {
            recorder.getIntervalHistogramInto(interval);
            if (interval.getTotalCount() > 0) {
                slots[i].add(interval);
                sinceStart.add(interval);
            }
        }
    }

    /** Percentiles over the window ending at {@code nowNanos}. */
    synchronized HealthMetrics.Latency window(long nowNanos) {
        rotate(nowNanos);
        long epoch = Math.floorDiv(nowNanos, slotNanos);
        merged.reset();
        for (int i = 0; i < SLOTS; i++) {
            if (slotEpochs[i] > epoch - SLOTS && slotEpochs[i] <= epoch) {
                merged.add(slots[i]);
            }
        }
        return percentiles(merged, windowMillis);
    }

    /** Percentiles of every call since start (as of the last rotation). */
    synchronized HealthMetrics.Latency sinceStart(long nowNanos) {
        rotate(nowNanos);
        return percentiles(sinceStart, 0);
    }

    private static HealthMetrics.Latency percentiles(Histogram h, long windowMillis) {
        long count = h.getTotalCount();
        if (count == 0) {
            return new HealthMetrics.Latency(windowMillis, 0, 0, 0, 0);
        }
        return new HealthMetrics.Latency(windowMillis, count, millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(95)),
                millis(h.getValueAtPercentile(99)));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
