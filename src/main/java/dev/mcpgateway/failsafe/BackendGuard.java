package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.SessionLostException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.routing.BackendAvailability;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.GatewayErrors.Reason;
import dev.mcpgateway.session.ClientRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the failsafe keeps for one backend, composed once from its merged {@code failsafe}
 * configuration: circuit breaker, rate limit, bulkhead, retry budget and backoff, health record,
 * and the backend's own "slow down" (HTTP 429 / 503 with {@code Retry-After}).
 *
 * <p>The stages call it in this order for each attempt: {@link #admit} (breaker, then the
 * backend's Retry-After, then the token bucket: an open circuit is reported as such even when the
 * bucket is empty too), {@link #enter} (bulkhead), the call, then one of the {@code completed}
 * methods, then {@link #leave}. Nothing here blocks: waiting in the bulkhead's line is a future
 * that the call giving back a slot completes.
 */
final class BackendGuard {

    /** Methods that read and may be repeated after a failure even if the backend may have received them. */
    private static final Set<String> READS = Set.of(McpMethods.PING, McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, McpMethods.RESOURCES_READ, McpMethods.PROMPTS_GET,
            McpMethods.TASKS_GET, McpMethods.TASKS_LIST, McpMethods.TASKS_RESULT);
    /** Rejections by a full trial (half-open) breaker: a hint, since trial calls usually end soon. */
    private static final long HALF_OPEN_RETRY_AFTER_MS = 1000;
    private static final CompletableFuture<Void> ENTERED = CompletableFuture.completedFuture(null);

    private final Backend backend;
    private final String name;
    private final BackendConfig config;
    private final FailsafeConfig failsafe;
    private final FailsafeClock clock;
    private final FailsafeEvents events;
    private final CircuitBreaker breaker;
    private final TokenBucket rateLimit;
    private final Bulkhead bulkhead;
    private final RetryBudget retryBudget;
    private final RetryBackoff backoff;
    private final BackendHealth health;
    private final OutcomeClassifier classifier;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicBoolean lastAvailable = new AtomicBoolean(true);
    /** Until when the backend asked us not to call it (its Retry-After); 0 = no such request. */
    private volatile long throttledUntilNanos;
    private volatile Runnable availabilityChanged = () -> {};
    private volatile ScheduledExecutorService timer;

    BackendGuard(Backend backend, FailsafeClock clock, FailsafeEvents events, long latencyWindowNanos) {
        this.backend = backend;
        this.name = backend.name();
        this.config = backend.config();
        this.failsafe = config.failsafe();
        this.clock = clock;
        this.events = events;
        this.breaker = breaker(name, failsafe.circuitBreaker(), clock, this::onTransition);
        this.rateLimit = failsafe.rateLimit().enabled()
                ? new TokenBucket(clock, failsafe.rateLimit().requestsPerSecond(), failsafe.rateLimit().burstSize()) : null;
        this.bulkhead = failsafe.concurrency().enabled()
                ? new Bulkhead(failsafe.concurrency().maxInFlight(), failsafe.concurrency().maxQueued()) : null;
        this.retryBudget = new RetryBudget(failsafe.retry().budgetRatio());
        this.backoff = new RetryBackoff(failsafe.retry());
        this.health = new BackendHealth(clock, failsafe.healthCheck().unhealthyThreshold(), latencyWindowNanos, this::onHealthChanged);
        this.classifier = new OutcomeClassifier(failsafe.countInternalErrorsAsFailures());
    }

    static CircuitBreaker breaker(String backend, CircuitBreakerConfig c, FailsafeClock clock,
            java.util.function.Consumer<CircuitTransition> transitions) {
        if (!c.enabled()) {
            return CircuitBreaker.disabled();
        }
        TripRule rule = c.mode() == BreakerMode.RATE
                ? new FailureRateWindow(c.window().toNanos(), c.minCalls(), c.failureRate(), c.slowCallDuration().toNanos(), c.slowCallRate())
                : new ConsecutiveFailures(c.failureThreshold());
        return new BackendCircuitBreaker(backend, clock, rule, c.successThreshold(), c.resetTimeout().toNanos(),
                c.maxResetTimeout().toNanos(), transitions);
    }

    Backend backend() {
        return backend;
    }

    String name() {
        return name;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    BackendHealth health() {
        return health;
    }

    RetryConfig retry() {
        return failsafe.retry();
    }

    RetryBudget retryBudget() {
        return retryBudget;
    }

    RetryBackoff backoff() {
        return backoff;
    }

    /** The whole call's time: the tool's own timeout ({@code tool_timeouts}) if it has one, else the call's. */
    Duration timeoutFor(BackendCall call) {
        if (call.tool() != null && config.toolTimeouts().containsKey(call.tool())) {
            return config.toolTimeouts().get(call.tool());
        }
        return call.options().timeout();
    }

    // ---- admission ----

    /**
     * Lets one attempt through the breaker and the rate limits, or rejects it without I/O.
     *
     * @return the breaker permit, to be settled by a {@code completed} method (or {@link #abandon})
     */
    long admit(String method) throws CallRejectedException {
        long permit = breaker.tryAcquire();
        if (permit == CircuitBreaker.REJECTED) {
            throw rejection(method, circuitRejection());
        }
        long throttled = throttledUntilNanos;
        if (throttled != 0) {
            long left = throttled - clock.nanoTime();
            if (left > 0) {
                breaker.release(permit);
                long ms = ceilMillis(left);
                throw rejection(method, new CallRejectedException("backend `" + name + "` asked the gateway to slow down"
                        + " (HTTP 429 with Retry-After); retry in " + HumanDuration.retryIn(ms), Reason.RATE_LIMITED, ms));
            }
        }
        if (rateLimit != null) {
            long wait = rateLimit.tryAcquire();
            if (wait > 0) {
                breaker.release(permit);
                long ms = ceilMillis(wait);
                throw rejection(method, new CallRejectedException("backend `" + name + "` is rate limited by the gateway ("
                        + failsafe.rateLimit().requestsPerSecond() + " calls/s, burst " + failsafe.rateLimit().burstSize()
                        + "); retry in " + HumanDuration.retryIn(ms), Reason.RATE_LIMITED, ms));
            }
        }
        return permit;
    }

    private CallRejectedException circuitRejection() {
        CircuitSnapshot circuit = breaker.snapshot();
        if (circuit.state() == CircuitState.HALF_OPEN) {
            return new CallRejectedException("backend `" + name + "` is unavailable: circuit half-open, " + circuit.probesInFlight()
                    + " trial call" + (circuit.probesInFlight() == 1 ? "" : "s") + " already in flight; retry in "
                    + HumanDuration.retryIn(HALF_OPEN_RETRY_AFTER_MS), Reason.CIRCUIT_OPEN, HALF_OPEN_RETRY_AFTER_MS);
        }
        long retryAfter = Math.max(1, circuit.retryAfterMs());
        return new CallRejectedException("backend `" + name + "` is unavailable: circuit open after " + circuit.openReason()
                + "; retry in " + HumanDuration.retryIn(retryAfter), Reason.CIRCUIT_OPEN, retryAfter);
    }

    private CallRejectedException rejection(String method, CallRejectedException e) {
        health.recordRejection(e.reason());
        events.rejected(name, method, e.reason(), e.retryAfterMs());
        return e;
    }

    private static long ceilMillis(long nanos) {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** Takes a bulkhead slot if one is free (or there is no bulkhead), without waiting. */
    boolean tryEnter() {
        return bulkhead == null || bulkhead.tryEnter();
    }

    /**
     * Takes a bulkhead slot, or a place in line (up to {@code timeoutNanos}) while all are busy,
     * without blocking: the future completes once the slot is taken (on the thread of the call that
     * gave it back), or fails with the rejection or the cancellation. On either the breaker permit is
     * given back. The client cancelling gives up the place in line.
     */
    CompletableFuture<Void> enter(long permit, String method, ClientRequest origin, long timeoutNanos) {
        if (bulkhead == null) {
            return ENTERED;
        }
        CompletableFuture<Bulkhead.Entry> place = bulkhead.enter(timeoutNanos);
        if (origin != null && !place.isDone()) {
            origin.onCancel(() -> bulkhead.cancel(place));
        }
        return place.thenCompose(entry -> {
            if (entry == Bulkhead.Entry.ENTERED) {
                return ENTERED;
            }
            breaker.release(permit);
            return CompletableFuture.failedFuture(switch (entry) {
                case QUEUE_FULL -> rejection(method, new CallRejectedException("backend `" + name + "` is overloaded: "
                        + bulkhead.maxInFlight() + " calls in flight and " + bulkhead.maxQueued() + " waiting (its limits);"
                        + " try again later", Reason.OVERLOADED, -1));
                case TIMED_OUT -> rejection(method, new CallRejectedException("backend `" + name + "` is overloaded: no call slot"
                        + " became free within " + HumanDuration.nanos(timeoutNanos) + " (" + bulkhead.maxInFlight() + " calls in flight)",
                        Reason.OVERLOADED, -1));
                default -> new CallCancelledException(origin == null || origin.cancelReason() == null ? "cancelled" : origin.cancelReason());
            });
        });
    }

    /** Calls waiting in line for a bulkhead slot. */
    int waitingForSlot() {
        return bulkhead == null ? 0 : bulkhead.waiting();
    }

    /** Gives back the bulkhead slot taken by {@link #enter}. */
    void leave() {
        if (bulkhead != null) {
            bulkhead.leave();
        }
    }

    /** A permit whose call never reached {@link #enter} or the backend (an exception in between). */
    void abandon(long permit) {
        breaker.release(permit);
    }

    // ---- outcomes ----

    void started() {
        health.callStarted();
    }

    /** The backend answered after {@code nanos}; returns how it counts. */
    CallOutcome completed(long permit, String method, JsonRpcResponse response, long nanos) {
        health.callEnded();
        CallOutcome outcome = classifier.of(response);
        record(permit, method, outcome, nanos, outcome == CallOutcome.FAILURE ? OutcomeClassifier.describe(response) : null);
        return outcome;
    }

    /** The call failed after {@code nanos}; returns how it counts. */
    CallOutcome completed(long permit, String method, UpstreamException e, long nanos) {
        health.callEnded();
        if (e instanceof UpstreamHttpException http && http.isThrottled() && http.retryAfter().isPresent()) {
            throttle(http.retryAfter().get());
        }
        CallOutcome outcome = classifier.of(e);
        record(permit, method, outcome, nanos, e.getMessage());
        return outcome;
    }

    /** The call ended with a bug (a runtime exception): counted as a failure, so a broken path cannot look healthy. */
    void completed(long permit, String method, RuntimeException e, long nanos) {
        health.callEnded();
        record(permit, method, CallOutcome.FAILURE, nanos, "internal error: " + e);
    }

    private void record(long permit, String method, CallOutcome outcome, long nanos, String cause) {
        switch (outcome) {
            case SUCCESS -> {
                breaker.onSuccess(permit, nanos);
                health.recordSuccess(nanos);
            }
            case FAILURE -> {
                breaker.onFailure(permit, nanos, cause);
                health.recordFailure(nanos, cause);
            }
            case NOT_COUNTED -> {
                breaker.release(permit);
                health.recordNotCounted();
            }
        }
        events.callCompleted(name, method, outcome, nanos);
    }

    /** Honours a backend's Retry-After: calls within it are rejected here, without I/O. */
    private void throttle(Duration retryAfter) {
        long until = clock.nanoTime() + Math.min(retryAfter.toNanos(), Duration.ofHours(1).toNanos());
        long current = throttledUntilNanos;
        if (current == 0 || until - current > 0) {
            throttledUntilNanos = until;
        }
    }

    // ---- retry rules ----

    /** Whether a failed attempt is the kind a retry can help with (a backend failure, or a call never processed). */
    boolean worthRetrying(UpstreamException e) {
        return switch (e) {
            case PermanentFailureException permanent -> false;
            case CallCancelledException cancelled -> false;
            case CallRejectedException rejected -> false;
            case CallTimeoutException timeout -> false; // the attempt used the call's whole remaining time
            // The session already repeated it if it was safe, and deliberately did not otherwise.
            case SessionLostException lost -> false;
            default -> classifier.of(e) == CallOutcome.FAILURE;
        };
    }

    /** Whether a failed response (JSON-RPC -32603, if counted) is a failure worth retrying. */
    boolean isFailure(JsonRpcResponse response) {
        return classifier.of(response) == CallOutcome.FAILURE;
    }

    /**
     * Whether sending {@code call} again is safe: a call that certainly never reached the backend,
     * any method; otherwise only reads (list, read, get, ping) and tools whose annotations say
     * read-only or idempotent (or every tool with {@code retry_tool_calls: true}). A tool call
     * that may have run is never silently repeated.
     *
     * @param failure the attempt's exception, or null if the backend answered with an error
     */
    boolean safeToRepeat(BackendCall call, UpstreamException failure) {
        if (failure != null && !failure.reachedServer()) {
            return true;
        }
        String method = call.method();
        if (READS.contains(method)) {
            return true;
        }
        return McpMethods.TOOLS_CALL.equals(method) && (call.options().repeatable() || failsafe.retryToolCalls());
    }

    /** Whether the circuit will still be open after {@code nanos}: a retry then would only be rejected. */
    boolean circuitOpenLongerThan(long nanos) {
        CircuitSnapshot circuit = breaker.snapshot();
        return circuit.state() == CircuitState.OPEN && circuit.retryAfterMs() * 1_000_000 > nanos;
    }

    void retrying(String method, int attempt, Duration delay, String cause) {
        events.retry(name, method, attempt, delay, cause);
    }

    // ---- health ----

    /** Starts an active health check on a virtual thread, unless one is still running. */
    void checkHealth() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread.ofVirtual().name("health-" + name).start(this::runHealthCheck);
        } catch (RuntimeException | Error e) {
            checking.set(false);
            throw e;
        }
    }

    /** One health check: MCP ping, bypassing the breaker; a pass lets an open breaker try calls now. */
    void runHealthCheck() {
        try {
            if (backend.probe(failsafe.healthCheck().timeout())) {
                health.recordCheck(true, null);
                breaker.probeNow("a health check succeeded");
            }
        } catch (UpstreamException e) {
            health.recordCheck(false, "health check failed: " + e.getMessage());
        } catch (RuntimeException e) {
            health.recordCheck(false, "health check failed: " + e);
        } finally {
            checking.set(false);
        }
    }

    HealthMetrics metrics() {
        return health.snapshot(name, backend.transportName(), breaker.snapshot(), backend.restarts(), waitingForSlot());
    }

    /**
     * Why the backend cannot serve now, or null: it cannot be started, is not connected, or its
     * circuit is open and would reject a call. (Unhealthy alone does not count: the breaker decides
     * what is sent, and a backend hidden for being unhealthy could never show it is well again.)
     */
    BackendAvailability.Unavailable unavailable() {
        String error = backend.lastError();
        switch (backend.status()) {
            case FAILED -> {
                return new BackendAvailability.Unavailable(Reason.BACKEND_UNAVAILABLE, "cannot be started: " + error, -1);
            }
            case UNAVAILABLE -> {
                return new BackendAvailability.Unavailable(Reason.BACKEND_UNAVAILABLE,
                        "not connected" + (error == null ? "" : ": " + error), -1);
            }
            default -> {
            }
        }
        CircuitSnapshot circuit = breaker.snapshot();
        if (circuit.state() == CircuitState.OPEN && circuit.retryAfterMs() > 0) {
            return new BackendAvailability.Unavailable(Reason.CIRCUIT_OPEN, "circuit open after " + circuit.openReason() + "; retry in "
                    + HumanDuration.retryIn(circuit.retryAfterMs()), circuit.retryAfterMs());
        }
        return null;
    }

    /** Called when hiding or failing closed may have to change (every event that moves availability calls {@link #reassess}). */
    void onAvailabilityChange(Runnable action) {
        this.availabilityChanged = action;
    }

    /** Re-evaluates availability after an event; runs the change action when it flipped. */
    void reassess() {
        boolean available = unavailable() == null;
        if (lastAvailable.getAndSet(available) != available) {
            availabilityChanged.run();
        }
    }

    /** Sets the timer used to notice when an open circuit's time is over (availability changes then, without any call). */
    void useTimer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    private void onTransition(CircuitTransition transition) {
        events.circuitTransition(transition);
        reassess();
        ScheduledExecutorService t = timer;
        if (transition.to() == CircuitState.OPEN && t != null && !t.isShutdown()) {
            try {
                t.schedule(this::reassess, transition.openMillis() + 1, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void onHealthChanged(boolean healthy, String cause) {
        events.healthChanged(name, healthy, cause);
        reassess();
    }

    @Override
    public String toString() {
        return "failsafe of `" + name + "`";
    }
}
