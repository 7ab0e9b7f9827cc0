package dev.mcpgateway.bench;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.failsafe.FailsafeRegistry;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.observability.LogContext;
import dev.mcpgateway.observability.Observability;
import dev.mcpgateway.observability.RequestIds;
import dev.mcpgateway.observability.Telemetry;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.BackendMessageRouter;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.routing.RequestObserver;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;
import dev.mcpgateway.session.SessionRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability adds to one client request that makes one backend call (a 1 KB
 * {@code tools/call}): the request observer (request id, log fields, server metric, SERVER span),
 * the call observer (tool-call counter) and the attempt tracer (backend log field, client metric,
 * CLIENT span with the circuit state read from the failsafe, trace context written into
 * {@code params._meta}). The backend answers
 * at once, so nothing but observability is measured; {@code bare} does the same request without
 * observability, to subtract.
 *
 * <p>{@code tracing=off}: telemetry disabled (the default). {@code tracing=on}: the OpenTelemetry SDK
 * with an always-on sampler and a batch processor whose exporter drops the spans (export runs on
 * its own thread; its cost is not on the request's path).
 *
 * <p>Run: {@code bin/bench ObservabilityOverhead}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class ObservabilityOverheadBenchmark {

    @Param({"off", "on"})
    public String tracing;

    private OpenTelemetrySdk sdk;
    private Observability observability;
    private RequestObserver observer;
    private CallStage callObserver;
    private CallStage attemptTracer;
    private ScheduledExecutorService scheduler;
    private Backend backend;
    private ClientSession session;
    private JsonRpcRequest request;
    private JsonRpcRequest upstreamRequest;
    private JsonRpcResponse answer;
    private CompletableFuture<JsonRpcResponse> answered;

    @Setup(Level.Trial)
    public void setUp() {
        Telemetry telemetry = Telemetry.disabled();
        if (tracing.equals("on")) {
            sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).setMaxQueueSize(65_536).build())
                    .build()).build();
            telemetry = Telemetry.of(sdk);
        }
        observability = new Observability(telemetry);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        SessionRegistry sessions = new SessionRegistry(Duration.ofMinutes(30));
        backend = new Backend(BackendConfig.stdio("github", List.of("github-mcp")), b -> {
            throw new UpstreamException("not used", false);
        }, observability.observe(new BackendMessageRouter(sessions)), JsonValue.EMPTY_OBJECT, scheduler);
        FailsafeRegistry failsafe = new FailsafeRegistry();
        failsafe.register(List.of(backend));
        observability.useFailsafe(failsafe);
        observability.bind(List.of(backend), sessions, List.of(), () -> true, () -> false);
        observer = observability.requestObserver();
        callObserver = observability.callObserver();
        attemptTracer = observability.attemptTracer();
        session = new ClientSession("c9f2Xb7PqLm0Zr8Tn4Yw1A", "2025-11-25", JsonValue.EMPTY_OBJECT,
                JsonValue.parse("{\"name\":\"bench\",\"version\":\"1\"}"), message -> true);
        String args = "{\"query\":\"" + "q".repeat(600) + "\",\"limit\":10,\"ratio\":1.10,\"nested\":{\"a\":[1,2,3],\"b\":null}}";
        request = (JsonRpcRequest) JsonRpc.parseMessage(("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"github__search_issues\",\"arguments\":" + args + ",\"_meta\":{\"progressToken\":\"p-17\"}}}")
                .getBytes(StandardCharsets.UTF_8));
        upstreamRequest = (JsonRpcRequest) JsonRpc.parseMessage(("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"search_issues\",\"arguments\":" + args + ",\"_meta\":{\"progressToken\":\"p-17\"}}}")
                .getBytes(StandardCharsets.UTF_8));
        answer = (JsonRpcResponse) JsonRpc.parseMessage(("{\"jsonrpc\":\"2.0\",\"id\":17,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + "r".repeat(200) + "\"}],\"isError\":false}}").getBytes(StandardCharsets.UTF_8));
        answered = CompletableFuture.completedFuture(answer);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        observability.close();
        if (sdk != null) {
            sdk.close();
        }
        scheduler.shutdownNow();
    }

    /**
     * One request, one backend call, with every observability hook the gateway runs: the HTTP
     * layer's request id and log field, then the request observer and both backend-call stages.
     */
    @Benchmark
    public JsonRpcResponse observed() throws UpstreamException {
        String requestId = RequestIds.keepOrMake(null);
        LogContext.Saved httpFields = LogContext.set(LogContext.REQUEST_ID, requestId);
        try {
            ClientRequest clientRequest = new ClientRequest(session, request, null, Inbound.http(requestId, null, null, null));
            RequestObserver.Observation observation = observer.started(clientRequest);
            BackendCall call = new BackendCall(backend, session, upstreamRequest, new CallOptions(clientRequest, Duration.ofSeconds(30), false),
                    "search_issues");
            JsonRpcResponse response = callObserver.handle(call, outer -> attemptTracer.handle(outer, inner -> answered)).join();
            observation.ended(response, null, session);
            return response;
        } finally {
            httpFields.restore();
        }
    }

    /** The same request and call without observability: what {@link #observed} adds is the difference. */
    @Benchmark
    public JsonRpcResponse bare() throws UpstreamException {
        ClientRequest clientRequest = new ClientRequest(session, request, null, Inbound.http(null, null, null, null));
        BackendCall call = new BackendCall(backend, session, upstreamRequest, new CallOptions(clientRequest, Duration.ofSeconds(30), false),
                "search_issues");
        CallStage.Next backendAnswers = inner -> answered;
        return backendAnswers.proceed(call).join();
    }

    /** Drops every span: the benchmark measures recording, not exporting. */
    private static final class DroppingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
