package dev.mcpgateway.failsafe;

/**
 * A breaker's state at one moment.
 *
 * @param retryAfterMs while open, milliseconds until trial calls are let through; else 0
 * @param tripsCount how many times the breaker opened since the gateway started
 * @param consecutiveFailures failures in a row counted in the closed state
 * @param probesInFlight trial calls in flight while half-open
 * @param openReason why it (last) opened, e.g. "5 consecutive failures"; null while closed
 */
public record CircuitSnapshot(CircuitState state, long retryAfterMs, long tripsCount, int consecutiveFailures, int probesInFlight,
        String openReason) {}
