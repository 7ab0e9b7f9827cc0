package dev.mcpgateway.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldAnswersTest {

    private static final Duration HOLD = Duration.ofMillis(50);

    /** A held connection that records its release; {@link #answer} ends the hold like a JSON answer does. */
    private static final class FakeConnection implements HeldAnswers.Holdable {
        final long heldAt = System.nanoTime();
        volatile boolean held = true;
        volatile long releasedAt;
        final AtomicInteger releases = new AtomicInteger();

        @Override
        public boolean stillHeld() {
            return held;
        }

        @Override
        public void release() {
            releasedAt = System.nanoTime();
            releases.incrementAndGet();
            held = false;
        }

        void answer() {
            held = false;
        }

        Duration heldFor() {
            return Duration.ofNanos(releasedAt - heldAt);
        }
    }

    @Test
    void anUnansweredHoldIsReleasedOnceTheHoldTimeIsOver() {
        try (HeldAnswers holder = new HeldAnswers(HOLD)) {
            FakeConnection slow = new FakeConnection();
            holder.hold(slow);

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.releases.get() == 1);
            assertThat(slow.heldFor()).isGreaterThanOrEqualTo(HOLD);
        }
    }

    @Test
    void anAnsweredHoldIsNeverReleased() throws InterruptedException {
        try (HeldAnswers holder = new HeldAnswers(HOLD)) {
            FakeConnection quick = new FakeConnection();
            FakeConnection slow = new FakeConnection();
            holder.hold(quick);
            holder.hold(slow);
            quick.answer();

            await().atMost(Duration.ofSeconds(5)).until(() -> slow.releases.get() == 1);
            Thread.sleep(HOLD.toMillis());
            assertThat(quick.releases).hasValue(0);
        }
    }

    @Test
    void aHoldAfterAQuietSpellWakesTheParkedThread() throws InterruptedException {
        try (HeldAnswers holder = new HeldAnswers(HOLD)) {
            FakeConnection first = new FakeConnection();
            holder.hold(first);
            await().atMost(Duration.ofSeconds(5)).until(() -> first.releases.get() == 1);
            Thread.sleep(HOLD.toMillis() * 4); // past the linger: the thread is parked for good

            FakeConnection second = new FakeConnection();
            holder.hold(second);

            await().atMost(Duration.ofSeconds(5)).until(() -> second.releases.get() == 1);
            assertThat(second.heldFor()).isGreaterThanOrEqualTo(HOLD);
        }
    }

    @Test
    void closingReleasesWhatIsStillHeld() {
        FakeConnection slow = new FakeConnection();
        try (HeldAnswers holder = new HeldAnswers(Duration.ofHours(1))) {
            holder.hold(slow);
        }
        assertThat(slow.releases).hasValue(1);
    }

    @Test
    void holdsFromManyThreadsAreEachReleasedOnceUnlessAnswered() throws Exception {
        int threads = 8;
        int perThread = 200;
        List<FakeConnection> unanswered = java.util.Collections.synchronizedList(new ArrayList<>());
        List<FakeConnection> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HeldAnswers holder = new HeldAnswers(Duration.ofMillis(5))) {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        FakeConnection c = new FakeConnection();
                        holder.hold(c);
                        if (i % 2 == 0) {
                            c.answer();
                            answered.add(c);
                        } else {
                            unanswered.add(c);
                        }
                        if (i % 50 == 0) {
                            Thread.sleep(12); // quiet spells, so the thread parks and is woken again
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> unanswered.stream().allMatch(c -> c.releases.get() == 1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(unanswered).hasSize(threads * perThread / 2).allSatisfy(c -> assertThat(c.releases).hasValue(1));
        // an answer can race with the release (as with a real connection, whose release is then a no-op)
        assertThat(answered.stream().filter(c -> c.releases.get() > 0).count()).isLessThan(answered.size() / 10 + 1);
    }
}
