package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * An MCP server answered over HTTP with an error status (other than a 404 for our session, which is
 * {@link dev.mcpgateway.backend.SessionExpiredException}). The server was reached. For 429 and 503
 * {@link #retryAfter()} carries the server's {@code Retry-After}, which a rate limiter or retry
 * policy should honour.
 */
public final class UpstreamHttpException extends UpstreamException {

    private final int status;
    private final transient Duration retryAfter;

    /** @param retryAfter how long the server asked us to wait, or null */
    public UpstreamHttpException(String message, int status, Duration retryAfter) {
        super(message, true);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The server's {@code Retry-After}, if it sent a valid one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the server said it is overloaded or rate limiting (429 or 503). */
    public boolean isThrottled() {
        return status == 429 || status == 503;
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds ({@code 120}) or an HTTP-date
     * ({@code Wed, 21 Oct 2015 07:28:00 GMT}), relative to {@code now}. A date in the past gives
     * zero; anything else gives null.
     */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (v.length() > 12) {
                return null; // more than ~30,000 years: not a real instruction
            }
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
