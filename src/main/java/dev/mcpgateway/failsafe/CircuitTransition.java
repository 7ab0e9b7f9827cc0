package dev.mcpgateway.failsafe;

/**
 * A backend's circuit breaker changed state.
 *
 * @param cause why, e.g. "5 consecutive failures (last: backend `x` did not answer tools/call within 30 s)"
 * @param consecutiveFailures failures in a row counted before the transition
 * @param tripsCount times the breaker opened since start, this transition included
 * @param openMillis for a transition to open: how long it stays open before trial calls; else 0
 */
public record CircuitTransition(String backend, CircuitState from, CircuitState to, String cause, int consecutiveFailures,
        long tripsCount, long openMillis) {}
