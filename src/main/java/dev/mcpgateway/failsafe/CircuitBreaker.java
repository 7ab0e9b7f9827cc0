package dev.mcpgateway.failsafe;

/**
 * Decides whether a call may go to a backend, from how recent calls ended. Our own interface, so
 * the semantics the gateway promises (see {@link BackendCircuitBreaker}) stay exact whatever
 * implements them.
 *
 * <p>Usage: {@link #tryAcquire()} before sending; every permit it grants is returned through
 * exactly one of {@link #onSuccess}, {@link #onFailure} or {@link #release}. Permits are plain
 * {@code long}s, so admission allocates nothing. No method blocks on I/O.
 */
interface CircuitBreaker {

    /** What {@link #tryAcquire()} returns when the call must not be sent. */
    long REJECTED = -1;

    /** A permit ({@code >= 0}) to send one call, or {@link #REJECTED}. */
    long tryAcquire();

    /** The call that got {@code permit} was answered. */
    void onSuccess(long permit, long durationNanos);

    /** The call that got {@code permit} failed; {@code cause} is a short, secret-free description. */
    void onFailure(long permit, long durationNanos, String cause);

    /** The call that got {@code permit} ended in a way that says nothing about the backend (or was never sent). */
    void release(long permit);

    /** An active health check succeeded: an open breaker lets trial calls through now instead of waiting out its open time. */
    void probeNow(String cause);

    CircuitSnapshot snapshot();

    /** A breaker that never opens ({@code circuit_breaker.enabled: false}). */
    static CircuitBreaker disabled() {
        return DisabledCircuitBreaker.INSTANCE;
    }
}
