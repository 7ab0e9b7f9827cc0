package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogRateLimiter limiter = new LogRateLimiter(3, now::get);

    @Test
    void letsTheLimitThroughEachSecondAndReportsTheRestOnce() {
        assertThat(limiter.admit()).isZero();
        assertThat(limiter.admit()).isZero();
        assertThat(limiter.admit()).isZero();
        assertThat(limiter.admit()).isEqualTo(LogRateLimiter.SUPPRESS);
        assertThat(limiter.admit()).isEqualTo(LogRateLimiter.SUPPRESS);

        now.addAndGet(999_999_999L);
        assertThat(limiter.admit()).isEqualTo(LogRateLimiter.SUPPRESS);
        now.addAndGet(1);
        assertThat(limiter.admit()).as("suppressed count handed over once").isEqualTo(3);
        assertThat(limiter.admit()).isZero();
    }

    @Test
    void handsOverWhatWasSuppressedWhenTheStreamEnds() {
        for (int i = 0; i < 10; i++) {
            limiter.admit();
        }
        assertThat(limiter.takeSuppressed()).isEqualTo(7);
        assertThat(limiter.takeSuppressed()).isZero();
    }
}
