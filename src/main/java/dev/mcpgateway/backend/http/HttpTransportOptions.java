package dev.mcpgateway.backend.http;

import java.time.Duration;

/**
 * Timeouts and limits of one HTTP transport ({@link StreamableHttpTransport} or
 * {@link LegacySseTransport}). Immutable; start from {@link #DEFAULTS} and use the
 * {@code with*} methods.
 *
 * @param responseIdleTimeout how long a POST carrying a request may go without receiving a byte
 *     (headers, JSON body or stream events) before it fails. Not a deadline for the call: the
 *     gateway enforces those itself and calls {@code abandon}
 * @param acknowledgeTimeout total time allowed for a POST carrying a notification or a response
 *     (and for every legacy-SSE POST) to be answered
 * @param streamIdleTimeout how long the Streamable HTTP GET stream may be silent before the
 *     transport reopens it (a quiet stream is normal; reopening also detects dead peers)
 * @param legacyStreamIdleTimeout the same for the legacy SSE stream, whose loss ends the
 *     transport; zero means never (the default: the stream cannot be resumed, so silence is not
 *     treated as death)
 * @param endpointTimeout legacy SSE: how long {@code start} waits for the {@code endpoint} event
 * @param closeTimeout bound on the {@code DELETE} that ends a session on close
 * @param resumeAttempts attempts to resume a POST's event stream that broke before the response
 *     (each resume that delivers events resets the count)
 * @param reconnectInitialDelay first delay before reconnecting a stream (jittered, doubled per
 *     failed attempt); a server's {@code retry:} field replaces it
 * @param reconnectMaxDelay upper bound of those delays, including a server's {@code retry:}
 * @param unreachableAttempts consecutive GET stream attempts that cannot reach the server after
 *     which the transport declares the server gone ({@code onClosed})
 * @param maxEventBytes bound on one server-sent event
 * @param maxBodyBytes bound on one JSON response body
 */
public record HttpTransportOptions(
        Duration responseIdleTimeout,
        Duration acknowledgeTimeout,
        Duration streamIdleTimeout,
        Duration legacyStreamIdleTimeout,
        Duration endpointTimeout,
        Duration closeTimeout,
        int resumeAttempts,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        int unreachableAttempts,
        int maxEventBytes,
        int maxBodyBytes) {

    public static final HttpTransportOptions DEFAULTS = new HttpTransportOptions(
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            5,
            SseParser.DEFAULT_MAX_EVENT_BYTES,
            64 * 1024 * 1024);

    public HttpTransportOptions {
        positive(responseIdleTimeout, "responseIdleTimeout");
        positive(acknowledgeTimeout, "acknowledgeTimeout");
        positive(streamIdleTimeout, "streamIdleTimeout");
        if (legacyStreamIdleTimeout == null || legacyStreamIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("legacyStreamIdleTimeout must be zero (never) or positive");
        }
        positive(endpointTimeout, "endpointTimeout");
        positive(closeTimeout, "closeTimeout");
        if (resumeAttempts < 0) {
            throw new IllegalArgumentException("resumeAttempts must not be negative");
        }
        positive(reconnectInitialDelay, "reconnectInitialDelay");
        positive(reconnectMaxDelay, "reconnectMaxDelay");
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay must not be below reconnectInitialDelay");
        }
        if (unreachableAttempts < 1) {
            throw new IllegalArgumentException("unreachableAttempts must be at least 1");
        }
        if (maxEventBytes < 1024 || maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxEventBytes and maxBodyBytes must be at least 1024");
        }
    }

    public HttpTransportOptions withResponseIdleTimeout(Duration d) {
        return new HttpTransportOptions(d, acknowledgeTimeout, streamIdleTimeout, legacyStreamIdleTimeout,
                endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay, reconnectMaxDelay,
                unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withAcknowledgeTimeout(Duration d) {
        return new HttpTransportOptions(responseIdleTimeout, d, streamIdleTimeout, legacyStreamIdleTimeout,
                endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay, reconnectMaxDelay,
                unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withStreamIdleTimeout(Duration d) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, d, legacyStreamIdleTimeout,
                endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay, reconnectMaxDelay,
                unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withLegacyStreamIdleTimeout(Duration d) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout, d,
                endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay, reconnectMaxDelay,
                unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withEndpointTimeout(Duration d) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, d, closeTimeout, resumeAttempts, reconnectInitialDelay,
                reconnectMaxDelay, unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withCloseTimeout(Duration d) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, d, resumeAttempts, reconnectInitialDelay,
                reconnectMaxDelay, unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withResumeAttempts(int attempts) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, closeTimeout, attempts, reconnectInitialDelay,
                reconnectMaxDelay, unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withReconnectDelays(Duration initial, Duration max) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, closeTimeout, resumeAttempts, initial, max,
                unreachableAttempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withUnreachableAttempts(int attempts) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay,
                reconnectMaxDelay, attempts, maxEventBytes, maxBodyBytes);
    }

    public HttpTransportOptions withMaxEventBytes(int max) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay,
                reconnectMaxDelay, unreachableAttempts, max, maxBodyBytes);
    }

    public HttpTransportOptions withMaxBodyBytes(int max) {
        return new HttpTransportOptions(responseIdleTimeout, acknowledgeTimeout, streamIdleTimeout,
                legacyStreamIdleTimeout, endpointTimeout, closeTimeout, resumeAttempts, reconnectInitialDelay,
                reconnectMaxDelay, unreachableAttempts, maxEventBytes, max);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
