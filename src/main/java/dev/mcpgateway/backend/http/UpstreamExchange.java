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
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.EofException;

/**
 * One HTTP request/response on the Jetty client, read as a blocking stream (on a virtual
 * thread): {@link #send} waits for the status and headers, {@link #body()} streams the content.
 *
 * <p>It records whether the request was <em>committed</em> (its headers written to the network).
 * A failure before that point means the server cannot have received the message, which is the
 * one case where {@link UpstreamException#reachedServer()} may be false: connection refused, DNS
 * failure, connect timeout, too many queued requests, or an abort while still queued.
 *
 * <p>Thread safety: {@link #abort} may be called from any thread, concurrently with reading.
 */
final class UpstreamExchange {

    private final Request request;
    private final InputStreamResponseListener listener = new InputStreamResponseListener();
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

    /** The response body; read it on the thread that owns this exchange. */
    InputStream body() {
        return listener.getInputStream();
    }

    /**
     * Reads the whole body, at most {@code limit} bytes.
     *
     * @throws UpstreamException if reading fails or the body is larger (the exchange is aborted)
     */
    byte[] readBody(int limit) throws UpstreamException {
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes(limit);
            if (bytes.length == limit && in.read() >= 0) {
                abort("response body too large");
                throw new UpstreamException("the response body is larger than " + limit + " bytes", true);
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            // Jetty's body stream may also throw unchecked exceptions (e.g. HttpResponseException).
            throw failure(e);
        }
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
