package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BackendCircuitBreakerTest {

    private final ManualClock clock = new ManualClock();
    private final List<CircuitTransition> transitions = new CopyOnWriteArrayList<>();

    /** failure_threshold 3, success_threshold 2, reset 10 s, max 60 s. */
    private BackendCircuitBreaker breaker() {
        return breaker(new ConsecutiveFailures(3));
    }

    private BackendCircuitBreaker breaker(TripRule rule) {
        return new BackendCircuitBreaker("github", clock, rule, 2, Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(60).toNanos(),
                transitions::add);
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            long permit = b.tryAcquire();
            assertThat(permit).isNotEqualTo(CircuitBreaker.REJECTED);
            b.onFailure(permit, 1_000_000, "boom " + i);
        }
    }

    private static void succeed(CircuitBreaker b) {
        long permit = b.tryAcquire();
        assertThat(permit).isNotEqualTo(CircuitBreaker.REJECTED);
        b.onSuccess(permit, 1_000_000);
    }

    @Test
    void opensAfterExactlyFailureThresholdConsecutiveFailures() {
        BackendCircuitBreaker b = breaker();
        fail(b, 2);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().consecutiveFailures()).isEqualTo(2);
        fail(b, 1);
        CircuitSnapshot open = b.snapshot();
        assertThat(open.state()).isEqualTo(CircuitState.OPEN);
        assertThat(open.tripsCount()).isEqualTo(1);
        assertThat(open.retryAfterMs()).isEqualTo(10_000);
        assertThat(open.openReason()).isEqualTo("3 consecutive failures (last: boom 0)");
    }

    @Test
    void aSuccessResetsTheCountOfFailuresInARow() {
        BackendCircuitBreaker b = breaker();
        fail(b, 2);
        succeed(b);
        fail(b, 2);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void rejectsEveryCallWhileOpenAndCountsTheWaitDown() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        for (int i = 0; i < 100; i++) {
            assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
        }
        clock.advanceMillis(9_999);
        assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
        assertThat(b.snapshot().retryAfterMs()).isEqualTo(1);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void afterTheResetTimeoutHalfOpenAdmitsAtMostSuccessThresholdTrialCallsAtOnce() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        clock.advanceMillis(10_000);
        long first = b.tryAcquire();
        long second = b.tryAcquire();
        assertThat(first).isNotEqualTo(CircuitBreaker.REJECTED);
        assertThat(second).isNotEqualTo(CircuitBreaker.REJECTED);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.snapshot().probesInFlight()).isEqualTo(2);
        assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
        b.release(first); // a trial that says nothing frees its slot
        long third = b.tryAcquire();
        assertThat(third).isNotEqualTo(CircuitBreaker.REJECTED);
        assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.REJECTED);
    }

    @Test
    void successThresholdSuccessfulTrialsCloseTheBreaker() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        clock.advanceMillis(10_000);
        succeed(b);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        succeed(b);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().consecutiveFailures()).isZero();
        assertThat(b.snapshot().openReason()).isNull();
        fail(b, 2);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aFailedTrialReopensWithTheOpenTimeDoubledUpToTheMaximum() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        List<Long> openTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            openTimes.add(b.snapshot().retryAfterMs());
            clock.advanceMillis(b.snapshot().retryAfterMs());
            fail(b, 1); // the trial call fails
            assertThat(b.snapshot().state()).isEqualTo(CircuitState.OPEN);
            assertThat(b.snapshot().openReason()).startsWith("a trial call failed (last: boom 0)");
        }
        openTimes.add(b.snapshot().retryAfterMs());
        assertThat(openTimes).containsExactly(10_000L, 20_000L, 40_000L, 60_000L, 60_000L, 60_000L);
        assertThat(b.snapshot().tripsCount()).isEqualTo(6);
    }

    @Test
    void closingResetsTheOpenTimeToTheResetTimeout() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        clock.advanceMillis(10_000);
        fail(b, 1);
        assertThat(b.snapshot().retryAfterMs()).isEqualTo(20_000);
        clock.advanceMillis(20_000);
        succeed(b);
        succeed(b);
        fail(b, 3);
        assertThat(b.snapshot().retryAfterMs()).isEqualTo(10_000);
    }

    @Test
    void outcomesOfCallsAdmittedBeforeTheBreakerChangedAreIgnored() {
        BackendCircuitBreaker b = breaker();
        long slowCall = b.tryAcquire();
        fail(b, 3);
        clock.advanceMillis(10_000);
        long trial = b.tryAcquire();
        b.onSuccess(slowCall, 1); // admitted while closed: neither a trial success...
        b.onFailure(slowCall, 1, "late"); // ...nor a trial failure
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.snapshot().probesInFlight()).isEqualTo(1);
        b.onSuccess(trial, 1);
        long second = b.tryAcquire();
        b.onSuccess(second, 1);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
        b.onSuccess(trial, 1); // settled twice by mistake: changes nothing
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aSuccessfulHealthCheckLetsAnOpenBreakerTryCallsAtOnce() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        b.probeNow("a health check succeeded");
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.tryAcquire()).isNotEqualTo(CircuitBreaker.REJECTED);
        b.probeNow("again"); // only an open breaker moves
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(transitions).extracting(CircuitTransition::cause).last().isEqualTo("a health check succeeded");
    }

    @Test
    void everyTransitionIsPublishedOnceWithItsCauseAndCounts() {
        BackendCircuitBreaker b = breaker();
        fail(b, 3);
        clock.advanceMillis(10_000);
        fail(b, 1);
        clock.advanceMillis(20_000);
        succeed(b);
        succeed(b);
        assertThat(transitions).containsExactly(
                new CircuitTransition("github", CircuitState.CLOSED, CircuitState.OPEN, "3 consecutive failures (last: boom 2)", 3, 1, 10_000),
                new CircuitTransition("github", CircuitState.OPEN, CircuitState.HALF_OPEN, "the open time (10 s) passed", 3, 1, 0),
                new CircuitTransition("github", CircuitState.HALF_OPEN, CircuitState.OPEN, "a trial call failed (last: boom 0)", 3, 2, 20_000),
                new CircuitTransition("github", CircuitState.OPEN, CircuitState.HALF_OPEN, "the open time (20 s) passed", 3, 2, 0),
                new CircuitTransition("github", CircuitState.HALF_OPEN, CircuitState.CLOSED, "2 successful trial calls", 3, 2, 0));
    }

    @Test
    void transitionsArePublishedOutsideTheBreakersLock() {
        List<Boolean> heldLock = new CopyOnWriteArrayList<>();
        BackendCircuitBreaker[] self = new BackendCircuitBreaker[1];
        self[0] = new BackendCircuitBreaker("github", clock, new ConsecutiveFailures(1), 1, 1_000, 1_000,
                t -> heldLock.add(Thread.holdsLock(self[0])));
        fail(self[0], 1);
        clock.advanceMillis(1);
        succeed(self[0]);
        assertThat(heldLock).containsExactly(false, false, false);
    }

    @Test
    void rateModeOpensWhenTheFailureRateIsReachedOverAtLeastMinCalls() {
        BackendCircuitBreaker b = breaker(new FailureRateWindow(Duration.ofSeconds(60).toNanos(), 10, 0.5,
                Duration.ofSeconds(5).toNanos(), 1.0));
        for (int i = 0; i < 4; i++) {
            fail(b, 1);
            succeed(b);
        }
        fail(b, 1);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED); // 5 of 9: too few calls to judge
        succeed(b);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.OPEN); // 5 of 10 = 50%
        assertThat(b.snapshot().openReason()).isEqualTo("50% of the last 10 calls failed (in 60 s; threshold 50%)");
    }

    @Test
    void rateModeForgetsCallsThatLeftTheWindow() {
        BackendCircuitBreaker b = breaker(new FailureRateWindow(Duration.ofSeconds(60).toNanos(), 4, 0.5,
                Duration.ofSeconds(5).toNanos(), 1.0));
        fail(b, 3);
        clock.advanceMillis(61_000);
        succeed(b);
        succeed(b);
        succeed(b);
        fail(b, 1);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED); // 1 of 4 in the window
    }

    @Test
    void rateModeOpensWhenTooManyCallsAreSlow() {
        BackendCircuitBreaker b = breaker(new FailureRateWindow(Duration.ofSeconds(60).toNanos(), 4, 1.0,
                Duration.ofSeconds(2).toNanos(), 0.75));
        for (int i = 0; i < 3; i++) {
            long permit = b.tryAcquire();
            b.onSuccess(permit, Duration.ofSeconds(3).toNanos());
        }
        succeed(b);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.OPEN);
        assertThat(b.snapshot().openReason()).isEqualTo("75% of the last 4 calls took longer than 2 s (in 60 s; threshold 75%)");
    }

    @Test
    void aDisabledBreakerNeverRejects() {
        CircuitBreaker b = CircuitBreaker.disabled();
        for (int i = 0; i < 100; i++) {
            b.onFailure(b.tryAcquire(), 1, "x");
        }
        assertThat(b.tryAcquire()).isNotEqualTo(CircuitBreaker.REJECTED);
        assertThat(b.snapshot().state()).isEqualTo(CircuitState.CLOSED);
    }
}
