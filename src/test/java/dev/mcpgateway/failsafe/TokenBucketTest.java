package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aFullBucketAdmitsTheBurstAtOnceThenOneCallPerInterval() {
        TokenBucket bucket = new TokenBucket(clock, 10, 5); // a token every 100 ms
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire()).isZero();
        }
        assertThat(bucket.tryAcquire()).isEqualTo(Duration.ofMillis(100).toNanos());
        clock.advanceMillis(40);
        assertThat(bucket.tryAcquire()).isEqualTo(Duration.ofMillis(60).toNanos());
        clock.advanceMillis(60);
        assertThat(bucket.tryAcquire()).isZero();
        assertThat(bucket.tryAcquire()).isPositive();
    }

    @Test
    void anIdleBucketRefillsUpToTheBurstAndNoFurther() {
        TokenBucket bucket = new TokenBucket(clock, 2, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryAcquire()).isZero();
        }
        clock.advance(Duration.ofHours(1));
        int admitted = 0;
        while (bucket.tryAcquire() == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void aRejectionTakesNoToken() {
        TokenBucket bucket = new TokenBucket(clock, 1, 1);
        assertThat(bucket.tryAcquire()).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryAcquire()).isPositive();
        }
        clock.advanceMillis(1000);
        assertThat(bucket.tryAcquire()).isZero();
    }

    /** In any stretch of time t the bucket admits at most burst + t * rate calls (and waits it names are honest). */
    @Property(tries = 300)
    void neverAdmitsMoreThanTheBurstPlusTheRate(@ForAll @DoubleRange(min = 0.5, max = 500) double rate,
            @ForAll @IntRange(min = 1, max = 50) int burst,
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 200) Long> gapsMillis) {
        TokenBucket bucket = new TokenBucket(clock, rate, burst);
        List<Long> admittedAt = new ArrayList<>();
        for (long gap : gapsMillis) {
            clock.advanceMillis(gap);
            long wait = bucket.tryAcquire();
            if (wait == 0) {
                admittedAt.add(clock.nanoTime());
            } else {
                assertThat(wait).isLessThanOrEqualTo((long) Math.ceil(1e9 / rate) + 1);
            }
        }
        long emission = Math.max(1, Math.round(1e9 / rate));
        for (int i = 0; i < admittedAt.size(); i++) {
            for (int j = i; j < admittedAt.size(); j++) {
                long span = admittedAt.get(j) - admittedAt.get(i);
                long allowed = burst + span / emission;
                assertThat((long) (j - i + 1)).isLessThanOrEqualTo(allowed);
            }
        }
    }
}
