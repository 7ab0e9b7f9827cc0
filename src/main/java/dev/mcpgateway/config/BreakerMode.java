package dev.mcpgateway.config;

/** How the circuit breaker decides to open ({@code failsafe.circuit_breaker.mode}). */
public enum BreakerMode {
    /** After {@code failure_threshold} failures in a row. */
    CONSECUTIVE,
    /** When the failure or slow-call rate over a time window crosses its threshold. */
    RATE
}
