package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.CallTimeouts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The concurrency limit of one backend ({@code concurrency}): at most {@code max_in_flight} calls
 * at once and at most {@code max_queued} more waiting, first come first served; beyond that a call
 * is rejected at once.
 *
 * <p>Nothing waits on a thread. A call that finds every slot taken gets a place in line (a future);
 * the call that gives a slot back hands it to the first in line and, on its own thread, carries on
 * with that call (which sends it). Before, each waiting call parked a virtual thread on a fair
 * semaphore, and every slot given back woke one: with 256 clients on the default limit of 64 that
 * cost about a fifth of the gateway's CPU per call and a context switch per call more
 * (docs/benchmarks.md, 2026-12-07 seventh set).
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
        /** The caller gave up its place ({@link #cancel}). */
        CANCELLED
    }

    private static final CompletableFuture<Entry> ENTERED_AT_ONCE = CompletableFuture.completedFuture(Entry.ENTERED);
    private static final CompletableFuture<Entry> QUEUE_FULL_AT_ONCE = CompletableFuture.completedFuture(Entry.QUEUE_FULL);

    /** The bulkhead whose line this thread is serving, if any (see {@link #drain}). */
    private static final ThreadLocal<Bulkhead> DRAINING = new ThreadLocal<>();

    private final int maxInFlight;
    private final int maxQueued;
    private final AtomicInteger free;
    /** Places in line not yet settled (entered, timed out or cancelled); what {@code max_queued} bounds. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedQueue<CompletableFuture<Entry>> line = new ConcurrentLinkedQueue<>();

    Bulkhead(int maxInFlight, int maxQueued) {
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.free = new AtomicInteger(maxInFlight);
    }

    /** Takes a free slot if there is one and nobody is waiting for it; never waits. */
    boolean tryEnter() {
        // with callers in line, a newcomer queues behind them
        return waiting.get() == 0 && takeSlot();
    }

    /**
     * Takes a slot, or a place in line if all are busy and the line is not full. The future
     * completes with {@link Entry#ENTERED} once a slot is this caller's (on the thread that gave it
     * back, which then runs what depends on it), or with why not: at once if the line is full,
     * after {@code timeoutNanos} in line, or on {@link #cancel}.
     */
    CompletableFuture<Entry> enter(long timeoutNanos) {
        if (tryEnter()) {
            return ENTERED_AT_ONCE;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            return QUEUE_FULL_AT_ONCE;
        }
        CompletableFuture<Entry> place = new CompletableFuture<>();
        line.add(place);
        CallTimeouts.onTimeout(place, timeoutNanos, () -> settle(place, Entry.TIMED_OUT));
        // a slot given back between tryEnter and joining the line finds nobody yet: look again
        drain();
        return place;
    }

    /** Gives up a place in line taken by {@link #enter}; nothing if it already has a slot (then leave as usual). */
    void cancel(CompletableFuture<Entry> place) {
        settle(place, Entry.CANCELLED);
    }

    void leave() {
        free.incrementAndGet();
        drain();
    }

    /** Ends a wait that did not get a slot; counted out first, as what depends on it runs inside complete. */
    private void settle(CompletableFuture<Entry> place, Entry how) {
        if (place.isDone()) {
            return;
        }
        line.remove(place);
        waiting.decrementAndGet();
        if (!place.complete(how)) {
            waiting.incrementAndGet(); // it got its slot just now, and drain counted it out
        }
    }

    /**
     * Hands free slots to the callers first in line. A handed-over call runs here and may give its
     * slot straight back (it failed before it was sent); that inner {@link #leave} only frees the
     * slot, and this loop hands it on, so the stack does not grow with the line.
     */
    private void drain() {
        if (line.isEmpty()) {
            return;
        }
        Bulkhead outer = DRAINING.get();
        if (outer == this) {
            return;
        }
        DRAINING.set(this);
        try {
            while (!line.isEmpty() && takeSlot()) {
                CompletableFuture<Entry> first = line.poll();
                if (first == null) {
                    free.incrementAndGet(); // someone else emptied the line; whoever joins next looks again
                    return;
                }
                waiting.decrementAndGet();
                if (!first.complete(Entry.ENTERED)) {
                    // it gave up (timeout, cancel) after it left the line; settle counted it out too
                    waiting.incrementAndGet();
                    free.incrementAndGet();
                }
            }
        } finally {
            DRAINING.set(outer);
        }
    }

    private boolean takeSlot() {
        while (true) {
            int slots = free.get();
            if (slots <= 0) {
                return false;
            }
            if (free.compareAndSet(slots, slots - 1)) {
                return true;
            }
        }
    }

    int maxInFlight() {
        return maxInFlight;
    }

    int maxQueued() {
        return maxQueued;
    }

    int inFlight() {
        return maxInFlight - free.get();
    }

    int waiting() {
        return waiting.get();
    }
}
