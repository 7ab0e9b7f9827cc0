package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private static final long LONG = Duration.ofSeconds(30).toNanos();

    @Test
    void admitsMaxInFlightThenQueuesMaxQueuedThenRejectsAtOnce() throws Exception {
        Bulkhead bulkhead = new Bulkhead(2, 1);
        assertThat(bulkhead.enter(LONG, () -> false)).isEqualTo(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.enter(LONG, () -> false)).isEqualTo(Bulkhead.Entry.ENTERED);
        CompletableFuture<Bulkhead.Entry> queued = CompletableFuture.supplyAsync(() -> bulkhead.enter(LONG, () -> false),
                Thread::startVirtualThread);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.waiting() == 1);
        assertThat(bulkhead.enter(LONG, () -> false)).isEqualTo(Bulkhead.Entry.QUEUE_FULL);
        assertThat(bulkhead.inFlight()).isEqualTo(2);
        bulkhead.leave();
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.waiting()).isZero();
        assertThat(bulkhead.inFlight()).isEqualTo(2);
    }

    @Test
    void withNoQueueAFullBulkheadRejectsAtOnce() {
        Bulkhead bulkhead = new Bulkhead(1, 0);
        assertThat(bulkhead.enter(LONG, () -> false)).isEqualTo(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.enter(LONG, () -> false)).isEqualTo(Bulkhead.Entry.QUEUE_FULL);
    }

    @Test
    void aWaiterGivesUpWhenItsTimeIsUpOrItsClientCancels() throws Exception {
        Bulkhead bulkhead = new Bulkhead(1, 5);
        bulkhead.enter(LONG, () -> false);
        assertThat(bulkhead.enter(Duration.ofMillis(120).toNanos(), () -> false)).isEqualTo(Bulkhead.Entry.TIMED_OUT);
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Bulkhead.Entry> waiter = CompletableFuture.supplyAsync(() -> bulkhead.enter(LONG, cancelled::get),
                Thread::startVirtualThread);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.waiting() == 1);
        cancelled.set(true);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(Bulkhead.Entry.CANCELLED);
        assertThat(bulkhead.waiting()).isZero();
        bulkhead.leave();
        assertThat(bulkhead.inFlight()).isZero(); // nobody who gave up holds a slot
    }

    @Test
    void thousandsOfVirtualThreadsCompetingNeverExceedTheLimit() throws Exception {
        Bulkhead bulkhead = new Bulkhead(8, 10_000);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            threads.add(Thread.startVirtualThread(() -> {
                if (bulkhead.enter(LONG, () -> false) == Bulkhead.Entry.ENTERED) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.yield();
                    inside.decrementAndGet();
                    bulkhead.leave();
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(most.get()).isBetween(1, 8);
        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.waiting()).isZero();
    }
}
