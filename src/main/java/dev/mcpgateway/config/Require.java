package dev.mcpgateway.config;

import java.time.Duration;

/**
 * Invariant checks for the config records' constructors. Messages name the YAML key, because a
 * record built by hand (tests, built-in defaults) should fail the same way a file would.
 * The loader reports these problems with file positions before it ever builds a record.
 */
final class Require {

    private Require() {}

    static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        notNull(key, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be longer than 0, got " + Durations.format(value));
        }
        return value;
    }

    static Duration notNegative(String key, Duration value) {
        notNull(key, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, got " + Durations.format(value));
        }
        return value;
    }

    /** A fraction in (0, 1]. */
    static double rate(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must be greater than 0 and at most 1, got " + value);
        }
        return value;
    }

    static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " must not be null");
        }
        return value;
    }
}
