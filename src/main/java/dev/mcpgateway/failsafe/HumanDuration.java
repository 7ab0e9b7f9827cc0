package dev.mcpgateway.failsafe;

import java.util.Locale;

/** Short durations for messages people and models read: {@code 250 ms}, {@code 12 s}, {@code 5 min}. */
final class HumanDuration {

    private HumanDuration() {}

    static String millis(long ms) {
        if (ms < 1000) {
            return Math.max(0, ms) + " ms";
        }
        if (ms < 120_000) {
            long tenths = (ms + 50) / 100;
            return tenths % 10 == 0 ? (tenths / 10) + " s" : String.format(Locale.ROOT, "%.1f s", tenths / 10.0);
        }
        return ((ms + 30_000) / 60_000) + " min";
    }

    /** For "retry in ...": rounded up to whole seconds from one second on, so "retry in 0 s" never appears. */
    static String retryIn(long ms) {
        if (ms < 1000) {
            return Math.max(1, ms) + " ms";
        }
        if (ms < 120_000) {
            return ((ms + 999) / 1000) + " s";
        }
        return ((ms + 59_999) / 60_000) + " min";
    }

    static String nanos(long nanos) {
        return millis(nanos / 1_000_000);
    }
}
