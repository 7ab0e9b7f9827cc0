package dev.mcpgateway.failsafe;

/** {@code circuit_breaker.enabled: false}: every call may go, nothing is counted. */
enum DisabledCircuitBreaker implements CircuitBreaker {
    INSTANCE;

    private static final CircuitSnapshot CLOSED = new CircuitSnapshot(CircuitState.CLOSED, 0, 0, 0, 0, null);

    @Override
    public long tryAcquire() {
        return 0;
    }

    @Override
    public void onSuccess(long permit, long durationNanos) {}

    @Override
    public void onFailure(long permit, long durationNanos, String cause) {}

    @Override
    public void release(long permit) {}

    @Override
    public void probeNow(String cause) {}

    @Override
    public CircuitSnapshot snapshot() {
        return CLOSED;
    }
}
