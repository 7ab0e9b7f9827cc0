package dev.mcpgateway.transport.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Releases held answer streams ({@link SseConnection#openHeld}) once their hold time is over, so a
 * slow call's client gets the stream's headers and priming event after at most
 * {@link #HOLD} (plus {@link #GRANULARITY}), not only with the answer.
 *
 * <p>One platform thread serves every connection. Holds all last the same time, so the queue is
 * in deadline order and only its head needs looking at; the thread sleeps until the head is due,
 * but at least {@link #GRANULARITY}, so a busy server wakes it a few hundred times a second at
 * most, and parks for good while nothing is held. Holding costs a queue insertion; an answered
 * connection simply ignores its later release.
 */
final class HeldAnswers implements AutoCloseable {

    /**
     * How long an answer stream waits for its answer before its headers go out. Short enough
     * that no client notices; long enough for a fast backend's answer to make it a JSON reply.
     */
    static final Duration HOLD = Duration.ofMillis(10);
    static final Duration GRANULARITY = Duration.ofMillis(2);

    private record Held(SseConnection connection, long dueNanos) {}

    private final long holdNanos;
    private final ConcurrentLinkedQueue<Held> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean idle = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    HeldAnswers() {
        this(HOLD);
    }

    HeldAnswers(Duration hold) {
        this.holdNanos = hold.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("sse-held-answers").start(this::run);
    }

    void hold(SseConnection connection) {
        queue.add(new Held(connection, System.nanoTime() + holdNanos));
        if (idle.get()) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long granularity = GRANULARITY.toNanos();
        while (!closed) {
            Held head = queue.peek();
            if (head == null) {
                idle.set(true);
                if (queue.peek() == null && !closed) {
                    LockSupport.park(this);
                }
                idle.set(false);
                continue;
            }
            long now = System.nanoTime();
            while (head != null && head.dueNanos() - now <= 0) {
                queue.poll();
                try {
                    head.connection().release();
                } catch (RuntimeException e) {
                    // a connection that fails to start writing is broken; its listeners handle that
                }
                head = queue.peek();
            }
            long sleep = head == null ? granularity : Math.max(granularity, head.dueNanos() - now);
            LockSupport.parkNanos(this, sleep);
        }
    }

    /** Stops the thread; connections still held are released at once. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        for (Held held; (held = queue.poll()) != null; ) {
            held.connection().release();
        }
    }
}
