package dev.mcpgateway.failsafe;

/** {@code mode: consecutive}: open after {@code failure_threshold} failures in a row; any success resets the count. */
final class ConsecutiveFailures implements TripRule {

    private final int threshold;
    /** Written under the breaker's lock; read without it. */
    private volatile int consecutive;

    ConsecutiveFailures(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean successIsNoop() {
        return consecutive == 0;
    }

    @Override
    public String onSuccess(long nowNanos, long durationNanos) {
        consecutive = 0;
        return null;
    }

    @Override
    public String onFailure(long nowNanos, long durationNanos) {
        int failures = consecutive + 1;
        consecutive = failures;
        return failures >= threshold ? failures + " consecutive failures" : null;
    }

    @Override
    public void reset(long nowNanos) {
        consecutive = 0;
    }

    @Override
    public int consecutiveFailures() {
        return consecutive;
    }
}
