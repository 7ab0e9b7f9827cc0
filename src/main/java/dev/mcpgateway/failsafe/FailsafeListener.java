package dev.mcpgateway.failsafe;

import dev.mcpgateway.routing.GatewayErrors;
import java.time.Duration;

/**
 * Receives what the failsafe does, for metrics and tracing (which subscribe; they are not called
 * from inside the failsafe's logic). Callbacks run synchronously on the thread of the call or
 * check, never under a lock: they must be quick and must not block. An exception thrown by a
 * listener is logged and otherwise ignored. Every method has an empty default.
 */
public interface FailsafeListener {

    /** A backend's circuit breaker changed state (also logged once at WARN). */
    default void onCircuitTransition(CircuitTransition transition) {}

    /** The failsafe refused to send a call (circuit_open, rate_limited or overloaded). */
    default void onRejected(String backend, String method, GatewayErrors.Reason reason, long retryAfterMs) {}

    /**
     * A call is about to be sent again.
     *
     * @param attempt the attempt about to start (2 = the first retry)
     * @param delay the backoff waited before it
     * @param cause why the previous attempt failed
     */
    default void onRetry(String backend, String method, int attempt, Duration delay, String cause) {}

    /** A backend became unhealthy or healthy again. */
    default void onHealthChanged(String backend, boolean healthy, String cause) {}

    /** A backend's session was replaced: a stdio child restarted, an HTTP session reconnected. */
    default void onRestarted(String backend, String cause) {}

    /** A call the gateway sent to a backend ended (each retry is a call); {@code durationNanos} excludes queueing. */
    default void onCallCompleted(String backend, String method, CallOutcome outcome, long durationNanos) {}
}
