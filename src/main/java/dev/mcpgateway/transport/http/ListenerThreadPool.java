package dev.mcpgateway.transport.http;

import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's thread pool: Jetty's, with one hand-off taken out.
 *
 * <p>When an HTTP/1.1 response completes on a thread other than the one that read its request,
 * which is how every proxied call completes (the backend's answer arrives on the HTTP client's
 * selector thread or a stdio reader), Jetty resumes the connection by submitting it to this pool:
 * a pool thread is woken only to find no next request yet and to register read interest. At light
 * load that wake-up was about a quarter of the context switches per call and a tenth of the
 * gateway's CPU time (docs/benchmarks.md). When the server's handlers are non-blocking (the
 * gateway's are: whatever may block moves to a virtual thread, which is also why Jetty runs them
 * on its selector threads), the connection is resumed on the completing thread instead. Not
 * nested: a resume that starts inside another one goes to the pool, so stacks stay shallow.
 */
final class ListenerThreadPool extends QueuedThreadPool {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerThreadPool.class);
    private static final ThreadLocal<Boolean> RESUMING = new ThreadLocal<>();

    ListenerThreadPool(int maxThreads, int minThreads) {
        super(maxThreads, minThreads);
    }

    @Override
    public void execute(Runnable task) {
        if (task instanceof HttpConnection connection && RESUMING.get() == null && isRunning() && nonBlocking(connection)) {
            RESUMING.set(Boolean.TRUE);
            try {
                connection.run();
            } catch (RuntimeException | Error e) {
                // as the pool would: the connection's failure is logged, not thrown into the thread that completed the response
                LOG.warn("resuming {} failed", connection, e);
            } finally {
                RESUMING.remove();
            }
            return;
        }
        super.execute(task);
    }

    private static boolean nonBlocking(HttpConnection connection) {
        return connection.getServer().getInvocationType() == Invocable.InvocationType.NON_BLOCKING;
    }
}
