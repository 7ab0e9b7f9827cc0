package dev.mcpgateway.backend.stdio;

import java.util.HashMap;
import java.util.Map;

/**
 * Guards listener callbacks so that none runs after {@code close()} returns, and so that the
 * final {@code onClosed} comes after every message callback has finished.
 *
 * <p>Callbacks may call back into the transport (a listener often closes it from
 * {@code onClosed} or {@code onGarbage}), so waiting ignores callbacks running on the waiting
 * thread itself. All state is guarded by {@code this}.
 */
final class CallbackGate {

    private final Map<Thread, Integer> active = new HashMap<>();
    /** No new ordinary callbacks. */
    private boolean closed;
    /** The owner closed the transport: no callbacks at all, not even the final one. */
    private boolean shut;

    /** Registers a callback about to run; false if callbacks are no longer allowed. */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        active.merge(Thread.currentThread(), 1, Integer::sum);
        return true;
    }

    /**
     * Registers the last callback ({@code onClosed}): refuses further ordinary callbacks, waits
     * for those running on other threads, and returns false if the gate was already closed or is
     * shut meanwhile.
     */
    synchronized boolean enterLast() {
        if (closed) {
            return false;
        }
        closed = true;
        awaitOthers();
        if (shut) {
            return false;
        }
        active.merge(Thread.currentThread(), 1, Integer::sum);
        return true;
    }

    synchronized void exit() {
        Thread me = Thread.currentThread();
        Integer depth = active.get(me);
        if (depth == null) {
            throw new IllegalStateException("exit without enter");
        }
        if (depth == 1) {
            active.remove(me);
        } else {
            active.put(me, depth - 1);
        }
        notifyAll();
    }

    /** Whether the current thread is inside a callback. */
    synchronized boolean isInsideCallback() {
        return active.containsKey(Thread.currentThread());
    }

    /** Refuses every further callback and waits for those running on other threads. */
    synchronized void shut() {
        closed = true;
        shut = true;
        awaitOthers();
    }

    private void awaitOthers() {
        boolean interrupted = false;
        Thread me = Thread.currentThread();
        while (active.size() > (active.containsKey(me) ? 1 : 0)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            me.interrupt();
        }
    }
}
