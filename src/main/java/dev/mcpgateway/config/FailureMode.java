package dev.mcpgateway.config;

/** What clients see while a backend is unavailable ({@code failsafe.failure_mode}). */
public enum FailureMode {
    /** The rest of the gateway keeps working; calls to this backend fail on their own. */
    FAIL_OPEN,
    /** Requests that need this backend fail as a whole (for backends a client cannot do without). */
    FAIL_CLOSED
}
