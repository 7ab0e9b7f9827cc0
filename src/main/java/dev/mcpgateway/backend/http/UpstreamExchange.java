package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;

/**
 * One HTTP request/response on the Jetty client: either read as a blocking stream (on a virtual
 * thread), where {@link #send} waits for the status and headers and {@link #body()} streams the
 * content, or sent with {@link #sendAsync}, where nothing waits and a JSON body is collected as
 * it arrives.
 *
 * <p>It records whether the request was <em>committed</em> (its headers written to the network).
 * A failure before that point means the server cannot have received the message, which is the
 * one case where {@link UpstreamException#reachedServer()} may be false: connection refused, DNS
 * failure, connect timeout, too many queued requests, or an abort while still queued.
 *
 * <p>Thread safety: {@link #abort} may be called from any thread, concurrently with reading.
 */
final class UpstreamExchange {

    /**
     * A response as {@link #sendAsync} delivers it.
     *
     * @param body the buffered body, or null when it is left to {@link #body()}
     * @param truncated whether the body went on beyond the buffer's limit (the exchange was then aborted)
     */
    record Answer(Response response, byte[] body, boolean truncated) {}

    private final Request request;
    private final AnswerListener listener = new AnswerListener();
    private volatile boolean committed;
    private volatile String abortReason;

    UpstreamExchange(Request request) {
        this.request = request;
        request.onRequestCommit(r -> committed = true);
    }

    /**
     * Sends the request and waits for the response headers.
     *
     * @param maxWait bound on the wait, or null to rely on the request's own timeouts and on
     *     {@link #abort}
     * @throws UpstreamException if the exchange failed before the headers arrived
     */
    Response send(Duration maxWait) throws UpstreamException {
        try {
            request.send(listener);
        } catch (RuntimeException e) {
            throw new UpstreamException(describe(e), false, e);
        }
        try {
            return maxWait == null
                    ? listener.get(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
                    : listener.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort("no response within " + maxWait.toMillis() + " ms");
            throw new UpstreamException("no response within " + maxWait.toMillis() + " ms", committed);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("interrupted");
            throw new UpstreamException("interrupted while waiting for the server", committed);
        }
    }

    /**
     * Sends the request without waiting. When the headers arrive, {@code bufferLimit} decides
     * how the body is taken: a negative limit completes the future at once and leaves the body to
     * {@link #body()} (an event stream); otherwise the body is collected, up to that many bytes,
     * and the future completes when it has all arrived. Failures complete it with an
     * {@link UpstreamException}, as {@link #send} throws them.
     *
     * <p>The future completes on the HTTP client's thread: what is chained to it must not block.
     */
    CompletableFuture<Answer> sendAsync(ToIntFunction<Response> bufferLimit) {
        listener.bufferLimit = bufferLimit;
        try {
            request.send(listener);
        } catch (RuntimeException e) {
            listener.answer.completeExceptionally(new UpstreamException(describe(e), false, e));
        }
        return listener.answer;
    }

    /** The response body; read it on the thread that owns this exchange. */
    InputStream body() {
        return listener.getInputStream();
    }

    /**
     * Reads at most {@code limit} bytes of the body for an error message, then drops the rest.
     * Never fails: what could not be read is simply missing.
     */
    byte[] readExcerpt(int limit) {
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes(limit);
            if (bytes.length == limit) {
                abort("error body not needed");
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** Aborts the exchange (idempotent); readers see the failure, and {@link #abortReason()} is set. */
    void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        request.abort(new AbortedException(reason));
    }

    /** Why {@link #abort} was called, or null if it was not. */
    String abortReason() {
        return abortReason;
    }

    boolean committed() {
        return committed;
    }

    /** Converts a failure of this exchange into an {@link UpstreamException}. */
    UpstreamException failure(Throwable cause) {
        String reason = abortReason;
        if (reason != null) {
            return new UpstreamException("request aborted: " + reason, committed);
        }
        return new UpstreamException(describe(cause), committed, cause);
    }

    /** A short description of a network failure, without secrets (no URLs, headers or bodies). */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case ConnectException e -> {
                    return "connection refused";
                }
                case UnknownHostException e -> {
                    return "unknown host";
                }
                case UnresolvedAddressException e -> {
                    return "unknown host";
                }
                case NoRouteToHostException e -> {
                    return "no route to host";
                }
                case SocketTimeoutException e -> {
                    return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("connect")
                            ? "connect timeout" : "socket timeout";
                }
                case TimeoutException e -> {
                    return e.getMessage() == null ? "timeout" : Excerpt.of(e.getMessage()).toLowerCase(Locale.ROOT);
                }
                case RejectedExecutionException e -> {
                    // Jetty rejects both when the per-destination queue is full and when it is stopped.
                    return e.getMessage() != null && e.getMessage().contains("queued")
                            ? "too many requests queued for this backend"
                            : "the HTTP client is stopped";
                }
                case AbortedException e -> {
                    return "request aborted: " + e.getMessage();
                }
                case EofException e -> {
                    return "connection closed by the server";
                }
                case EOFException e -> {
                    return "connection closed by the server";
                }
                case AsynchronousCloseException e -> {
                    return "connection closed";
                }
                case ClosedChannelException e -> {
                    return "connection closed";
                }
                case SSLException e -> {
                    return "TLS failure: " + Excerpt.of(String.valueOf(e.getMessage()));
                }
                case InterruptedIOException e -> {
                    return "interrupted";
                }
                default -> {
                    // look further down the cause chain
                }
            }
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + Excerpt.of(message));
    }

    /**
     * Jetty's blocking response stream, which {@link #sendAsync} can also tell about the headers
     * and which it can have collect a body instead.
     */
    private final class AnswerListener extends InputStreamResponseListener {

        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        /** Set by {@link #sendAsync} before sending; null for the blocking {@link #send}. */
        ToIntFunction<Response> bufferLimit;
        /** Set when the headers chose to collect the body. */
        private volatile Collected collected;

        @Override
        public void onHeaders(Response response) {
            super.onHeaders(response);
            ToIntFunction<Response> limit = bufferLimit;
            if (limit == null) {
                return;
            }
            int max = limit.applyAsInt(response);
            if (max < 0) {
                answer.complete(new Answer(response, null, false));
            } else {
                collected = new Collected(max);
            }
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
            Collected c = collected;
            if (c == null) {
                super.onContent(response, chunk, demander);
                return;
            }
            if (!c.add(chunk.getByteBuffer())) {
                abort("response body too large");
            }
            demander.run();
        }

        @Override
        public void onComplete(Result result) {
            super.onComplete(result);
            if (bufferLimit == null || answer.isDone()) {
                return;
            }
            Collected c = collected;
            if (c != null && (c.truncated || !result.isFailed())) {
                answer.complete(new Answer(result.getResponse(), c.bytes(), c.truncated));
            } else {
                answer.completeExceptionally(failure(result.getFailure()));
            }
        }
    }

    /** A body being collected, up to a limit. Jetty delivers one chunk at a time (no locking needed). */
    private static final class Collected {
        private final int limit;
        private byte[] bytes = new byte[0];
        private int size;
        private volatile boolean truncated;

        Collected(int limit) {
            this.limit = limit;
        }

        /** @return false once the limit is passed (what fits is kept) */
        boolean add(ByteBuffer chunk) {
            int n = chunk.remaining();
            int room = limit - size;
            if (n > room) {
                truncated = true;
                n = room;
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(limit, Math.max(1024, bytes.length * 2))));
            }
            chunk.get(bytes, size, n);
            size += n;
            return !truncated;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    /** The cause given to Jetty when we abort an exchange ourselves. */
    static final class AbortedException extends IOException {
        AbortedException(String reason) {
            super(reason, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
