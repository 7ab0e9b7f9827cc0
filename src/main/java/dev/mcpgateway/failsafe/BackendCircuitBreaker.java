package dev.mcpgateway.failsafe;

import java.util.function.Consumer;

/**
 * The circuit breaker of one backend, with the semantics the gateway documents:
 * <ul>
 *   <li><b>closed</b>: calls go through; the {@link TripRule} (N consecutive failures, or a failure or
 *       slow-call rate) decides when to open;
 *   <li><b>open</b>: calls are rejected at once, without I/O, for the open time: {@code reset_timeout}
 *       after a trip from closed, doubled on each re-open from half-open, capped at
 *       {@code max_reset_timeout};
 *   <li><b>half_open</b>: at most {@code success_threshold} trial calls in flight at once (others are
 *       rejected as if open); {@code success_threshold} successes close it, one failure opens it again.
 * </ul>
 * A successful active health check moves an open breaker to half-open at once ({@link #probeNow}).
 *
 * <p>Every permit carries the breaker's generation (bumped on each transition), and the outcome of
 * a call admitted in an earlier generation is ignored: a slow call admitted before a trip neither
 * closes a half-open breaker nor steals a trial slot.
 *
 * <p>Concurrency: state and generation live in one atomic word, read without locking, so admission
 * and success in the healthy closed state take no lock (in rate mode no outcome does: its window
 * is lock-free). Transitions, half-open bookkeeping and consecutive-mode failures take the monitor
 * briefly, which keeps the count of failures in a row exact (never around I/O; {@code synchronized}
 * does not pin virtual threads on JDK 25). Transition events are published after the monitor is
 * released.
 */
final class BackendCircuitBreaker implements CircuitBreaker {

    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int HALF_OPEN = 2;
    private static final CircuitState[] STATES = {CircuitState.CLOSED, CircuitState.OPEN, CircuitState.HALF_OPEN};

    private final String backend;
    private final FailsafeClock clock;
    private final TripRule rule;
    private final int trialCalls;
    private final long resetNanos;
    private final long maxResetNanos;
    private final Consumer<CircuitTransition> transitions;

    /** {@code generation << 2 | state}; written under the monitor, read without it. Also the permit of an admitted call. */
    private volatile long current = CLOSED;
    /** When an open breaker lets trial calls through; written before {@link #current} shows OPEN. */
    private volatile long openUntilNanos;
    private volatile String openReason;
    private volatile long trips;
    // Guarded by this.
    private int probesInFlight;
    private int probeSuccesses;
    /** Re-opens from half-open since the breaker was last closed: the open time doubles with each. */
    private int reopenings;

    /**
     * @param trialCalls {@code success_threshold}: trial calls allowed at once, and successes needed to close
     * @param transitions receives every transition, outside the lock; must be quick and must not throw
     */
    BackendCircuitBreaker(String backend, FailsafeClock clock, TripRule rule, int trialCalls, long resetNanos, long maxResetNanos,
            Consumer<CircuitTransition> transitions) {
        this.backend = backend;
        this.clock = clock;
        this.rule = rule;
        this.trialCalls = trialCalls;
        this.resetNanos = resetNanos;
        this.maxResetNanos = Math.max(resetNanos, maxResetNanos);
        this.transitions = transitions;
    }

    private static int stateOf(long word) {
        return (int) (word & 3);
    }

    @Override
    public long tryAcquire() {
        long word = current;
        int state = stateOf(word);
        if (state == CLOSED) {
            return word;
        }
        if (state == OPEN && clock.nanoTime() - openUntilNanos < 0) {
            return REJECTED;
        }
        CircuitTransition event = null;
        long permit;
        synchronized (this) {
            word = current;
            state = stateOf(word);
            if (state == CLOSED) {
                return word;
            }
            if (state == OPEN) {
                if (clock.nanoTime() - openUntilNanos < 0) {
                    return REJECTED;
                }
                event = transition(HALF_OPEN, "the open time (" + HumanDuration.nanos(openTimeNanos()) + ") passed");
                word = current;
            }
            if (probesInFlight < trialCalls) {
                probesInFlight++;
                permit = word;
            } else {
                permit = REJECTED;
            }
        }
        publish(event);
        return permit;
    }

    @Override
    public void onSuccess(long permit, long durationNanos) {
        if (permit < 0 || current != permit) {
            return; // rejected, or admitted before the breaker changed: says nothing about the current state
        }
        if (stateOf(permit) == CLOSED) {
            if (rule.lockFree()) {
                String trip = rule.onSuccess(clock.nanoTime(), durationNanos);
                if (trip != null) {
                    openIfStill(permit, trip);
                }
                return;
            }
            if (rule.successIsNoop()) {
                return;
            }
        }
        CircuitTransition event = null;
        synchronized (this) {
            if (current != permit) {
                return;
            }
            if (stateOf(permit) == CLOSED) {
                String trip = rule.onSuccess(clock.nanoTime(), durationNanos);
                if (trip != null) {
                    event = open(trip, false);
                }
            } else {
                probesInFlight--;
                probeSuccesses++;
                if (probeSuccesses >= trialCalls) {
                    event = transition(CLOSED, probeSuccesses + " successful trial call" + (probeSuccesses == 1 ? "" : "s"));
                }
            }
        }
        publish(event);
    }

    @Override
    public void onFailure(long permit, long durationNanos, String cause) {
        if (permit < 0 || current != permit) {
            return;
        }
        if (stateOf(permit) == CLOSED && rule.lockFree()) {
            String trip = rule.onFailure(clock.nanoTime(), durationNanos);
            if (trip != null) {
                openIfStill(permit, trip + lastCause(cause));
            }
            return;
        }
        CircuitTransition event = null;
        synchronized (this) {
            if (current != permit) {
                return;
            }
            if (stateOf(permit) == CLOSED) {
                String trip = rule.onFailure(clock.nanoTime(), durationNanos);
                if (trip != null) {
                    event = open(trip + lastCause(cause), false);
                }
            } else {
                probesInFlight--;
                event = open("a trial call failed" + lastCause(cause), true);
            }
        }
        publish(event);
    }

    /** A lock-free rule says "open": open, unless the breaker changed meanwhile. */
    private void openIfStill(long permit, String reason) {
        CircuitTransition event = null;
        synchronized (this) {
            if (current == permit) {
                event = open(reason, false);
            }
        }
        publish(event);
    }

    private static String lastCause(String cause) {
        if (cause == null || cause.isEmpty()) {
            return "";
        }
        return " (last: " + (cause.length() > 200 ? cause.substring(0, 200) + "…" : cause) + ")";
    }

    @Override
    public void release(long permit) {
        if (permit < 0 || stateOf(permit) != HALF_OPEN || current != permit) {
            return;
        }
        synchronized (this) {
            if (current == permit) {
                probesInFlight--;
            }
        }
    }

    @Override
    public void probeNow(String cause) {
        if (stateOf(current) != OPEN) {
            return;
        }
        CircuitTransition event = null;
        synchronized (this) {
            if (stateOf(current) == OPEN) {
                event = transition(HALF_OPEN, cause);
            }
        }
        publish(event);
    }

    @Override
    public CircuitSnapshot snapshot() {
        long word = current;
        int state = stateOf(word);
        long retryAfterMs = 0;
        if (state == OPEN) {
            long left = openUntilNanos - clock.nanoTime();
            retryAfterMs = left <= 0 ? 0 : (left + 999_999) / 1_000_000;
        }
        int probes = 0;
        if (state == HALF_OPEN) {
            synchronized (this) {
                probes = current == word ? probesInFlight : 0;
            }
        }
        return new CircuitSnapshot(STATES[state], retryAfterMs, trips, rule.consecutiveFailures(), probes,
                state == CLOSED ? null : openReason);
    }

    /** Trips to open (holding the monitor). */
    private CircuitTransition open(String reason, boolean fromTrial) {
        reopenings = fromTrial ? reopenings + 1 : 0;
        openReason = reason;
        trips++;
        return transition(OPEN, reason);
    }

    /** {@code reset_timeout} doubled for each re-open since the last close, capped at {@code max_reset_timeout}. */
    private long openTimeNanos() {
        long time = resetNanos;
        for (int i = 0; i < reopenings && time < maxResetNanos; i++) {
            time = time > maxResetNanos / 2 ? maxResetNanos : time * 2;
        }
        return Math.min(time, maxResetNanos);
    }

    /** Moves to {@code to} (holding the monitor) and returns the event to publish once released. */
    private CircuitTransition transition(int to, String cause) {
        long word = current;
        int from = stateOf(word);
        int failures = rule.consecutiveFailures();
        long now = clock.nanoTime();
        long openMillis = 0;
        switch (to) {
            case OPEN -> {
                long openFor = openTimeNanos();
                openUntilNanos = now + openFor;
                openMillis = openFor / 1_000_000;
            }
            case HALF_OPEN -> {
                probesInFlight = 0;
                probeSuccesses = 0;
            }
            default -> {
                rule.reset(now);
                reopenings = 0;
                openReason = null;
            }
        }
        current = ((word >>> 2) + 1) << 2 | to;
        return new CircuitTransition(backend, STATES[from], STATES[to], cause, failures, trips, openMillis);
    }

    private void publish(CircuitTransition event) {
        if (event != null) {
            transitions.accept(event);
        }
    }

    /** The permit a call admitted now in the current state would get (generation and state); for tests. */
    long currentWord() {
        return current;
    }

    @Override
    public String toString() {
        return "circuit breaker of `" + backend + "` (" + STATES[stateOf(current)].wireName() + ")";
    }
}
