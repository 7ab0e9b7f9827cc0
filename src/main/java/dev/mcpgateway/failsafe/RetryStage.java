package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.CallStage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The outer failsafe stage: gives the whole call one deadline (the tool's {@code tool_timeouts}
 * entry, else the backend's {@code timeout}) and sends a failed attempt again when all of these
 * hold: the failure is one a retry can help with (a backend failure, or a call the backend never
 * processed; never the gateway's own rejections, a cancellation or a permanent failure); repeating
 * is safe ({@link BackendGuard#safeToRepeat}); attempts remain ({@code retry.max_attempts}); the
 * backoff still leaves time before the deadline; the circuit will not still be open by then; and
 * the retry budget allows it. Each attempt gets
 * what is left of the deadline, so the retried call as a whole never takes longer than one call may.
 *
 * <p>A backoff waits on a virtual thread of its own; everything else runs where the attempt's
 * answer arrives.
 *
 * <p>When a retry is refused by the gateway itself (say the failures just opened the circuit), the
 * client gets the last real failure, which says more than the rejection.
 */
final class RetryStage implements CallStage {

    private final GuardLookup guards;
    private final FailsafeClock clock;
    private final Pause pause;

    RetryStage(GuardLookup guards, FailsafeClock clock, Pause pause) {
        this.guards = guards;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public CompletableFuture<JsonRpcResponse> handle(BackendCall call, Next next) {
        BackendGuard guard = guards.guardFor(call.backend());
        Duration timeout = guard.timeoutFor(call);
        guard.retryBudget().deposit();
        Retrying retrying = new Retrying(call, next, guard, timeout, clock.nanoTime() + timeout.toNanos());
        retrying.attempt(1);
        return retrying.result;
    }

    /**
     * One call's attempts; each starts when the previous one has ended (and its backoff passed),
     * and the last one completes {@link #result}: one future per call however many attempts it takes.
     */
    private final class Retrying {
        final CompletableFuture<JsonRpcResponse> result = new CompletableFuture<>();
        private final BackendCall call;
        private final Next next;
        private final BackendGuard guard;
        private final Duration timeout;
        private final long deadline;
        private final RetryConfig retry;
        /** The request's trace context and log fields, for the outcomes (retry events), wherever they arrive. */
        private final AsyncCalls.Carried carried = AsyncCalls.carry();
        // Written by one attempt's completion, read by the next: the futures' hand-over orders them.
        private UpstreamException lastError;
        private JsonRpcResponse lastFailed;

        Retrying(BackendCall call, Next next, BackendGuard guard, Duration timeout, long deadline) {
            this.call = call;
            this.next = next;
            this.guard = guard;
            this.timeout = timeout;
            this.deadline = deadline;
            this.retry = guard.retry();
        }

        void attempt(int attempt) {
            BackendCall attemptCall;
            if (attempt == 1) {
                attemptCall = timeout.equals(call.options().timeout()) ? call : Attempts.withTimeout(call, timeout.toNanos());
            } else {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    result.completeExceptionally(new CallTimeoutException(call.backend().name(), call.method(), timeout));
                    return;
                }
                attemptCall = Attempts.withTimeout(call, left);
            }
            next.proceed(attemptCall).whenComplete((response, failure) -> carried.run(() -> {
                try {
                    ended(attempt, response, failure);
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }));
        }

        /** Completes the call, or starts the next attempt after its backoff. */
        private void ended(int attempt, JsonRpcResponse response, Throwable failure) {
            UpstreamException upstreamFailure = null;
            String cause;
            if (failure == null) {
                if (!guard.isFailure(response)) {
                    result.complete(response);
                    return;
                }
                lastFailed = response;
                lastError = null;
                cause = OutcomeClassifier.describe(response);
            } else {
                switch (AsyncCalls.cause(failure)) {
                    case CallRejectedException rejected -> {
                        if (lastFailed != null) {
                            result.complete(lastFailed);
                        } else {
                            result.completeExceptionally(lastError != null ? lastError : rejected);
                        }
                        return;
                    }
                    case UpstreamException e when guard.worthRetrying(e) -> {
                        upstreamFailure = e;
                        lastError = e;
                        lastFailed = null;
                        cause = e.getMessage();
                    }
                    case Throwable other -> {
                        result.completeExceptionally(other);
                        return;
                    }
                }
            }
            if (!retry.enabled() || attempt >= retry.maxAttempts() || !guard.safeToRepeat(call, upstreamFailure)) {
                giveUp();
                return;
            }
            long delay = guard.backoff().delayNanos(attempt);
            if (upstreamFailure instanceof UpstreamHttpException http && http.retryAfter().isPresent()) {
                delay = Math.max(delay, http.retryAfter().get().toNanos());
            }
            if (deadline - clock.nanoTime() - delay <= 0 || guard.circuitOpenLongerThan(delay) || !guard.retryBudget().tryWithdraw()) {
                giveUp();
                return;
            }
            guard.retrying(call.method(), attempt + 1, Duration.ofNanos(delay), cause);
            long backoff = delay;
            AsyncCalls.onVirtualThread(() -> {
                pause.pause(backoff, call.options().origin());
                return null;
            }).whenComplete((paused, cancelled) -> {
                if (cancelled != null) {
                    result.completeExceptionally(AsyncCalls.cause(cancelled));
                } else {
                    attempt(attempt + 1);
                }
            });
        }

        /** The last real failure: an error answer, else the exception. */
        private void giveUp() {
            if (lastFailed != null) {
                result.complete(lastFailed);
            } else {
                result.completeExceptionally(lastError);
            }
        }
    }
}
