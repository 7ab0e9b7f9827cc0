package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.SessionLostException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.ConcurrencyConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.Jitter;
import dev.mcpgateway.config.RateLimitConfig;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.GatewayErrors.Reason;
import dev.mcpgateway.session.ClientRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailsafeStagesTest {

    private StageHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private StageHarness harness(FailsafeConfig config) {
        harness = new StageHarness(config);
        return harness;
    }

    private static FailsafeConfig noRetries() {
        return StageHarness.defaults().withRetry(RetryConfig.DEFAULTS.withEnabled(false));
    }

    private static FailsafeConfig breaker(FailsafeConfig base, int failures, int successes) {
        return base.withCircuitBreaker(new CircuitBreakerConfig(true, failures, successes, Duration.ofSeconds(30), Duration.ofMinutes(5),
                BreakerMode.CONSECUTIVE, Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0));
    }

    private static UpstreamException crashed() {
        return new UpstreamException("backend `alpha` connection closed: exited with code 1", true);
    }

    /** Fails the first {@code failures} attempts with {@code failure}, then answers. */
    private static StageHarness.Script failing(int failures, UpstreamException failure) {
        AtomicInteger n = new AtomicInteger();
        return attempt -> {
            if (n.incrementAndGet() <= failures) {
                throw failure;
            }
            return StageHarness.ok();
        };
    }

    // ---- retries ----

    @Test
    void aReadOnlyToolIsRetriedWithGrowingJitteredBackoffUntilItSucceeds() throws Exception {
        StageHarness h = harness(StageHarness.defaults());
        List<Integer> retryAttempts = new CopyOnWriteArrayList<>();
        h.registry.addListener(new FailsafeListener() {
            @Override
            public void onRetry(String backend, String method, int attempt, Duration delay, String cause) {
                retryAttempts.add(attempt);
            }
        });
        AtomicInteger n = new AtomicInteger();
        h.script = attempt -> switch (n.incrementAndGet()) {
            case 1 -> StageHarness.internalError();
            case 2 -> throw crashed();
            default -> StageHarness.ok();
        };
        JsonRpcResponse response = h.execute(h.toolCall("search", true));
        assertThat(response.isError()).isFalse();
        assertThat(h.attempts).hasSize(3);
        assertThat(retryAttempts).containsExactly(2, 3);
        assertThat(h.pauses).hasSize(2);
        assertThat(h.pauses.get(0)).isBetween(0L, Duration.ofMillis(100).toNanos());
        assertThat(h.pauses.get(1)).isBetween(0L, Duration.ofMillis(200).toNanos());
        assertThat(h.health().failureCount()).isEqualTo(2);
        assertThat(h.health().successCount()).isEqualTo(1);
    }

    @Test
    void aToolCallThatMayHaveRunIsNeverRepeated() throws Exception {
        StageHarness h = harness(StageHarness.defaults());
        h.script = attempt -> {
            throw crashed();
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("create_issue", false))).hasMessageContaining("exited with code 1");
        assertThat(h.attempts).hasSize(1);
        h.attempts.clear();
        h.script = attempt -> StageHarness.internalError();
        assertThat(h.execute(h.toolCall("create_issue", false)).errorCode()).isEqualTo(-32603);
        assertThat(h.attempts).hasSize(1);
        assertThat(h.pauses).isEmpty();
    }

    @Test
    void withRetryToolCallsEveryToolIsRetried() throws Exception {
        FailsafeConfig base = StageHarness.defaults();
        StageHarness h = harness(new FailsafeConfig(base.circuitBreaker(), base.retry(), base.rateLimit(), base.concurrency(),
                base.timeout(), base.healthCheck(), true, base.failureMode(), false, true));
        h.script = failing(1, crashed());
        assertThat(h.execute(h.toolCall("create_issue", false)).isError()).isFalse();
        assertThat(h.attempts).hasSize(2);
    }

    @Test
    void listReadGetAndPingMethodsAreRetriedButNotOtherMethods() throws Exception {
        StageHarness h = harness(StageHarness.defaults());
        for (String method : List.of("tools/list", "resources/read", "prompts/get", "ping", "resources/templates/list")) {
            h.attempts.clear();
            h.script = failing(1, crashed());
            assertThat(h.execute(h.call(method, null, true)).isError()).as(method).isFalse();
            assertThat(h.attempts).as(method).hasSize(2);
        }
        for (String method : List.of("resources/subscribe", "completion/complete", "tasks/cancel", "logging/setLevel")) {
            h.attempts.clear();
            h.script = failing(1, crashed());
            assertThatThrownBy(() -> h.execute(h.call(method, null, true))).as(method).isInstanceOf(UpstreamException.class);
            assertThat(h.attempts).as(method).hasSize(1);
        }
    }

    @Test
    void aCallThatNeverReachedTheBackendIsRetriedWhateverItsMethod() throws Exception {
        StageHarness h = harness(StageHarness.defaults());
        h.script = failing(1, new UpstreamException("backend `alpha` is not connected: connection refused", false));
        assertThat(h.execute(h.toolCall("create_issue", false)).isError()).isFalse();
        assertThat(h.attempts).hasSize(2);
    }

    @Test
    void cancellationsPermanentFailuresAndLostSessionsAreNotRetriedNorCountedAgainstTheBackend() {
        StageHarness h = harness(StageHarness.defaults());
        for (UpstreamException e : List.of(new CallCancelledException("by the client"), new SessionLostException("lost"))) {
            h.attempts.clear();
            h.script = attempt -> {
                throw e;
            };
            assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isSameAs(e);
            assertThat(h.attempts).hasSize(1);
        }
        assertThat(h.health().failureCount()).isZero();
        assertThat(h.health().requestCount()).isEqualTo(2);
        h.attempts.clear();
        h.script = attempt -> {
            throw new PermanentFailureException("backend `alpha` is unavailable: \"nope\" was not found");
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isInstanceOf(PermanentFailureException.class);
        assertThat(h.attempts).hasSize(1);
    }

    @Test
    void aRetryTheGatewayRefusesEndsTheCallWithTheLastRealFailure() {
        StageHarness h = harness(StageHarness.defaults().withRateLimit(new RateLimitConfig(true, 0.001, 1)));
        UpstreamException failure = crashed();
        h.script = attempt -> {
            throw failure;
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isSameAs(failure);
        assertThat(h.attempts).hasSize(1); // the retry was rate limited, and the client hears about the real failure
        assertThat(h.health().rejected(Reason.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void noRetryIsSentIntoACircuitTheFailuresJustOpened() {
        StageHarness h = harness(breaker(StageHarness.defaults(), 1, 1));
        UpstreamException failure = crashed();
        h.script = attempt -> {
            throw failure;
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isSameAs(failure);
        assertThat(h.attempts).hasSize(1); // no retry into the open circuit
        assertThat(h.pauses).isEmpty();
        assertThat(h.circuit()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void retriesStopWhenTheBudgetIsSpent() throws Exception {
        FailsafeConfig base = breaker(StageHarness.defaults(), 1000, 1);
        StageHarness h = harness(base.withRetry(new RetryConfig(true, 2, Duration.ofMillis(1), Duration.ofMillis(1), 1, Jitter.NONE, 0.1)));
        h.script = attempt -> {
            throw crashed();
        };
        for (int i = 0; i < 30; i++) {
            catchThrowableOfType(UpstreamException.class, () -> h.execute(h.toolCall("search", true)));
        }
        // the reserve of 10, plus 0.1 per call: every retry beyond is refused, so 30 calls make 30 + 12 attempts at most
        assertThat(h.attempts.size()).isBetween(30 + RetryBudget.RESERVE, 30 + RetryBudget.RESERVE + 3);
    }

    @Test
    void theRetriedCallAsAWholeKeepsTheDeadlineOfOneCall() {
        FailsafeConfig base = StageHarness.defaults();
        StageHarness h = harness(base.withRetry(new RetryConfig(true, 10, Duration.ofSeconds(4), Duration.ofSeconds(60), 2, Jitter.NONE, 0.5)));
        h.script = attempt -> {
            h.clock.advance(Duration.ofSeconds(10));
            throw crashed();
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isInstanceOf(UpstreamException.class);
        // 30 s in all: 10 s, wait 4 s, 10 s (at 24 s), and the next 8 s backoff would end after the deadline
        assertThat(h.attempts).extracting(a -> a.options().timeout()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(16));
        assertThat(h.pauses).containsExactly(Duration.ofSeconds(4).toNanos());
    }

    @Test
    void aToolsOwnTimeoutReplacesTheBackendTimeout() throws Exception {
        harness = new StageHarness(noRetries(), Map.of("deep_search", Duration.ofMinutes(5)));
        harness.execute(harness.toolCall("deep_search", true));
        harness.execute(harness.toolCall("search", true));
        harness.execute(harness.call("tools/list", null, true));
        assertThat(harness.attempts).extracting(a -> a.options().timeout())
                .containsExactly(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    // ---- the backend's own rate limiting ----

    @Test
    void http429IsRateLimitingNotAFailureAndItsRetryAfterIsHonouredWithoutCallingTheBackend() throws Exception {
        StageHarness h = harness(breaker(StageHarness.defaults(), 1, 1));
        h.script = attempt -> {
            throw new UpstreamHttpException("backend `alpha` answered HTTP 429", 429, Duration.ofSeconds(2));
        };
        assertThatThrownBy(() -> h.execute(h.toolCall("search", true))).isInstanceOf(UpstreamHttpException.class);
        assertThat(h.attempts).hasSize(1);
        assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
        h.script = attempt -> StageHarness.ok();
        h.clock.advance(Duration.ofMillis(500));
        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(rejected.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(rejected.retryAfterMs()).isEqualTo(1500);
        assertThat(rejected).hasMessage("backend `alpha` asked the gateway to slow down (HTTP 429 with Retry-After); retry in 2 s");
        assertThat(h.attempts).hasSize(1);
        h.clock.advance(Duration.ofMillis(1500));
        assertThat(h.execute(h.toolCall("search", true)).isError()).isFalse();
    }

    @Test
    void aRetryWaitsAtLeastTheServersRetryAfterOf503() throws Exception {
        StageHarness h = harness(StageHarness.defaults());
        h.script = failing(1, new UpstreamHttpException("backend `alpha` answered HTTP 503", 503, Duration.ofSeconds(3)));
        assertThat(h.execute(h.toolCall("search", true)).isError()).isFalse();
        assertThat(h.pauses).containsExactly(Duration.ofSeconds(3).toNanos());
    }

    // ---- the gateway's rate limit and bulkhead ----

    @Test
    void theRateLimitRejectsBeyondTheBurstWithItsOwnReasonAndAWait() throws Exception {
        StageHarness h = harness(noRetries().withRateLimit(new RateLimitConfig(true, 2, 2)));
        h.execute(h.toolCall("search", true));
        h.execute(h.toolCall("search", true));
        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(rejected.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(rejected.retryAfterMs()).isEqualTo(500);
        assertThat(rejected).hasMessage("backend `alpha` is rate limited by the gateway (2.0 calls/s, burst 2); retry in 500 ms");
        assertThat(rejected.reachedServer()).isFalse();
        assertThat(h.attempts).hasSize(2);
        assertThat(h.health().rejected(Reason.RATE_LIMITED)).isEqualTo(1);
        assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
        h.clock.advance(Duration.ofMillis(500));
        h.execute(h.toolCall("search", true));
    }

    @Test
    void aFullBulkheadRejectsAtOnceWithOverloaded() throws Exception {
        StageHarness h = harness(noRetries().withConcurrency(new ConcurrencyConfig(true, 1, 0)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<JsonRpcResponse> busy = holdTheOnlySlot(h, release, new ConcurrentHashMap<>());
        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(rejected.reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(rejected).hasMessage("backend `alpha` is overloaded: 1 calls in flight and 0 waiting (its limits); try again later");
        release.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(h.health().rejected(Reason.OVERLOADED)).isEqualTo(1);
        assertThat(h.health().inFlight()).isZero();
    }

    @Test
    void aCallWaitingForASlotIsSentByTheCallThatGivesOneBackWithTheTimeItHasLeft() throws Exception {
        StageHarness h = harness(noRetries().withConcurrency(new ConcurrencyConfig(true, 1, 4)));
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Thread> sentBy = new ConcurrentHashMap<>();
        CompletableFuture<JsonRpcResponse> busy = holdTheOnlySlot(h, release, sentBy);
        CompletableFuture<JsonRpcResponse> waiting = async(h, h.toolCall("search", true));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> h.queued() == 1);
        // what operators see: /health/backends and the mcp_gateway_backend_queued gauge read this
        assertThat(h.health().queued()).isEqualTo(1);
        assertThat(h.health().toJson().get("queued").asLong()).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(2)); // the time it spends in line

        release.countDown();

        assertThat(busy.get(5, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(waiting.get(5, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(sentBy.get("search")).isSameAs(sentBy.get("slow"));
        assertThat(h.attempts.getLast().options().timeout()).isEqualTo(Duration.ofSeconds(28));
        assertThat(h.health().inFlight()).isZero();
        assertThat(h.queued()).isZero();
    }

    @Test
    void aCallWaitingForASlotThatItsClientCancelsEndsAsCancelledAndTakesNoSlot() throws Exception {
        StageHarness h = harness(noRetries().withConcurrency(new ConcurrencyConfig(true, 1, 4)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<JsonRpcResponse> busy = holdTheOnlySlot(h, release, new ConcurrentHashMap<>());
        ClientRequest origin = h.clientRequest("search");
        CompletableFuture<JsonRpcResponse> waiting = async(h, h.toolCallFor(origin, "search"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> h.queued() == 1);

        origin.cancel("the client cancelled");

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(CallCancelledException.class)
                .hasRootCauseMessage("cancelled: the client cancelled");
        assertThat(h.queued()).isZero();
        release.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(h.attempts).hasSize(1);
        assertThat(h.health().inFlight()).isZero();
    }

    @Test
    void aCallThatFindsNoSlotWithinItsTimeIsRejectedAsOverloaded() throws Exception {
        StageHarness h = harness(noRetries().withConcurrency(new ConcurrencyConfig(true, 1, 4)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<JsonRpcResponse> busy = holdTheOnlySlot(h, release, new ConcurrentHashMap<>());

        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class,
                () -> h.execute(Attempts.withTimeout(h.toolCall("search", true), Duration.ofMillis(150).toNanos())));

        assertThat(rejected.reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(rejected).hasMessage("backend `alpha` is overloaded: no call slot became free within 150 ms (1 calls in flight)");
        assertThat(h.queued()).isZero();
        release.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(h.health().inFlight()).isZero();
    }

    // ---- the circuit breaker in the pipeline ----

    @Test
    void opensAfterExactlyFailureThresholdFailuresThenRejectsWithoutCallingTheBackend() throws Exception {
        StageHarness h = harness(breaker(noRetries(), 5, 3));
        h.script = attempt -> StageHarness.internalError();
        for (int i = 0; i < 5; i++) {
            assertThat(h.execute(h.toolCall("search", true)).errorCode()).isEqualTo(-32603);
        }
        assertThat(h.circuit()).isEqualTo(CircuitState.OPEN);
        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(rejected.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(rejected.retryAfterMs()).isEqualTo(30_000);
        assertThat(rejected).hasMessage("backend `alpha` is unavailable: circuit open after 5 consecutive failures"
                + " (last: JSON-RPC error -32603: internal error); retry in 30 s");
        assertThat(h.attempts).hasSize(5);
        HealthMetrics m = h.health();
        assertThat(m.circuit()).isEqualTo(new HealthMetrics.Circuit(CircuitState.OPEN, 30_000, 1));
        assertThat(m.healthy()).isFalse();
        assertThat(m.rejected(Reason.CIRCUIT_OPEN)).isEqualTo(1);
    }

    @Test
    void halfOpenLetsAtMostSuccessThresholdTrialCallsThroughAndThenCloses() throws Exception {
        StageHarness h = harness(breaker(noRetries(), 1, 3));
        h.script = attempt -> {
            throw crashed();
        };
        catchThrowableOfType(UpstreamException.class, () -> h.execute(h.toolCall("search", true)));
        h.clock.advance(Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        h.script = attempt -> {
            await(release);
            return StageHarness.ok();
        };
        List<CompletableFuture<JsonRpcResponse>> trials = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trials.add(async(h, h.toolCall("search", true)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> h.health().inFlight() == 3);
        CallRejectedException rejected = catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(rejected.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(rejected).hasMessage("backend `alpha` is unavailable: circuit half-open, 3 trial calls already in flight; retry in 1 s");
        release.countDown();
        for (CompletableFuture<JsonRpcResponse> trial : trials) {
            assertThat(trial.get(5, TimeUnit.SECONDS).isError()).isFalse();
        }
        assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(h.attempts).hasSize(4);
    }

    @Test
    void listenersHearEveryEventAndAFailingListenerHarmsNothing() throws Exception {
        StageHarness h = harness(breaker(StageHarness.defaults(), 2, 1));
        List<String> heard = new CopyOnWriteArrayList<>();
        h.registry.addListener(new FailsafeListener() {
            @Override
            public void onCircuitTransition(CircuitTransition t) {
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void onCallCompleted(String backend, String method, CallOutcome outcome, long durationNanos) {
                throw new IllegalStateException("a broken listener");
            }
        });
        h.registry.addListener(new FailsafeListener() {
            @Override
            public void onCircuitTransition(CircuitTransition t) {
                heard.add("circuit " + t.from().wireName() + "->" + t.to().wireName());
            }

            @Override
            public void onRejected(String backend, String method, Reason reason, long retryAfterMs) {
                heard.add("rejected " + reason.wireName());
            }

            @Override
            public void onRetry(String backend, String method, int attempt, Duration delay, String cause) {
                heard.add("retry " + attempt);
            }

            @Override
            public void onCallCompleted(String backend, String method, CallOutcome outcome, long durationNanos) {
                heard.add(method + " " + outcome);
            }
        });
        h.script = attempt -> {
            throw crashed();
        };
        catchThrowableOfType(UpstreamException.class, () -> h.execute(h.toolCall("search", true)));
        // the second failure opens the circuit (published before the call is recorded), so no third attempt is even tried
        assertThat(heard).containsExactly("tools/call FAILURE", "retry 2", "circuit closed->open", "tools/call FAILURE");
        catchThrowableOfType(CallRejectedException.class, () -> h.execute(h.toolCall("search", true)));
        assertThat(heard).last().isEqualTo("rejected circuit_open");
    }

    /**
     * Starts a call to tool {@code slow} that holds the bulkhead's only slot until {@code release};
     * calls to other tools are answered at once. Each attempt's sending thread goes to {@code sentBy}.
     */
    private static CompletableFuture<JsonRpcResponse> holdTheOnlySlot(StageHarness h, CountDownLatch release, Map<String, Thread> sentBy) {
        h.script = attempt -> {
            sentBy.put(attempt.tool(), Thread.currentThread());
            if (attempt.tool().equals("slow")) {
                await(release);
            }
            return StageHarness.ok();
        };
        CompletableFuture<JsonRpcResponse> busy = async(h, h.toolCall("slow", true));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> h.health().inFlight() == 1);
        return busy;
    }

    private static CompletableFuture<JsonRpcResponse> async(StageHarness h, BackendCall call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return h.execute(call);
            } catch (UpstreamException e) {
                throw new IllegalStateException(e);
            }
        }, Thread::startVirtualThread);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
