package dev.mcpgateway.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;

/**
 * The stream a client opens with GET: the demo sends nothing on it but SSE comment keep-alives,
 * which stop idle timeouts (ours and proxies') from closing it. It ends on DELETE, when the
 * session is dropped, when the server stops, or when a write fails (the client left).
 *
 * <p>All writes are asynchronous, so an idle stream holds no thread. Guarded by {@code this}: at
 * most one write is in flight (Jetty forbids overlapping writes), a keep-alive due while one is
 * pending is skipped, and a close waits for the pending write.
 */
final class SseServerStream {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback exchange;
    private final Consumer<SseServerStream> onEnd;
    private boolean writing;
    private boolean closing;
    private boolean ended;

    /** @param onEnd runs once when the stream is over, however it ended */
    SseServerStream(Response response, Callback exchange, Consumer<SseServerStream> onEnd) {
        this.response = response;
        this.exchange = exchange;
        this.onEnd = onEnd;
    }

    /** Sends the headers at once: clients (and the SDK) wait for them before treating the stream as open. */
    void open() {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        write(ByteBuffer.allocate(0));
    }

    void keepAlive() {
        write(ByteBuffer.wrap(KEEP_ALIVE));
    }

    /** Ends the stream normally (after any write in flight). */
    void close() {
        synchronized (this) {
            if (ended || closing) {
                return;
            }
            closing = true;
            if (writing) {
                return; // the pending write's completion finishes the close
            }
        }
        finish();
    }

    /** The client or the connection failed: end without writing. */
    void fail(Throwable failure) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        exchange.failed(failure);
        onEnd.accept(this);
    }

    private void write(ByteBuffer bytes) {
        synchronized (this) {
            if (ended || closing || writing) {
                return;
            }
            writing = true;
        }
        response.write(false, bytes, Callback.from(this::written, this::fail));
    }

    private void written() {
        synchronized (this) {
            writing = false;
            if (!closing) {
                return;
            }
        }
        finish();
    }

    private void finish() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        response.write(true, ByteBuffer.allocate(0), exchange);
        onEnd.accept(this);
    }
}
