package dev.mcpgateway.backend;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnecting to a backend: attempt n waits a random time
 * between half and all of {@code min(max, initial * 2^n)}, so many gateways (or many backends)
 * that failed together do not retry together, and no retry comes immediately.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public Duration delay(int attempt) {
        double ceiling = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 30)));
        long half = (long) (ceiling / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
