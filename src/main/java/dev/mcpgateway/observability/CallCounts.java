package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-backend call counts kept by the observability layer itself: what the health endpoints
 * report when no failsafe layer supplies richer figures (no circuit breaker: always
 * {@code closed}; no percentiles).
 *
 * <p>A backend counts as healthy while it is connected ({@code ready}) and fewer than
 * {@value #UNHEALTHY_AFTER} calls in a row have failed. A failure is a call that got no answer
 * (timeout, unreachable, broken connection) or an internal/server error answer; a tool result
 * with {@code isError}, a request the backend calls invalid, and a cancelled call are not.
 *
 * <p>Thread safety: adders and atomics; recording never blocks.
 */
public final class CallCounts implements BackendHealthSource {

    static final int UNHEALTHY_AFTER = 3;

    private final ConcurrentMap<String, Counts> byBackend = new ConcurrentHashMap<>();

    Counts of(String backend) {
        Counts counts = byBackend.get(backend);
        return counts != null ? counts : byBackend.computeIfAbsent(backend, b -> new Counts());
    }

    @Override
    public BackendSnapshot snapshot(Backend backend) {
        Counts c = of(backend.name());
        String status = backend.status().name().toLowerCase(Locale.ROOT);
        boolean healthy = backend.status() == Backend.Status.READY && c.consecutiveFailures.get() < UNHEALTHY_AFTER;
        return new BackendSnapshot(backend.name(), backend.transportName(), status, healthy, BackendSnapshot.CLOSED, 0, 0,
                c.requests.sum(), c.successes.sum(), c.failures.sum(), c.consecutiveFailures.get(), c.inFlight.get(),
                instant(c.lastSuccessMillis), instant(c.lastFailureMillis), null, null, null, Map.of(), backend.restarts(),
                backend.lastError());
    }

    @Override
    public String circuitState(Backend backend) {
        return BackendSnapshot.CLOSED;
    }

    private static Instant instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }

    /** One backend's counters. */
    static final class Counts {
        final AtomicLong inFlight = new AtomicLong();
        final LongAdder requests = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder failures = new LongAdder();
        final AtomicLong consecutiveFailures = new AtomicLong();
        volatile long lastSuccessMillis;
        volatile long lastFailureMillis;

        void started() {
            inFlight.incrementAndGet();
            requests.increment();
        }

        /** {@code failed}: counts against health; {@code neutral}: neither success nor failure (cancelled, caller's mistake). */
        void ended(boolean failed, boolean neutral) {
            inFlight.decrementAndGet();
            if (neutral) {
                return;
            }
            if (failed) {
                failures.increment();
                consecutiveFailures.incrementAndGet();
                lastFailureMillis = System.currentTimeMillis();
            } else {
                successes.increment();
                consecutiveFailures.set(0);
                lastSuccessMillis = System.currentTimeMillis();
            }
        }
    }
}
