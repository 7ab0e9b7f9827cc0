package dev.mcpgateway.backend.stdio;

import java.util.function.LongSupplier;

/**
 * Lets at most {@code perSecond} log lines through in each one-second window and counts the
 * rest, so one chatty child cannot flood the gateway's logs. The count of suppressed lines is
 * handed back once, to be logged as a summary before the next line that is let through (or when
 * the stream ends).
 *
 * <p>Used by one pump thread; not thread-safe.
 */
final class LogRateLimiter {

    /** Returned by {@link #admit} when the line must not be logged. */
    static final long SUPPRESS = -1;

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int admittedInWindow;
    private long suppressedUnreported;
    private boolean started;

    LogRateLimiter(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /**
     * Decides about one line: {@link #SUPPRESS}, or the number of earlier lines that were
     * suppressed and not yet reported (usually 0), to be reported before logging this one.
     */
    long admit() {
        long now = nanoClock.getAsLong();
        if (!started || now - windowStart >= WINDOW_NANOS) {
            started = true;
            windowStart = now;
            admittedInWindow = 0;
        }
        if (admittedInWindow >= perSecond) {
            suppressedUnreported++;
            return SUPPRESS;
        }
        admittedInWindow++;
        return takeSuppressed();
    }

    /** The number of suppressed lines not yet reported; resets it. */
    long takeSuppressed() {
        long n = suppressedUnreported;
        suppressedUnreported = 0;
        return n;
    }
}
