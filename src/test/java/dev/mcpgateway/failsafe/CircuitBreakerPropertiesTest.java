package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any sequence of admissions, outcomes (in any order, late or early), clock steps and health
 * checks keeps the breaker's promises: an open breaker rejects, a half-open one has at most
 * {@code success_threshold} trial calls in flight, it opens after exactly {@code failure_threshold}
 * failures in a row, open times double up to the maximum, and the published transitions and
 * counts agree with its state.
 */
class CircuitBreakerPropertiesTest {

    private static final int FAILURE_THRESHOLD = 3;
    private static final int SUCCESS_THRESHOLD = 2;
    private static final long RESET_MS = 10_000;
    private static final long MAX_RESET_MS = 40_000;

    sealed interface Step permits Acquire, Settle, Advance, Probe {}

    record Acquire() implements Step {}

    /** Settles the outstanding permit at {@code index} (modulo their number). */
    record Settle(int index, Kind kind) implements Step {}

    enum Kind { SUCCESS, FAILURE, RELEASE }

    record Advance(long millis) implements Step {}

    record Probe() implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(new Acquire())),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 1000)
                        .flatMap(i -> Arbitraries.of(Kind.class).map(k -> (Step) new Settle(i, k)))),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 25_000).map(ms -> (Step) new Advance(ms))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Probe())));
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 400)
    void anySequenceOfOutcomesAndClockStepsKeepsTheBreakersPromises(@ForAll("steps") List<Step> steps) {
        ManualClock clock = new ManualClock();
        List<CircuitTransition> transitions = new ArrayList<>();
        BackendCircuitBreaker breaker = new BackendCircuitBreaker("b", clock, new ConsecutiveFailures(FAILURE_THRESHOLD),
                SUCCESS_THRESHOLD, Duration.ofMillis(RESET_MS).toNanos(), Duration.ofMillis(MAX_RESET_MS).toNanos(), transitions::add);
        List<Long> outstanding = new ArrayList<>();
        int failuresInARow = 0; // the model's count of closed-state failures since the last success or close
        long lastOpenMillis = 0;

        for (Step step : steps) {
            int transitionsBefore = transitions.size();
            CircuitState before = breaker.snapshot().state();
            long wordBefore = breaker.currentWord();
            switch (step) {
                case Acquire a -> {
                    long permit = breaker.tryAcquire();
                    if (before == CircuitState.OPEN && transitions.size() == transitionsBefore) {
                        assertThat(permit).as("an open breaker rejects").isEqualTo(CircuitBreaker.REJECTED);
                    }
                    if (permit != CircuitBreaker.REJECTED) {
                        outstanding.add(permit);
                    }
                }
                case Settle s -> {
                    if (outstanding.isEmpty()) {
                        continue;
                    }
                    long permit = outstanding.remove(s.index() % outstanding.size());
                    boolean current = permit == wordBefore;
                    boolean closedPermit = (permit & 3) == 0;
                    switch (s.kind()) {
                        case SUCCESS -> breaker.onSuccess(permit, 1);
                        case FAILURE -> breaker.onFailure(permit, 1, "x");
                        case RELEASE -> breaker.release(permit);
                    }
                    if (current && closedPermit && s.kind() == Kind.SUCCESS) {
                        failuresInARow = 0;
                    } else if (current && closedPermit && s.kind() == Kind.FAILURE) {
                        failuresInARow++;
                    }
                    if (!current) {
                        assertThat(transitions).as("a stale outcome changes nothing").hasSize(transitionsBefore);
                    }
                }
                case Advance a -> clock.advanceMillis(a.millis());
                case Probe p -> breaker.probeNow("check");
            }
            // Transitions are legal, counted, and agree with the state.
            for (CircuitTransition t : transitions.subList(transitionsBefore, transitions.size())) {
                switch (t.from()) {
                    case CLOSED -> assertThat(t.to()).isEqualTo(CircuitState.OPEN);
                    case OPEN -> assertThat(t.to()).isEqualTo(CircuitState.HALF_OPEN);
                    case HALF_OPEN -> assertThat(t.to()).isIn(CircuitState.OPEN, CircuitState.CLOSED);
                }
                if (t.to() == CircuitState.OPEN) {
                    long expected = t.from() == CircuitState.CLOSED ? RESET_MS : Math.min(MAX_RESET_MS, lastOpenMillis * 2);
                    assertThat(t.openMillis()).as("open time").isEqualTo(expected);
                    lastOpenMillis = t.openMillis();
                    if (t.from() == CircuitState.CLOSED) {
                        assertThat(failuresInARow).as("opens after exactly N failures in a row").isEqualTo(FAILURE_THRESHOLD);
                    }
                }
                if (t.to() == CircuitState.CLOSED || t.to() == CircuitState.OPEN) {
                    failuresInARow = 0;
                }
            }
            CircuitSnapshot snapshot = breaker.snapshot();
            if (!transitions.isEmpty()) {
                assertThat(snapshot.state()).isEqualTo(transitions.getLast().to());
            } else {
                assertThat(snapshot.state()).isEqualTo(CircuitState.CLOSED);
            }
            assertThat(snapshot.tripsCount()).isEqualTo(transitions.stream().filter(t -> t.to() == CircuitState.OPEN).count());
            if (snapshot.state() == CircuitState.CLOSED) {
                assertThat(snapshot.consecutiveFailures()).isEqualTo(failuresInARow).isLessThan(FAILURE_THRESHOLD);
            }
            if (snapshot.state() == CircuitState.HALF_OPEN) {
                long word = breaker.currentWord();
                long trials = outstanding.stream().filter(p -> p == word).count();
                assertThat(snapshot.probesInFlight()).as("trial calls in flight").isEqualTo((int) trials)
                        .isLessThanOrEqualTo(SUCCESS_THRESHOLD);
            }
            if (snapshot.state() == CircuitState.OPEN) {
                assertThat(snapshot.retryAfterMs()).isBetween(0L, MAX_RESET_MS);
            }
        }
    }
}
