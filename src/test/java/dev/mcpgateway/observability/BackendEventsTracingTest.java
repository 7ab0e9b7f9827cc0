package dev.mcpgateway.observability;

import dev.mcpgateway.testing.IgnoredBackendEvents;
import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestClient;
import dev.mcpgateway.testing.TestConfigs;
import dev.mcpgateway.transport.stdio.StdioServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spans of the stdio transport, and the events backend trouble leaves on the span of the call it hit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackendEventsTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final FakeMcpServer alpha = new FakeMcpServer("alpha").echoTool("echo");
    private final FakeBackends fakes = new FakeBackends().add("alpha", alpha);
    private OpenTelemetrySdk sdk;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        gateway = Gateway.start(TestConfigs.flat(backend("alpha")), fakes, false, Telemetry.of(sdk));
        gateway.awaitStartup(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gateway.shutdown(Duration.ofSeconds(1));
        sdk.close();
    }

    @Test
    void overStdioTheServerSpanSaysPipeFollowsTheCallersMetaAndTheBackendGetsTheClientSpan() throws Exception {
        PipedInputStream stdin = new PipedInputStream(1 << 16);
        OutputStream toGateway = new PipedOutputStream(stdin);
        PipedOutputStream stdout = new PipedOutputStream();
        BufferedReader fromGateway = new BufferedReader(new InputStreamReader(new PipedInputStream(stdout, 1 << 16), StandardCharsets.UTF_8));
        StdioServer server = new StdioServer(gateway.dispatcher(), gateway.sessions(), stdin, stdout, 1 << 20);
        Thread reader = Thread.ofPlatform().start(server::run);
        String trace = "5bf92f3577b34da6a3ce929d0e0e4736";
        send(toGateway, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        fromGateway.readLine();
        send(toGateway, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__echo\",\"arguments\":{},"
                + "\"_meta\":{\"traceparent\":\"00-" + trace + "-1111111111111111-01\"}}}");
        assertThat(fromGateway.readLine()).contains("\"id\":1");

        SpanData serverSpan = awaitSpan(SpanKind.SERVER, "tools/call alpha__echo");
        assertThat(serverSpan.getTraceId()).isEqualTo(trace);
        assertThat(serverSpan.getParentSpanId()).isEqualTo("1111111111111111");
        assertThat(serverSpan.getAttributes().get(AttributeKey.stringKey("network.transport"))).isEqualTo("pipe");
        assertThat(serverSpan.getAttributes().get(AttributeKey.stringKey("request_id"))).matches("[0-9a-f-]{36}");
        SpanData clientSpan = awaitSpan(SpanKind.CLIENT, "tools/call echo");
        JsonRpcRequest received = alpha.receivedRequests("tools/call").getLast();
        assertThat(received.meta().getString("traceparent")).isEqualTo("00-" + trace + "-" + clientSpan.getSpanId() + "-01");
        assertThat(received.meta().getString("progressToken")).as("no progress token was asked for").isNull();

        toGateway.close();
        reader.join(5000);
        server.flushAndStop(1000);
    }

    @Test
    void aSessionTheBackendForgotIsReinitializedAsAnEventOnTheCallsSpan() {
        TestClient client = TestClient.connect(gateway.dispatcher(), gateway.sessions(), "{}");
        fakes.latest("alpha").expireSession();
        client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}");
        SpanData clientSpan = awaitSpan(SpanKind.CLIENT, "tools/call echo");
        assertThat(clientSpan.getEvents()).extracting(EventData::getName).contains(ObservedBackendEvents.REINITIALIZED);
        client.close();
    }

    @Test
    void aRestartIsAnEventOnTheSpanOfTheCallThatCausedItAndReachesRoutingWithTheBackendLogField() {
        Backend alphaBackend = gateway.backends().getFirst();
        List<String> seen = new ArrayList<>();
        BackendEvents routing = new IgnoredBackendEvents() {
            @Override
            public void onRestarted(Backend b, String cause) {
                seen.add(cause + " / backend=" + MDC.get("backend"));
            }
        };
        BackendEvents observed = new ObservedBackendEvents(routing);
        Span call = sdk.getTracer("test").spanBuilder("tools/call echo").startSpan();
        Scope scope = call.makeCurrent();
        try {
            observed.onRestarted(alphaBackend, "child exited with code 3");
        } finally {
            scope.close();
            call.end();
        }
        assertThat(seen).containsExactly("child exited with code 3 / backend=alpha");
        assertThat(MDC.get("backend")).isNull();
        SpanData span = awaitSpan(SpanKind.INTERNAL, "tools/call echo");
        EventData restarted = span.getEvents().getFirst();
        assertThat(restarted.getName()).isEqualTo(ObservedBackendEvents.RESTARTED);
        assertThat(restarted.getAttributes().get(AttributeKey.stringKey("backend"))).isEqualTo("alpha");
        assertThat(restarted.getAttributes().get(AttributeKey.stringKey("cause"))).isEqualTo("child exited with code 3");
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private SpanData awaitSpan(SpanKind kind, String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == kind && s.getName().equals(name)).reduce((a, b) -> b).orElse(null), s -> s != null);
    }
}
