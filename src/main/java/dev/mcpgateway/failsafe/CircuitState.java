package dev.mcpgateway.failsafe;

/** The states of a backend's circuit breaker, as logs, metrics and clients name them. */
public enum CircuitState {
    /** Calls go through; failures are counted. */
    CLOSED("closed"),
    /** Calls are rejected at once, without I/O, until the open time has passed. */
    OPEN("open"),
    /** A few trial calls go through; enough successes close the breaker, one failure opens it again. */
    HALF_OPEN("half_open");

    private final String wireName;

    CircuitState(String wireName) {
        this.wireName = wireName;
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String wireName() {
        return wireName;
    }
}
