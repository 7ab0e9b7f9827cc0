package dev.mcpgateway.failsafe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Starts far from zero, so code cannot rely on "0 means never". */
final class ManualClock implements FailsafeClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong epochMillis = new AtomicLong(1_767_225_600_000L); // 2026-01-01T00:00:00Z

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long epochMillis() {
        return epochMillis.get();
    }

    ManualClock advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        epochMillis.addAndGet(d.toMillis());
        return this;
    }

    ManualClock advanceMillis(long ms) {
        return advance(Duration.ofMillis(ms));
    }
}
