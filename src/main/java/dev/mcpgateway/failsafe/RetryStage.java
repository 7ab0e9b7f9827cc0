package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.CallStage;
import java.time.Duration;

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
    public JsonRpcResponse handle(BackendCall call, Next next) throws UpstreamException {
        BackendGuard guard = guards.guardFor(call.backend());
        Duration timeout = guard.timeoutFor(call);
        long deadline = clock.nanoTime() + timeout.toNanos();
        RetryConfig retry = guard.retry();
        guard.retryBudget().deposit();
        UpstreamException lastError = null;
        JsonRpcResponse lastFailed = null;
        for (int attempt = 1; ; attempt++) {
            BackendCall attemptCall;
            if (attempt == 1) {
                attemptCall = timeout.equals(call.options().timeout()) ? call : Attempts.withTimeout(call, timeout.toNanos());
            } else {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    throw new CallTimeoutException(call.backend().name(), call.method(), timeout);
                }
                attemptCall = Attempts.withTimeout(call, left);
            }
            UpstreamException failure = null;
            String cause;
            try {
                JsonRpcResponse response = next.proceed(attemptCall);
                if (!guard.isFailure(response)) {
                    return response;
                }
                lastFailed = response;
                lastError = null;
                cause = OutcomeClassifier.describe(response);
            } catch (CallRejectedException rejected) {
                if (lastFailed != null) {
                    return lastFailed;
                }
                throw lastError != null ? lastError : rejected;
            } catch (UpstreamException e) {
                if (!guard.worthRetrying(e)) {
                    throw e;
                }
                failure = e;
                lastError = e;
                lastFailed = null;
                cause = e.getMessage();
            }
            if (!retry.enabled() || attempt >= retry.maxAttempts() || !guard.safeToRepeat(call, failure)) {
                break;
            }
            long delay = guard.backoff().delayNanos(attempt);
            if (failure instanceof UpstreamHttpException http && http.retryAfter().isPresent()) {
                delay = Math.max(delay, http.retryAfter().get().toNanos());
            }
            if (deadline - clock.nanoTime() - delay <= 0 || guard.circuitOpenLongerThan(delay) || !guard.retryBudget().tryWithdraw()) {
                break;
            }
            guard.retrying(call.method(), attempt + 1, Duration.ofNanos(delay), cause);
            pause.pause(delay, call.options().origin());
        }
        if (lastFailed != null) {
            return lastFailed;
        }
        throw lastError;
    }
}
