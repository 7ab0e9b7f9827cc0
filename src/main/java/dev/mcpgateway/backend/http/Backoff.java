package dev.mcpgateway.backend.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Delays before reconnecting a stream: exponential, jittered, and floored by the server's {@code retry:}. */
final class Backoff {

    private Backoff() {}

    /**
     * @param failures consecutive failed attempts so far (0 after a stream that ended normally)
     * @param retryMillis the server's {@code retry:} in milliseconds, or -1
     */
    static Duration delay(int failures, long retryMillis, HttpTransportOptions options) {
        long initial = options.reconnectInitialDelay().toMillis();
        long max = options.reconnectMaxDelay().toMillis();
        long base = initial << Math.min(failures, 20);
        if (base <= 0 || base > max) {
            base = max;
        }
        // "Equal jitter": half fixed, half random, so reconnecting sessions spread out but still back off.
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (retryMillis >= 0) {
            // The server's retry: is a minimum the spec says to honour; we cap it so a bad value
            // cannot park a stream for hours.
            delay = Math.max(delay, Math.min(retryMillis, max));
        }
        return Duration.ofMillis(Math.min(delay, max));
    }
}
