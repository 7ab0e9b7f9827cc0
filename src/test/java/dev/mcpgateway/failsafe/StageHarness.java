package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.testing.IgnoredBackendEvents;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs calls through the failsafe's stages against a scripted backend, on a manual clock: retry
 * backoffs advance the clock instead of sleeping, and the script decides each attempt's fate.
 */
final class StageHarness implements AutoCloseable {

    /** What the backend does with one attempt. */
    @FunctionalInterface
    interface Script {
        JsonRpcResponse answer(BackendCall attempt) throws UpstreamException;
    }

    static final BackendEvents NO_EVENTS = IgnoredBackendEvents.INSTANCE;

    final ManualClock clock = new ManualClock();
    final List<Long> pauses = new CopyOnWriteArrayList<>();
    final List<BackendCall> attempts = new CopyOnWriteArrayList<>();
    final AtomicInteger id = new AtomicInteger();
    final FailsafeRegistry registry;
    final Backend backend;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CallStage retry;
    private final CallStage guard;
    volatile Script script = attempt -> ok();

    StageHarness(FailsafeConfig failsafe) {
        this(failsafe, Map.of());
    }

    StageHarness(FailsafeConfig failsafe, Map<String, Duration> toolTimeouts) {
        registry = new FailsafeRegistry(clock, Duration.ofSeconds(60), (nanos, origin) -> {
            pauses.add(nanos);
            clock.advance(Duration.ofNanos(nanos));
        });
        BackendConfig config = TestConfigs.backend("alpha").withFailsafe(failsafe.withTimeout(Duration.ofSeconds(30)))
                .withToolTimeouts(toolTimeouts);
        backend = new Backend(config, c -> {
            throw new UpstreamException("no transport in this test", false);
        }, NO_EVENTS, JsonValue.EMPTY_OBJECT, scheduler);
        registry.register(List.of(backend));
        retry = registry.stages().get(0);
        guard = registry.stages().get(1);
    }

    /** The defaults (retries on, rate limit and bulkhead off) as tests start from. */
    static FailsafeConfig defaults() {
        return TestConfigs.FAILSAFE;
    }

    static JsonRpcResponse ok() {
        return JsonRpc.result(JsonValue.number(1), JsonValue.parse("{\"content\":[],\"isError\":false}"));
    }

    static JsonRpcResponse internalError() {
        return JsonRpc.error(JsonValue.number(1), -32603, "internal error", null);
    }

    BackendCall call(String method, String tool, boolean repeatable) {
        String params = tool == null ? null : "{\"name\":\"" + tool + "\"}";
        return new BackendCall(backend, null, JsonRpc.request(JsonValue.number(id.incrementAndGet()), method,
                params == null ? null : JsonValue.parse(params)), new CallOptions(null, backend.config().timeout(), repeatable), tool);
    }

    BackendCall toolCall(String tool, boolean repeatable) {
        return call("tools/call", tool, repeatable);
    }

    /** A client's request to call {@code tool}, to be cancelled by the test. */
    ClientRequest clientRequest(String tool) {
        ClientSession session = new ClientSession("s-" + id.incrementAndGet(), "2025-11-25", null, null, message -> true);
        JsonRpcRequest message = JsonRpc.request(JsonValue.number(id.incrementAndGet()), "tools/call",
                JsonValue.parse("{\"name\":\"" + tool + "\"}"));
        ClientRequest request = new ClientRequest(session, message, m -> true);
        session.begin(request);
        return request;
    }

    /** {@code origin}'s tools/call as it reaches the failsafe. */
    BackendCall toolCallFor(ClientRequest origin, String tool) {
        return new BackendCall(backend, origin.session(), origin.message(), new CallOptions(origin, backend.config().timeout(), true), tool);
    }

    /** Calls waiting in line for a bulkhead slot. */
    int queued() {
        return registry.guardFor(backend).waitingForSlot();
    }

    JsonRpcResponse execute(BackendCall call) throws UpstreamException {
        return AsyncCalls.await(retry.handle(call, first -> guard.handle(first, attempt -> {
            attempts.add(attempt);
            return AsyncCalls.here(() -> script.answer(attempt));
        })));
    }

    HealthMetrics health() {
        return registry.health("alpha").orElseThrow();
    }

    CircuitState circuit() {
        return health().circuit().state();
    }

    @Override
    public void close() {
        registry.close();
        scheduler.shutdownNow();
    }
}
