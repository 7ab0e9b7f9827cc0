package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.CallStage;
import java.util.concurrent.CompletableFuture;

/**
 * The inner failsafe stage, once per attempt: circuit breaker and rate limits first (a rejection
 * costs no I/O and no waiting), then a bulkhead slot (waiting in line at most the attempt's time),
 * then the call with whatever time is left, then the outcome recorded for the breaker and health.
 *
 * <p>Nothing here blocks: a call that finds every bulkhead slot taken waits in line as a future,
 * and goes on (is sent) on the thread of the call that gives a slot back.
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
    public CompletableFuture<JsonRpcResponse> handle(BackendCall call, Next next) {
        BackendGuard guard = guards.guardFor(call.backend());
        String method = call.method();
        long permit;
        try {
            permit = guard.admit(method);
        } catch (CallRejectedException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (guard.tryEnter()) {
            return attempt(guard, permit, call, clock.nanoTime(), next);
        }
        long budget = call.options().timeout().toNanos();
        long queuedAt = clock.nanoTime();
        // the call goes on where the slot is given back: with its own trace context and log fields
        AsyncCalls.Carried carried = AsyncCalls.carry();
        return guard.enter(permit, method, call.options().origin(), budget).thenCompose(entered -> carried.call(() -> {
            long start = clock.nanoTime();
            long waited = start - queuedAt;
            BackendCall attempt = waited > NOTICEABLE_WAIT_NANOS ? Attempts.withTimeout(call, Math.max(1, budget - waited)) : call;
            return attempt(guard, permit, attempt, start, next);
        }));
    }

    /**
     * The call itself, holding a bulkhead slot, with its outcome recorded and the slot given back;
     * the outcome is recorded in the request's trace context (a circuit transition is an event on it).
     */
    private CompletableFuture<JsonRpcResponse> attempt(BackendGuard guard, long permit, BackendCall call, long start, Next next) {
        String method = call.method();
        // Taken before the call: inner stages set and restore fields of their own while it is sent,
        // after which taking them would copy the thread's fields again (JFR: 0.4% of the samples).
        AsyncCalls.Carried carried = AsyncCalls.carry();
        CompletableFuture<JsonRpcResponse> answer;
        try {
            guard.started();
            answer = next.proceed(call);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.whenComplete((response, failure) -> carried.run(() -> {
            long nanos = clock.nanoTime() - start;
            try {
                if (failure == null) {
                    guard.completed(permit, method, response, nanos);
                } else {
                    switch (AsyncCalls.cause(failure)) {
                        case UpstreamException e -> guard.completed(permit, method, e, nanos);
                        case RuntimeException e -> guard.completed(permit, method, e, nanos);
                        case Throwable e -> guard.completed(permit, method, new IllegalStateException(e.toString()), nanos);
                    }
                }
            } finally {
                guard.leave();
            }
        }));
    }
}
