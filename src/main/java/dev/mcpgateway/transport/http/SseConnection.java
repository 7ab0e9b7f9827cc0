package dev.mcpgateway.transport.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP response streaming {@code text/event-stream}, writable from any thread.
 *
 * <p>Jetty allows one write at a time per response, so events queue here and each write is
 * started by the completion of the previous one: no thread waits on a slow client. Headers go out
 * the moment the connection opens (a client must not wait for the first event to learn that the
 * stream exists).
 *
 * <p>When a write fails (the client went away) the connection is <em>broken</em>: its listeners
 * run once and later writes are refused.
 */
final class SseConnection {

    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback completion;

    /** Guarded by this. */
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final List<Consumer<Throwable>> brokenListeners = new ArrayList<>();
    private boolean writing;
    private boolean ending;
    private boolean finished;
    private Throwable broken;

    private SseConnection(Response response, Callback completion) {
        this.response = response;
        this.completion = completion;
    }

    /** Starts an SSE response and flushes its headers; {@code completion} is Jetty's callback for the exchange. */
    static SseConnection open(Response response, Callback completion) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
        response.getHeaders().put("X-Accel-Buffering", "no");
        SseConnection connection = new SseConnection(response, completion);
        connection.write(new byte[0]);
        return connection;
    }

    /** Queues bytes (whole SSE events); false if the connection is broken or ending. */
    boolean write(byte[] event) {
        synchronized (this) {
            if (broken != null || ending) {
                return false;
            }
            queue.add(ByteBuffer.wrap(event));
        }
        writeNext();
        return true;
    }

    /** An SSE comment: keeps proxies from timing the stream out, and finds dead clients. */
    boolean keepAlive() {
        return write(KEEP_ALIVE);
    }

    /** Runs {@code listener} once if the connection breaks (at once if it already has). */
    void onBroken(Consumer<Throwable> listener) {
        Throwable already;
        synchronized (this) {
            already = broken;
            if (already == null) {
                if (!finished) {
                    brokenListeners.add(listener);
                }
                return;
            }
        }
        listener.accept(already);
    }

    /** Jetty reported that the connection failed while nothing was being written. */
    void fail(Throwable cause) {
        markBroken(cause);
    }

    boolean isOpen() {
        synchronized (this) {
            return broken == null && !ending;
        }
    }

    /** Ends the response once every queued event is written. Idempotent. */
    void close() {
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
        }
        writeNext();
    }

    private void writeNext() {
        ByteBuffer next;
        boolean last;
        synchronized (this) {
            if (writing || finished || broken != null) {
                return;
            }
            next = queue.poll();
            last = next == null && ending;
            if (next == null && !last) {
                return;
            }
            writing = true;
            finished = last;
        }
        if (last) {
            response.write(true, ByteBuffer.allocate(0), Callback.from(completion::succeeded, completion::failed));
        } else {
            response.write(false, next, Callback.from(this::written, this::markBroken));
        }
    }

    private void written() {
        synchronized (this) {
            writing = false;
        }
        writeNext();
    }

    private void markBroken(Throwable cause) {
        List<Consumer<Throwable>> listeners;
        synchronized (this) {
            writing = false;
            if (broken != null || finished) {
                return;
            }
            broken = cause;
            finished = true;
            queue.clear();
            listeners = List.copyOf(brokenListeners);
            brokenListeners.clear();
        }
        completion.failed(cause);
        for (Consumer<Throwable> listener : listeners) {
            listener.accept(cause);
        }
    }
}
