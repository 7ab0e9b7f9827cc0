package dev.mcpgateway.failsafe;

/**
 * Time as the failsafe reads it. Injectable, so the breaker, limiter and health windows can be
 * tested by stepping a manual clock instead of sleeping.
 */
public interface FailsafeClock {

    /** Monotonic nanoseconds for measuring durations, like {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock epoch milliseconds for timestamps people read, like {@link System#currentTimeMillis()}. */
    long epochMillis();

    FailsafeClock SYSTEM = new FailsafeClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };
}
