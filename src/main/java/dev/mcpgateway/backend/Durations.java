package dev.mcpgateway.backend;

import java.time.Duration;

/** Short human-readable durations for messages: {@code 250 ms}, {@code 30 s}, {@code 5 min}. */
final class Durations {

    private Durations() {}

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000 && ms % 1000 != 0) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 120_000) {
            return (ms / 1000) + " s";
        }
        return (ms / 60_000) + " min";
    }
}
