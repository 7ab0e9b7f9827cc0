package dev.mcpgateway.failsafe;

import dev.mcpgateway.routing.GatewayErrors;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running health record of one backend: counters, the healthy flag, timestamps and latency.
 *
 * <p>Recording is lock-free and allocation-free (adders, atomics, a wait-free histogram
 * recorder): it runs once per call on the hot path. Concurrently recorded outcomes are
 * linearised by the atomics, so the healthy flag is exact for any order they take; a change of the
 * flag is reported exactly once, by whichever caller flipped it.
 */
final class BackendHealth {

    /** Receives healthy/unhealthy changes; quick, must not throw. */
    interface Changes {
        void healthChanged(boolean healthy, String cause);
    }

    private static final GatewayErrors.Reason[] REJECTION_REASONS = {
        GatewayErrors.Reason.CIRCUIT_OPEN, GatewayErrors.Reason.RATE_LIMITED, GatewayErrors.Reason.OVERLOADED};

    private final FailsafeClock clock;
    private final int unhealthyThreshold;
    private final Changes changes;
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder notCounted = new LongAdder();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder[] rejections = new LongAdder[REJECTION_REASONS.length];
    private final LatencyWindow latency;
    private volatile long lastSuccessMillis = -1;
    private volatile long lastFailureMillis = -1;

    BackendHealth(FailsafeClock clock, int unhealthyThreshold, long latencyWindowNanos, Changes changes) {
        this.clock = clock;
        this.unhealthyThreshold = unhealthyThreshold;
        this.changes = changes;
        this.latency = new LatencyWindow(latencyWindowNanos);
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
    }

    void callStarted() {
        inFlight.incrementAndGet();
    }

    void callEnded() {
        inFlight.decrementAndGet();
    }

    /** A call was answered after {@code durationNanos}. */
    void recordSuccess(long durationNanos) {
        successes.increment();
        latency.record(durationNanos);
        succeeded("a call succeeded");
    }

    /** A call failed after {@code durationNanos}. */
    void recordFailure(long durationNanos, String cause) {
        failures.increment();
        latency.record(durationNanos);
        failed(cause);
    }

    /** A call ended in a way that says nothing about the backend (cancelled, HTTP 429). */
    void recordNotCounted() {
        notCounted.increment();
    }

    /** An active health check passed or failed; it moves health but is not a call. */
    void recordCheck(boolean passed, String cause) {
        if (passed) {
            succeeded("a health check succeeded");
        } else {
            failed(cause);
        }
    }

    void recordRejection(GatewayErrors.Reason reason) {
        for (int i = 0; i < REJECTION_REASONS.length; i++) {
            if (REJECTION_REASONS[i] == reason) {
                rejections[i].increment();
                return;
            }
        }
    }

    private void succeeded(String cause) {
        long now = clock.epochMillis();
        if (lastSuccessMillis != now) {
            lastSuccessMillis = now;
        }
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (!healthy.get() && healthy.compareAndSet(false, true)) {
            changes.healthChanged(true, cause);
        }
    }

    private void failed(String cause) {
        lastFailureMillis = clock.epochMillis();
        int inARow = consecutiveFailures.incrementAndGet();
        if (inARow >= unhealthyThreshold && healthy.get() && healthy.compareAndSet(true, false)) {
            changes.healthChanged(false, inARow + " consecutive failures" + (cause == null ? "" : " (last: " + cause + ")"));
        }
    }

    boolean healthy() {
        return healthy.get();
    }

    int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Moves recorded latencies into the current window slot; called once per slot by the registry's timer. */
    void rotate() {
        latency.rotate(clock.nanoTime());
    }

    long latencySlotNanos() {
        return latency.slotNanos();
    }

    HealthMetrics snapshot(String backend, String transport, CircuitSnapshot circuit, int restarts, int queued) {
        long now = clock.nanoTime();
        Map<GatewayErrors.Reason, Long> rejected = new EnumMap<>(GatewayErrors.Reason.class);
        for (int i = 0; i < REJECTION_REASONS.length; i++) {
            rejected.put(REJECTION_REASONS[i], rejections[i].sum());
        }
        long ok = successes.sum();
        long bad = failures.sum();
        return new HealthMetrics(backend, healthy.get(), ok, bad, consecutiveFailures.get(),
                HealthMetrics.Timestamp.ofEpochMillis(lastSuccessMillis), HealthMetrics.Timestamp.ofEpochMillis(lastFailureMillis),
                latency.window(now), latency.sinceStart(now), ok + bad + notCounted.sum(), inFlight.get(), queued, rejected,
                new HealthMetrics.Circuit(circuit.state(), circuit.retryAfterMs(), circuit.tripsCount()), restarts, transport);
    }
}
