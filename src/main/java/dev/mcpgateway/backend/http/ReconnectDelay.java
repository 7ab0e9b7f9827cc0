package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.Backoff;
import java.time.Duration;

/** Delays before reconnecting a stream: the gateway's jittered exponential {@link Backoff}, floored by the server's {@code retry:}. */
final class ReconnectDelay {

    private ReconnectDelay() {}

    /**
     * @param failures consecutive failed attempts so far (0 after a stream that ended normally)
     * @param retryMillis the server's {@code retry:} in milliseconds, or -1
     */
    static Duration delay(int failures, long retryMillis, HttpTransportOptions options) {
        long max = options.reconnectMaxDelay().toMillis();
        long delay = new Backoff(options.reconnectInitialDelay(), options.reconnectMaxDelay()).delay(failures).toMillis();
        if (retryMillis >= 0) {
            // The server's retry: is a minimum the spec says to honour; we cap it so a bad value
            // cannot park a stream for hours.
            delay = Math.max(delay, Math.min(retryMillis, max));
        }
        return Duration.ofMillis(Math.min(delay, max));
    }
}
