package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.Jitter;
import dev.mcpgateway.config.RetryConfig;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryRulesTest {

    private static RetryConfig retry(Jitter jitter) {
        return new RetryConfig(true, 5, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, jitter, 0.2);
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheMaximum() {
        RetryBackoff backoff = new RetryBackoff(retry(Jitter.NONE));
        assertThat(new long[] {backoff.delayNanos(1), backoff.delayNanos(2), backoff.delayNanos(3), backoff.delayNanos(4),
                backoff.delayNanos(5), backoff.delayNanos(60)}).containsExactly(
                ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000));
    }

    @Test
    void fullJitterSpreadsFromZeroAndEqualJitterFromHalf() {
        assertThat(new RetryBackoff(retry(Jitter.FULL), () -> 0.0).delayNanos(3)).isZero();
        assertThat(new RetryBackoff(retry(Jitter.FULL), () -> 0.999).delayNanos(3)).isBetween(ms(399), ms(400));
        assertThat(new RetryBackoff(retry(Jitter.EQUAL), () -> 0.0).delayNanos(3)).isEqualTo(ms(200));
        assertThat(new RetryBackoff(retry(Jitter.EQUAL), () -> 0.999).delayNanos(3)).isBetween(ms(399), ms(400));
    }

    @Property(tries = 200)
    void aDelayIsNeverNegativeNorAboveTheCap(@ForAll @IntRange(min = 1, max = 100) int retry, @ForAll Jitter jitter,
            @ForAll @DoubleRange(min = 1, max = 10) double multiplier) {
        RetryConfig config = new RetryConfig(true, 5, Duration.ofMillis(50), Duration.ofSeconds(3), multiplier, jitter, 0.2);
        long delay = new RetryBackoff(config).delayNanos(retry);
        assertThat(delay).isBetween(0L, ms(3000));
    }

    @Test
    void theBudgetStartsWithAReserveAndThenAllowsTheRatioOfCalls() {
        RetryBudget budget = new RetryBudget(0.2);
        int retries = 0;
        while (budget.tryWithdraw()) {
            retries++;
        }
        assertThat(retries).isEqualTo(RetryBudget.RESERVE);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        assertThat(budget.available()).isEqualTo(10); // 100 calls x 0.2
        for (int i = 0; i < 1000; i++) {
            budget.deposit();
        }
        assertThat(budget.available()).isEqualTo(RetryBudget.RESERVE); // never saves up more than the reserve
    }

    /** However calls and retries interleave, retries never exceed the reserve plus the ratio of calls. */
    @Property(tries = 300)
    void retriesNeverExceedTheReservePlusTheRatioOfCalls(@ForAll @DoubleRange(min = 0.01, max = 1) double ratio,
            @ForAll("attempts") java.util.List<Boolean> callOrRetry) {
        RetryBudget budget = new RetryBudget(ratio);
        long calls = 0;
        long retries = 0;
        for (boolean isCall : callOrRetry) {
            if (isCall) {
                budget.deposit();
                calls++;
            } else if (budget.tryWithdraw()) {
                retries++;
            }
            assertThat((double) retries).isLessThanOrEqualTo(RetryBudget.RESERVE + Math.round(ratio * 1000) / 1000.0 * calls + 1e-9);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<Boolean>> attempts() {
        return net.jqwik.api.Arbitraries.of(true, false).list().ofMaxSize(2000);
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
