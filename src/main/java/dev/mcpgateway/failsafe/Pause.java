package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.session.ClientRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits out a retry backoff; ends early, with {@link CallCancelledException}, when the client cancels. */
@FunctionalInterface
interface Pause {

    void pause(long nanos, ClientRequest origin) throws CallCancelledException;

    /** Parks the calling (virtual) thread, looking at cancellation every 50 ms. */
    Pause PARKING = (nanos, origin) -> {
        long deadline = System.nanoTime() + nanos;
        long slice = TimeUnit.MILLISECONDS.toNanos(50);
        while (true) {
            if (origin != null && origin.isCancelled()) {
                throw new CallCancelledException(origin.cancelReason());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, slice));
            if (Thread.currentThread().isInterrupted()) {
                throw new CallCancelledException("interrupted");
            }
        }
    };
}
