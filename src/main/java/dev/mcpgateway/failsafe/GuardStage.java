package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;

/**
 * The inner failsafe stage, once per attempt: circuit breaker and rate limits first (a rejection
 * costs no I/O and no waiting), then a bulkhead slot (waiting in line at most the attempt's time),
 * then the call with whatever time is left, then the outcome recorded for the breaker and health.
 */
final class GuardStage implements CallStage {

    /** Waiting in line shorter than this leaves the attempt's timeout as it was. */
    private static final long NOTICEABLE_WAIT_NANOS = 1_000_000;

    private final GuardLookup guards;
    private final FailsafeClock clock;

    GuardStage(GuardLookup guards, FailsafeClock clock) {
        this.guards = guards;
        this.clock = clock;
    }

    @Override
    public JsonRpcResponse handle(BackendCall call, Next next) throws UpstreamException {
        BackendGuard guard = guards.guardFor(call.backend());
        String method = call.method();
        long permit = guard.admit(method);
        long budget = call.options().timeout().toNanos();
        long queuedAt = clock.nanoTime();
        boolean queued = guard.enter(permit, method, call.options().origin(), budget);
        try {
            long start = queued ? clock.nanoTime() : queuedAt;
            BackendCall attempt = call;
            long waited = start - queuedAt;
            if (waited > NOTICEABLE_WAIT_NANOS) {
                attempt = Attempts.withTimeout(call, Math.max(1, budget - waited));
            }
            guard.started();
            JsonRpcResponse response;
            try {
                response = next.proceed(attempt);
            } catch (UpstreamException e) {
                guard.completed(permit, method, e, clock.nanoTime() - start);
                throw e;
            } catch (RuntimeException e) {
                guard.completed(permit, method, e, clock.nanoTime() - start);
                throw e;
            } catch (Error e) {
                guard.completed(permit, method, new IllegalStateException(e.toString()), clock.nanoTime() - start);
                throw e;
            }
            guard.completed(permit, method, response, clock.nanoTime() - start);
            return response;
        } finally {
            guard.leave();
        }
    }
}
