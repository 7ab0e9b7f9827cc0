package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamTransport.Listener;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the transport's listener so that (1) no callback starts after {@link #closeAndAwait()}
 * and none is still running when it returns — the transport contract promises "no listener calls
 * after close returns" — and (2) a listener that throws cannot kill a stream reader.
 *
 * <p>A callback may itself call the transport's {@code close()}: the wait then skips the calling
 * thread's own callback (it would otherwise wait for itself).
 *
 * <p>Locking: {@code lock} guards {@code closed} and {@code active}; callbacks run outside it.
 */
final class GuardedListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final Listener delegate;
    private final String backend;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;
    private int active;
    private boolean closedCallbackDone;

    GuardedListener(Listener delegate, String backend) {
        this.delegate = delegate;
        this.backend = backend;
    }

    @Override
    public void onMessage(JsonRpcMessage message, JsonValue relatedRequestId) {
        if (enter()) {
            try {
                delegate.onMessage(message, relatedRequestId);
            } catch (RuntimeException e) {
                log.warn("backend {}: the listener failed on a message: {}", backend, e.toString(), e);
            } finally {
                exit();
            }
        }
    }

    @Override
    public void onResponseLost(JsonValue requestId, String reason) {
        if (enter()) {
            try {
                delegate.onResponseLost(requestId, reason);
            } catch (RuntimeException e) {
                log.warn("backend {}: the listener failed on a lost response: {}", backend, e.toString(), e);
            } finally {
                exit();
            }
        }
    }

    @Override
    public void onGarbage(String excerpt) {
        if (enter()) {
            try {
                delegate.onGarbage(excerpt);
            } catch (RuntimeException e) {
                log.warn("backend {}: the listener failed on garbage: {}", backend, e.toString(), e);
            } finally {
                exit();
            }
        }
    }

    /** Delivers {@code onClosed} at most once per transport. */
    @Override
    public void onClosed(String reason) {
        lock.lock();
        try {
            if (closedCallbackDone) {
                return;
            }
            closedCallbackDone = true;
        } finally {
            lock.unlock();
        }
        if (enter()) {
            try {
                delegate.onClosed(reason);
            } catch (RuntimeException e) {
                log.warn("backend {}: the listener failed on close: {}", backend, e.toString(), e);
            } finally {
                exit();
            }
        }
    }

    /** Stops all further callbacks and waits for the running ones of other threads to finish. */
    void closeAndAwait() {
        int[] d = depth.get();
        int own = d[0];
        if (own == 0) {
            depth.remove();
        }
        lock.lock();
        try {
            closed = true;
            while (active > own) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean enter() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            active++;
        } finally {
            lock.unlock();
        }
        depth.get()[0]++;
        return true;
    }

    private void exit() {
        int[] d = depth.get();
        d[0]--;
        if (d[0] == 0) {
            depth.remove();
        }
        lock.lock();
        try {
            active--;
            if (active == 0 || closed) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
