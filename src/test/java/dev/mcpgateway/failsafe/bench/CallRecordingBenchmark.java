package dev.mcpgateway.failsafe.bench;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.BreakerMode;
import dev.mcpgateway.config.CircuitBreakerConfig;
import dev.mcpgateway.config.ConcurrencyConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.RateLimitConfig;
import dev.mcpgateway.failsafe.FailsafeRegistry;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.testing.IgnoredBackendEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the failsafe costs a call that succeeds: admission (circuit breaker, token bucket,
 * bulkhead) and recording (breaker outcome, counters, latency histogram, health flags), measured
 * through the real pipeline stages around a backend that answers at once. Not run by the test
 * suite (the name does not match Surefire's patterns). How to run it: see the README, section
 * "Failures".
 *
 * <ul>
 *   <li>{@code guard}: the per-attempt stage alone (admission + recording);
 *   <li>{@code retryAndGuard}: both failsafe stages, as every backend call passes them;
 *   <li>{@code mode}: {@code all} = every part on (the defaults), {@code breakerOnly} = rate limit and
 *       bulkhead off, {@code rate} = breaker in rate mode (its window is updated under a short lock).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CallRecordingBenchmark {

    @Param({"all", "breakerOnly", "rate"})
    public String mode;

    private ScheduledExecutorService scheduler;
    private FailsafeRegistry registry;
    private CallStage retry;
    private CallStage guard;
    private BackendCall call;
    private final JsonRpcResponse answer = JsonRpc.result(JsonValue.number(1), JsonValue.parse("{\"content\":[]}"));
    private final CompletableFuture<JsonRpcResponse> answered = CompletableFuture.completedFuture(answer);
    private final CallStage.Next backendAnswers = c -> answered;
    private final CallStage.Next guardThenBackend = c -> guard.handle(c, backendAnswers);

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        FailsafeConfig failsafe = FailsafeConfig.DEFAULTS
                // a rate far above what the benchmark reaches: admission is measured, not rejection
                .withRateLimit(new RateLimitConfig(true, 1e9, 1_000_000))
                .withConcurrency(new ConcurrencyConfig(true, 1_000_000, 0));
        switch (mode) {
            case "breakerOnly" -> failsafe = failsafe.withRateLimit(failsafe.rateLimit().withEnabled(false))
                    .withConcurrency(failsafe.concurrency().withEnabled(false));
            case "rate" -> failsafe = failsafe.withCircuitBreaker(new CircuitBreakerConfig(true, 5, 3, Duration.ofSeconds(30),
                    Duration.ofMinutes(5), BreakerMode.RATE, Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), 1.0));
            default -> {
            }
        }
        BackendConfig config = BackendConfig.stdio("bench", List.of("unused")).withFailsafe(failsafe);
        Backend backend = new Backend(config, c -> {
            throw new UpstreamException("not started in the benchmark", false);
        }, NO_EVENTS, JsonValue.EMPTY_OBJECT, scheduler);
        registry = new FailsafeRegistry();
        registry.register(List.of(backend));
        retry = registry.stages().get(0);
        guard = registry.stages().get(1);
        JsonRpcRequest request = JsonRpc.request(JsonValue.number(1), "tools/call", JsonValue.parse("{\"name\":\"echo\"}"));
        call = new BackendCall(backend, null, request, new CallOptions(null, Duration.ofSeconds(30), true), "echo");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
        scheduler.shutdownNow();
    }

    @Benchmark
    public JsonRpcResponse guard() throws UpstreamException {
        return guard.handle(call, backendAnswers).join();
    }

    @Benchmark
    public JsonRpcResponse retryAndGuard() throws UpstreamException {
        return retry.handle(call, guardThenBackend).join();
    }

    @Benchmark
    @Threads(2)
    public JsonRpcResponse retryAndGuardTwoThreads() throws UpstreamException {
        return retry.handle(call, guardThenBackend).join();
    }

    /** 64 threads on one backend's failsafe (on 2 cores): the per-call cost must not collapse under contention. */
    @Benchmark
    @Threads(64)
    public JsonRpcResponse retryAndGuard64Threads() throws UpstreamException {
        return retry.handle(call, guardThenBackend).join();
    }

    private static final BackendEvents NO_EVENTS = IgnoredBackendEvents.INSTANCE;
}
