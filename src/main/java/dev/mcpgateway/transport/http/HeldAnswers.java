package dev.mcpgateway.transport.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Releases held answer streams ({@link SseConnection#openHeld}) once their hold time is over, so a
 * slow call's client gets the stream's headers and priming event after {@link #HOLD}, not only
 * with the answer.
 *
 * <p>One platform thread serves every connection, and it is built to wake rarely: each wake-up
 * costs a context switch, and most holds end with a quick answer. Holds all last the same time,
 * so the queue is in deadline order. On each wake-up the thread drops the answered holds from the
 * head (due or not) and releases the due ones, then sleeps until the first hold still waiting is
 * due. With nothing left it lingers one hold time before parking for good, so while calls keep
 * coming it wakes about once per hold time, however many there are, and {@link #hold} only has
 * to unpark a parked thread after a quiet spell.
 */
final class HeldAnswers implements AutoCloseable {

    /**
     * How long an answer stream waits for its answer before its headers go out. Short enough
     * that no client notices; long enough for a fast backend's answer to make it a JSON reply.
     */
    static final Duration HOLD = Duration.ofMillis(10);

    /** What the thread needs of a held connection. */
    interface Holdable {
        /** False once answered, written to or broken: nothing left to release. */
        boolean stillHeld();

        /** Starts the stream with what was held; a no-op if no longer held. */
        void release();
    }

    private record Held(Holdable connection, long dueNanos) {}

    private final long holdNanos;
    private final ConcurrentLinkedQueue<Held> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    HeldAnswers() {
        this(HOLD);
    }

    HeldAnswers(Duration hold) {
        this.holdNanos = hold.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("sse-held-answers").start(this::run);
    }

    void hold(Holdable connection) {
        queue.add(new Held(connection, System.nanoTime() + holdNanos));
        if (parked.get()) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closed) {
            Held waiting = releaseDue(System.nanoTime());
            if (waiting != null) {
                LockSupport.parkNanos(this, waiting.dueNanos() - System.nanoTime());
                continue;
            }
            LockSupport.parkNanos(this, holdNanos); // linger: the next hold needs no unpark
            if (queue.isEmpty()) {
                parked.set(true);
                if (queue.isEmpty() && !closed) { // a hold() after the set sees parked and unparks
                    LockSupport.park(this);
                }
                parked.set(false);
            }
        }
    }

    /** Drops answered holds and releases due ones from the head; returns the first hold still waiting, or null. */
    private Held releaseDue(long now) {
        for (Held head; (head = queue.peek()) != null; queue.poll()) {
            if (!head.connection().stillHeld()) {
                continue;
            }
            if (head.dueNanos() - now > 0) {
                return head;
            }
            release(head);
        }
        return null;
    }

    private static void release(Held held) {
        try {
            held.connection().release();
        } catch (RuntimeException e) {
            // a connection that fails to start writing is broken; its listeners handle that
        }
    }

    /** Stops the thread; connections still held are released at once. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        for (Held held; (held = queue.poll()) != null; ) {
            release(held);
        }
    }
}
