package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private static final long LONG = Duration.ofSeconds(30).toNanos();

    @Test
    void admitsMaxInFlightThenQueuesMaxQueuedThenRejectsAtOnce() throws Exception {
        Bulkhead bulkhead = new Bulkhead(2, 1);
        assertThat(bulkhead.enter(LONG)).isCompletedWithValue(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.enter(LONG)).isCompletedWithValue(Bulkhead.Entry.ENTERED);
        CompletableFuture<Bulkhead.Entry> queued = bulkhead.enter(LONG);
        assertThat(queued).isNotDone();
        assertThat(bulkhead.waiting()).isEqualTo(1);
        assertThat(bulkhead.enter(LONG)).isCompletedWithValue(Bulkhead.Entry.QUEUE_FULL);
        assertThat(bulkhead.inFlight()).isEqualTo(2);

        bulkhead.leave();

        assertThat(queued).isCompletedWithValue(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.waiting()).isZero();
        assertThat(bulkhead.inFlight()).isEqualTo(2);
    }

    @Test
    void withNoQueueAFullBulkheadRejectsAtOnce() {
        Bulkhead bulkhead = new Bulkhead(1, 0);
        assertThat(bulkhead.enter(LONG)).isCompletedWithValue(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.enter(LONG)).isCompletedWithValue(Bulkhead.Entry.QUEUE_FULL);
    }

    @Test
    void aNewcomerQueuesBehindThoseAlreadyWaitingAndSlotsGoInTheOrderAsked() {
        Bulkhead bulkhead = new Bulkhead(1, 10);
        bulkhead.enter(LONG);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int caller = i;
            bulkhead.enter(LONG).thenRun(() -> order.add(caller));
        }
        assertThat(bulkhead.tryEnter()).isFalse();

        for (int i = 0; i < 5; i++) {
            bulkhead.leave();
        }

        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(bulkhead.inFlight()).isEqualTo(1);
    }

    @Test
    void theCallerThatGivesASlotBackCarriesOnWithTheFirstInLine() throws Exception {
        Bulkhead bulkhead = new Bulkhead(1, 1);
        bulkhead.enter(LONG);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        bulkhead.enter(LONG).thenRun(() -> ranOn.set(Thread.currentThread()));

        Thread releasing = Thread.ofPlatform().start(bulkhead::leave);
        releasing.join(Duration.ofSeconds(10));

        assertThat(ranOn.get()).isSameAs(releasing);
    }

    @Test
    void callsHandedASlotThatGiveItStraightBackDrainTheLineWithoutGrowingTheStack() {
        Bulkhead bulkhead = new Bulkhead(1, 100_000);
        bulkhead.enter(LONG);
        AtomicInteger served = new AtomicInteger();
        for (int i = 0; i < 50_000; i++) {
            bulkhead.enter(LONG).thenRun(() -> {
                served.incrementAndGet();
                bulkhead.leave(); // failed before it was sent
            });
        }

        bulkhead.leave();

        assertThat(served.get()).isEqualTo(50_000);
        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.waiting()).isZero();
    }

    @Test
    void aWaiterGivesUpWhenItsTimeIsUpOrItIsCancelledAndTakesNoSlotAfterwards() throws Exception {
        Bulkhead bulkhead = new Bulkhead(1, 5);
        bulkhead.enter(LONG);
        CompletableFuture<Bulkhead.Entry> timed = bulkhead.enter(Duration.ofMillis(100).toNanos());
        CompletableFuture<Bulkhead.Entry> cancelled = bulkhead.enter(LONG);

        assertThat(timed.get(10, TimeUnit.SECONDS)).isEqualTo(Bulkhead.Entry.TIMED_OUT);
        bulkhead.cancel(cancelled);
        assertThat(cancelled).isCompletedWithValue(Bulkhead.Entry.CANCELLED);
        assertThat(bulkhead.waiting()).isZero();

        bulkhead.leave();
        assertThat(bulkhead.inFlight()).isZero(); // nobody who gave up holds a slot
        assertThat(bulkhead.tryEnter()).isTrue();
    }

    @Test
    void cancellingAPlaceThatAlreadyHasItsSlotChangesNothing() {
        Bulkhead bulkhead = new Bulkhead(1, 1);
        CompletableFuture<Bulkhead.Entry> entered = bulkhead.enter(LONG);

        bulkhead.cancel(entered);

        assertThat(entered).isCompletedWithValue(Bulkhead.Entry.ENTERED);
        assertThat(bulkhead.inFlight()).isEqualTo(1);
    }

    @Test
    void manyThreadsEnteringLeavingAndGivingUpNeverExceedTheLimitAndLoseNoSlot() throws Exception {
        Bulkhead bulkhead = new Bulkhead(8, 100_000);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<Bulkhead.Entry>> settled = new ConcurrentLinkedQueue<>();
        ExecutorService releasers = Executors.newFixedThreadPool(4);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<?>> submitted = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                submitted.add(CompletableFuture.runAsync(() -> {
                    CompletableFuture<Bulkhead.Entry> place = bulkhead.enter(LONG);
                    settled.add(place.thenApply(entry -> {
                        if (entry == Bulkhead.Entry.ENTERED) {
                            entered.incrementAndGet();
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Runnable release = () -> {
                                inside.decrementAndGet();
                                bulkhead.leave();
                            };
                            // give the slot back here or from another thread, as calls complete either way
                            if (ThreadLocalRandom.current().nextBoolean()) {
                                release.run();
                            } else {
                                releasers.execute(release);
                            }
                        }
                        return entry;
                    }));
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        bulkhead.cancel(place);
                    }
                }, callers));
            }
            CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            callers.shutdown();
            releasers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(releasers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(most.get()).isBetween(1, 8);
        assertThat(entered.get()).isGreaterThan(10_000); // about 9 in 10; the rest gave up in line
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(bulkhead.inFlight()).isZero();
            assertThat(bulkhead.waiting()).isZero();
        });
    }
}
