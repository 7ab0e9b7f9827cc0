package dev.mcpgateway.transport.http;

import static org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING;

import dev.mcpgateway.jsonrpc.JsonValue;
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
 *
 * <p>An answer stream may be opened <em>held</em> ({@link #openHeld}): nothing goes on the wire
 * until the first real event, the end of the stream, or {@link HeldAnswers} releasing it after a
 * few milliseconds, whichever comes first. The priming event waits with it ({@link #hold}). An
 * answer that comes within that time can then go out as one plain JSON reply
 * ({@link #answerAsJson}) instead of headers, priming event, event and end of stream written one
 * after the other: four writes (and four reads at the client) become one.
 */
final class SseConnection implements HeldAnswers.Holdable {

    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback completion;

    /** Guarded by this. */
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final List<Consumer<Throwable>> brokenListeners = new ArrayList<>();
    private boolean writing;
    /** Nothing may be written yet (held answer stream); see {@link #openHeld}. */
    private boolean held;
    /** The SSE status and headers are set (they go out with the first write). */
    private boolean started;
    private boolean ending;
    private boolean finished;
    private Throwable broken;

    private SseConnection(Response response, Callback completion) {
        this.response = response;
        this.completion = completion;
    }

    /** Starts an SSE response and flushes its headers; {@code completion} is Jetty's callback for the exchange. */
    static SseConnection open(Response response, Callback completion) {
        SseConnection connection = new SseConnection(response, completion);
        connection.write(new byte[0]);
        return connection;
    }

    /**
     * Starts an answer stream that writes nothing until its first event (other than what is
     * {@linkplain #hold held}), its end, or {@code holder} releasing it; until then it may still be
     * {@linkplain #answerAsJson answered as JSON}.
     */
    static SseConnection openHeld(Response response, Callback completion, HeldAnswers holder) {
        SseConnection connection = new SseConnection(response, completion);
        connection.held = true;
        holder.hold(connection);
        return connection;
    }

    /** Queues bytes that may wait while the connection is held (the priming event); written like any event otherwise. */
    boolean hold(byte[] event) {
        synchronized (this) {
            if (broken != null || ending) {
                return false;
            }
            queue.add(ByteBuffer.wrap(event));
            if (held) {
                return true;
            }
        }
        writeNext();
        return true;
    }

    @Override
    public synchronized boolean stillHeld() {
        return held;
    }

    /** Ends the hold: what is queued is written, with the SSE headers (at once if nothing is queued). No-op if not held. */
    @Override
    public void release() {
        synchronized (this) {
            if (!held) {
                return;
            }
            held = false;
            if (queue.isEmpty()) {
                queue.add(ByteBuffer.allocate(0));
            }
        }
        writeNext();
    }

    /**
     * Answers with {@code json} as a complete {@code application/json} response instead of an
     * event stream, if nothing has been written yet (still held, not broken or ending). What was
     * held (the priming event) is dropped: there is no stream to resume. False if too late.
     */
    boolean answerAsJson(JsonValue json) {
        synchronized (this) {
            if (!held || broken != null || ending) {
                return false;
            }
            held = false;
            started = true;
            ending = true;
            finished = true;
            writing = true;
            queue.clear();
            brokenListeners.clear();
        }
        HttpReplies.json(response, Callback.from(NON_BLOCKING, completion::succeeded, completion::failed), 200, json);
        return true;
    }

    /** Queues bytes (whole SSE events); false if the connection is broken or ending. */
    boolean write(byte[] event) {
        synchronized (this) {
            if (broken != null || ending) {
                return false;
            }
            queue.add(ByteBuffer.wrap(event));
            held = false;
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
            held = false;
        }
        writeNext();
    }

    private void writeNext() {
        ByteBuffer next;
        boolean last;
        boolean start;
        synchronized (this) {
            if (writing || held || finished || broken != null) {
                return;
            }
            next = takeQueued();
            // the last events and the end of the stream go out in one write when both are known
            last = ending;
            if (next == null && !last) {
                return;
            }
            writing = true;
            finished = last;
            start = !started;
            started = true;
        }
        if (start) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
            response.getHeaders().put("X-Accel-Buffering", "no");
        }
        ByteBuffer content = next == null ? ByteBuffer.allocate(0) : next;
        if (last) {
            response.write(true, content, Callback.from(NON_BLOCKING, completion::succeeded, this::failedAtEnd));
        } else {
            response.write(false, content, Callback.from(NON_BLOCKING, this::written, this::markBroken));
        }
    }

    /** Everything queued as one buffer (one write, one TCP segment for small events), or null. Caller holds the lock. */
    private ByteBuffer takeQueued() {
        if (queue.size() <= 1) {
            return queue.poll();
        }
        int size = 0;
        for (ByteBuffer buffer : queue) {
            size += buffer.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer buffer; (buffer = queue.poll()) != null; ) {
            all.put(buffer);
        }
        return all.flip();
    }

    /** The final write failed: the exchange fails (the client is gone); listeners learn it too. */
    private void failedAtEnd(Throwable cause) {
        List<Consumer<Throwable>> listeners;
        synchronized (this) {
            if (broken != null) {
                return;
            }
            broken = cause;
            listeners = List.copyOf(brokenListeners);
            brokenListeners.clear();
        }
        completion.failed(cause);
        for (Consumer<Throwable> listener : listeners) {
            listener.accept(cause);
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
