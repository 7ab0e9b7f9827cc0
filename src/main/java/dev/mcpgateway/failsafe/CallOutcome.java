package dev.mcpgateway.failsafe;

/** How a call that reached the backend's transport counts for its circuit breaker and health. */
public enum CallOutcome {
    /** The backend answered (including tool results with {@code isError: true} and "bad request" errors). */
    SUCCESS,
    /** The backend failed: transport error, timeout, HTTP 5xx, a dead child, unparseable output, JSON-RPC -32603 if so configured. */
    FAILURE,
    /** Says nothing about the backend's health: the client cancelled, the backend rate-limited (HTTP 429), a lost session was re-initialized. */
    NOT_COUNTED
}
