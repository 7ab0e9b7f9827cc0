package dev.mcpgateway.failsafe;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The concurrency limit of one backend ({@code concurrency}): at most {@code max_in_flight} calls
 * at once and at most {@code max_queued} more waiting, first come first served; beyond that a call
 * is rejected at once. Waiting callers are virtual threads parked on a fair semaphore: a hung
 * backend holds no platform thread and a bounded number of small waiters.
 */
final class Bulkhead {

    /** How a caller fared. */
    enum Entry {
        /** A slot is held; give it back with {@link #leave()}. */
        ENTERED,
        /** {@code max_in_flight} busy and {@code max_queued} already waiting. */
        QUEUE_FULL,
        /** Waited for a slot until the call's time was up. */
        TIMED_OUT,
        /** The client cancelled the call while it waited. */
        CANCELLED
    }

    /** Waiters look at cancellation this often (a parked thread cannot also wait on the client). */
    private static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int maxInFlight;
    private final int maxQueued;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();

    Bulkhead(int maxInFlight, int maxQueued) {
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.slots = new Semaphore(maxInFlight, true);
    }

    /** Takes a free slot if there is one and nobody is waiting for it; never waits. */
    boolean tryEnter() {
        try {
            // tryAcquire(0, ...) honours fairness: with callers already waiting, a newcomer queues behind them.
            return slots.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Takes a slot, waiting up to {@code timeoutNanos} in line if all are busy and the line is not full.
     *
     * @param cancelled polled while waiting
     */
    Entry enter(long timeoutNanos, BooleanSupplier cancelled) {
        try {
            if (tryEnter()) {
                return Entry.ENTERED;
            }
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                return Entry.QUEUE_FULL;
            }
            try {
                long deadline = System.nanoTime() + timeoutNanos;
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Entry.TIMED_OUT;
                    }
                    if (slots.tryAcquire(Math.min(left, CANCEL_CHECK_NANOS), TimeUnit.NANOSECONDS)) {
                        return Entry.ENTERED;
                    }
                    if (cancelled.getAsBoolean()) {
                        return Entry.CANCELLED;
                    }
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Entry.CANCELLED;
        }
    }

    void leave() {
        slots.release();
    }

    int maxInFlight() {
        return maxInFlight;
    }

    int maxQueued() {
        return maxQueued;
    }

    int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    int waiting() {
        return waiting.get();
    }
}
