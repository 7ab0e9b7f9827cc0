package dev.mcpgateway.failsafe;

/**
 * How a closed breaker decides to open. Called under the breaker's lock (except
 * {@link #successIsNoop()}, read without it), never with I/O, unless {@link #lockFree()}: then
 * the rule is thread-safe on its own and only a trip takes the breaker's lock.
 */
interface TripRule {

    /** Whether outcomes may be recorded without the breaker's lock (the rule is thread-safe itself). */
    default boolean lockFree() {
        return false;
    }

    /** Whether recording a success now would change nothing, so the breaker can skip its lock. */
    boolean successIsNoop();

    /** Records a success; returns why the breaker must open (slow calls), or null. */
    String onSuccess(long nowNanos, long durationNanos);

    /** Records a failure; returns why the breaker must open, or null. */
    String onFailure(long nowNanos, long durationNanos);

    /** Forgets everything (the breaker closed again). */
    void reset(long nowNanos);

    /** Failures in a row, for snapshots and logs. */
    int consecutiveFailures();
}
