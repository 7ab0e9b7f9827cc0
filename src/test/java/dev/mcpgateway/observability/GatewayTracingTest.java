package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.BackendTransports;
import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.config.TransportKind;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.TestConfigs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A call through the gateway, end to end with tracing on (in-memory exporter): the span tree and
 * its attributes, and the trace context each backend receives, at a Streamable HTTP backend
 * (headers and {@code _meta}) and at a stdio child process ({@code _meta}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GatewayTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private EchoMetaHttpServer web;
    private Gateway gateway;
    private HttpGatewayClient client;

    @BeforeAll
    void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        web = new EchoMetaHttpServer();
        BackendConfig http = BackendConfig.http("web", web.url(), TransportKind.STREAMABLE_HTTP);
        BackendConfig stdio = BackendConfig.stdio("kid", List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), EchoMetaServer.class.getName()));
        GatewayConfig config = TestConfigs.flat(http, stdio).withServer(TestConfigs.server());
        gateway = Gateway.start(config, new BackendTransports(), true, Telemetry.of(sdk));
        gateway.awaitStartup(Duration.ofSeconds(30));
        client = new HttpGatewayClient(gateway.http().mcpUrl()).initialize();
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        gateway.shutdown(Duration.ofSeconds(2));
        web.close();
        sdk.close();
    }

    @BeforeEach
    void forgetSpans() {
        spans.reset();
    }

    @Test
    void aToolCallMakesAServerSpanWithTheMcpAttributesAndAClientSpanPerBackendCall() throws Exception {
        JsonValue answer = client.callTool(7, "web__echo_meta", "traceparent", TRACEPARENT, "X-Request-Id", "req-tree-1");
        assertThat(answer.get("result")).isNotNull();

        SpanData server = awaitSpan(SpanKind.SERVER, "tools/call web__echo_meta");
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call echo_meta");

        assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(server.getParentSpanId()).as("the caller's traceparent header is the parent").isEqualTo(CALLER_SPAN);
        assertThat(attr(server, "mcp.method.name")).isEqualTo("tools/call");
        assertThat(attr(server, "gen_ai.tool.name")).isEqualTo("web__echo_meta");
        assertThat(attr(server, "gen_ai.operation.name")).isEqualTo("execute_tool");
        assertThat(attr(server, "jsonrpc.request.id")).isEqualTo("7");
        assertThat(attr(server, "mcp.session.id")).isEqualTo(client.session());
        assertThat(attr(server, "mcp.protocol.version")).isEqualTo("2025-11-25");
        assertThat(attr(server, "network.transport")).isEqualTo("tcp");
        assertThat(attr(server, "request_id")).isEqualTo("req-tree-1");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(call.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(attr(call, "backend")).isEqualTo("web");
        assertThat(attr(call, "mcp.method.name")).isEqualTo("tools/call");
        assertThat(attr(call, "gen_ai.tool.name")).isEqualTo("echo_meta");
        assertThat(attr(call, "request_id")).isEqualTo("req-tree-1");
        assertThat(call.getAttributes().get(AttributeKey.longKey("attempt"))).isEqualTo(1L);
        assertThat(attr(call, "circuit_state")).isEqualTo("closed");
        assertThat(attr(call, "outcome")).isEqualTo("ok");
        assertThat(attr(call, "network.transport")).isEqualTo("tcp");
        assertThat(attr(call, "server.address")).isEqualTo("127.0.0.1");
        assertThat(call.getAttributes().get(AttributeKey.doubleKey("latency_ms"))).isPositive();
    }

    @Test
    void anHttpBackendReceivesTheTraceInItsHeadersAndInParamsMeta() throws Exception {
        client.callTool(8, "web__echo_meta", "traceparent", TRACEPARENT, "X-Request-Id", "req-http-1");
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call echo_meta");
        String expected = "00-" + TRACE_ID + "-" + call.getSpanId() + "-01";

        EchoMetaHttpServer.Received received = web.received().stream()
                .filter(r -> r.message() instanceof JsonRpcRequest req && "tools/call".equals(req.method())
                        && req.meta() != null && expected.equals(req.meta().getString("traceparent")))
                .findFirst().orElseThrow(() -> new AssertionError("no tools/call with " + expected + " in _meta: " + web.received()));
        assertThat(received.headers().get("traceparent")).isEqualTo(expected);
        assertThat(received.headers().get("X-Request-Id")).isEqualTo("req-http-1");
    }

    @Test
    void aStdioBackendReceivesTheTraceInParamsMeta() throws Exception {
        JsonValue answer = client.callTool(9, "kid__echo_meta", "traceparent", TRACEPARENT);
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call echo_meta");
        assertThat(attr(call, "backend")).isEqualTo("kid");
        assertThat(attr(call, "network.transport")).isEqualTo("pipe");

        JsonValue meta = JsonValue.parse(answer.get("result").get("content").elements().getFirst().getString("text"));
        assertThat(meta.getString("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + call.getSpanId() + "-01");
    }

    @Test
    void traceContextInParamsMetaWinsOverTheHttpHeaderAndOtherMetaFieldsSurvive() throws Exception {
        String metaTrace = "0af7651916cd43dd8448eb211c80319c";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"kid__echo_meta\",\"arguments\":{},"
                + "\"_meta\":{\"traceparent\":\"00-" + metaTrace + "-b7ad6b7169203331-01\",\"tracestate\":\"vendor=1\",\"custom\":1.10}}}";
        JsonValue answer = JsonValue.parse(client.post(body, "traceparent", TRACEPARENT).body());

        SpanData server = awaitSpan(SpanKind.SERVER, "tools/call kid__echo_meta");
        assertThat(server.getTraceId()).isEqualTo(metaTrace);
        assertThat(server.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call echo_meta");
        JsonValue meta = JsonValue.parse(answer.get("result").get("content").elements().getFirst().getString("text"));
        assertThat(meta.getString("traceparent")).isEqualTo("00-" + metaTrace + "-" + call.getSpanId() + "-01");
        assertThat(meta.getString("tracestate")).isEqualTo("vendor=1");
        assertThat(meta.get("custom").toString()).as("unknown _meta members are forwarded byte for byte").isEqualTo("1.10");
    }

    @Test
    void aBackendErrorMarksBothSpansAsErrorsWithTheJsonRpcCode() throws Exception {
        JsonValue answer = client.callTool(11, "web__fail");
        assertThat(answer.get("error").get("code").asLong()).isEqualTo(-32603);

        SpanData server = awaitSpan(SpanKind.SERVER, "tools/call web__fail");
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call fail");
        assertThat(attr(call, "error.type")).isEqualTo("-32603");
        assertThat(attr(call, "rpc.response.status_code")).isEqualTo("-32603");
        assertThat(attr(call, "outcome")).isEqualTo("jsonrpc_error");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getStatus().getDescription()).isEqualTo("boom");
        assertThat(attr(server, "error.type")).isEqualTo("-32603");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aRequestTheCallerGotWrongIsNotAServerError() throws Exception {
        JsonValue answer = client.callTool(12, "no_such_tool");
        assertThat(answer.get("error").get("code").asLong()).isEqualTo(-32602);
        SpanData server = awaitSpan(SpanKind.SERVER, "tools/call no_such_tool");
        assertThat(attr(server, "rpc.response.status_code")).isEqualTo("-32602");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getKind() == SpanKind.CLIENT);
    }

    @Test
    void withoutACallerContextTheServerSpanStartsANewTraceThatTheBackendContinues() throws Exception {
        JsonValue answer = client.callTool(13, "kid__echo_meta");
        SpanData server = awaitSpan(SpanKind.SERVER, "tools/call kid__echo_meta");
        SpanData call = awaitSpan(SpanKind.CLIENT, "tools/call echo_meta");
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        assertThat(call.getTraceId()).isEqualTo(server.getTraceId());
        JsonValue meta = JsonValue.parse(answer.get("result").get("content").elements().getFirst().getString("text"));
        assertThat(meta.getString("traceparent")).contains(server.getTraceId());
    }

    @Test
    void initializeAndListsGetServerSpansToo() throws Exception {
        try (HttpGatewayClient other = new HttpGatewayClient(gateway.http().mcpUrl())) {
            other.initialize("traceparent", TRACEPARENT);
            SpanData init = awaitSpan(SpanKind.SERVER, "initialize");
            assertThat(init.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(attr(init, "mcp.session.id")).isEqualTo(other.session());
            other.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            assertThat(attr(awaitSpan(SpanKind.SERVER, "tools/list"), "mcp.method.name")).isEqualTo("tools/list");
        }
    }

    private SpanData awaitSpan(SpanKind kind, String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == kind && s.getName().equals(name)).reduce((a, b) -> b).orElse(null), s -> s != null);
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
