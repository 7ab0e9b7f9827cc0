package dev.mcpgateway.observability;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.mcpgateway.Gateway;
import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.SessionIds;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The fields log lines carry while a request runs, on every thread involved, and the formats they are written in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogFieldsTest {

    private static final org.slf4j.Logger SEND_LOG = LoggerFactory.getLogger("test.send");

    /** Logs one line on the sending thread, as a real transport's debug logging would. */
    private static TransportFactory loggingSends(FakeBackends fakes) {
        return backend -> {
            UpstreamTransport real = fakes.create(backend);
            return new UpstreamTransport() {
                @Override
                public void start(Listener listener) throws UpstreamException {
                    real.start(listener);
                }

                @Override
                public void send(JsonRpcMessage message) throws UpstreamException {
                    if (message instanceof JsonRpcRequest r && r.method().equals("tools/call")) {
                        SEND_LOG.info("sending {}", r.method());
                    }
                    real.send(message);
                }

                @Override
                public String kind() {
                    return real.kind();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
    }

    @Test
    void aRequestsLinesCarryItsIdSessionMethodTraceBackendAndLatency() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        FakeBackends fakes = new FakeBackends().add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        Logger requests = (Logger) LoggerFactory.getLogger(RequestLog.REQUESTS);
        Level before = requests.getLevel();
        requests.setLevel(Level.DEBUG);
        try (CapturedLogs logs = new CapturedLogs()) {
            Gateway gateway = Gateway.start(TestConfigs.flat(backend("alpha")), loggingSends(fakes), true, Telemetry.of(sdk));
            try (HttpGatewayClient client = new HttpGatewayClient(gateway.http().mcpUrl())) {
                gateway.awaitStartup(Duration.ofSeconds(5));
                client.initialize().callTool(3, "alpha__echo", "X-Request-Id", "fields-1");

                ILoggingEvent sent = await().until(() -> find(logs, "test.send"), e -> e != null);
                Map<String, String> onSend = sent.getMDCPropertyMap();
                assertThat(onSend).containsEntry("request_id", "fields-1")
                        .containsEntry("session", SessionIds.abbreviate(client.session()))
                        .containsEntry("method", "tools/call")
                        .containsEntry("backend", "alpha")
                        .containsKeys("trace_id", "span_id");

                ILoggingEvent answered = await().until(() -> logs.events().stream().filter(e -> e.getLoggerName().equals(RequestLog.REQUESTS)
                        && e.getFormattedMessage().startsWith("tools/call")).findFirst().orElse(null), e -> e != null);
                assertThat(answered.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(answered.getFormattedMessage()).contains("tools/call alpha__echo", "answered: ok");
                Map<String, String> onAnswer = answered.getMDCPropertyMap();
                assertThat(onAnswer).containsEntry("request_id", "fields-1").containsEntry("method", "tools/call")
                        .containsEntry("trace_id", onSend.get("trace_id")).containsKey("latency_ms").doesNotContainKey("backend");
                assertThat(Double.parseDouble(onAnswer.get("latency_ms"))).isPositive();
                assertThat(onAnswer.get("span_id")).as("the request's own span, not the backend call's").isNotEqualTo(onSend.get("span_id"));
            } finally {
                gateway.shutdown(Duration.ofSeconds(1));
                sdk.close();
            }
        } finally {
            requests.setLevel(before);
        }
    }

    @Test
    void fieldsAreRestoredExactlyAfterARequestSoNothingLeaksToTheNextOneOnTheThread() throws Exception {
        FakeBackends fakes = new FakeBackends().add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        Gateway gateway = Gateway.start(TestConfigs.flat(backend("alpha")), fakes, false, Telemetry.disabled());
        try {
            gateway.awaitStartup(Duration.ofSeconds(5));
            var client = dev.mcpgateway.testing.TestClient.connect(gateway.dispatcher(), gateway.sessions(), "{}");
            MDC.put("request_id", "outer");
            client.request("tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{}}");
            assertThat(MDC.get("request_id")).isEqualTo("outer");
            assertThat(MDC.get("method")).isNull();
            assertThat(MDC.get("session")).isNull();
            assertThat(MDC.get("backend")).isNull();
            client.close();
        } finally {
            MDC.clear();
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void theAccessLogIsOffByDefaultAndWritesOneInfoLinePerRequestWhenOn() throws Exception {
        FakeBackends fakes = new FakeBackends().add("alpha", new FakeMcpServer("alpha").echoTool("echo"));
        Logger access = (Logger) LoggerFactory.getLogger(RequestLog.ACCESS);
        Level before = access.getLevel();
        Gateway gateway = Gateway.start(TestConfigs.flat(backend("alpha")), fakes, true, Telemetry.disabled());
        try (CapturedLogs logs = new CapturedLogs(); HttpGatewayClient client = new HttpGatewayClient(gateway.http().mcpUrl())) {
            gateway.awaitStartup(Duration.ofSeconds(5));
            access.setLevel(Level.OFF);
            client.initialize();
            assertThat(logs.events()).noneMatch(e -> e.getLoggerName().equals(RequestLog.ACCESS));

            access.setLevel(Level.INFO);
            client.callTool(4, "alpha__echo", "X-Request-Id", "access-1");
            ILoggingEvent line = await().until(() -> find(logs, RequestLog.ACCESS), e -> e != null);
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).matches("tools/call alpha__echo id=4 ok [0-9.]+ ms");
            assertThat(line.getMDCPropertyMap()).containsEntry("request_id", "access-1").containsKey("latency_ms");
        } finally {
            access.setLevel(before);
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void jsonLinesUseTheDocumentedFieldNames() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var encoder = Logging.encoder(context, Logging.Format.JSON);
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.mcpgateway.Test"), Level.WARN, "backend {} is sick", null,
                new Object[] {"alpha"});
        event.setMDCPropertyMap(Map.of("request_id", "r1", "backend", "alpha", "latency_ms", "1.5"));
        JsonValue line = JsonValue.parse(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
        assertThat(line.memberNames()).contains("timestamp", "level", "logger", "thread", "message", "request_id", "backend", "latency_ms")
                .doesNotContain("@timestamp", "@version", "level_value", "logger_name");
        assertThat(line.getString("message")).isEqualTo("backend alpha is sick");
        assertThat(line.getString("level")).isEqualTo("WARN");
        encoder.stop();
    }

    @Test
    void textLinesEndWithTheRequestIdWhenThereIsOne() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var encoder = Logging.encoder(context, Logging.Format.TEXT);
        LoggingEvent with = new LoggingEvent("x", context.getLogger("dev.mcpgateway.Test"), Level.INFO, "hello", null, null);
        with.setMDCPropertyMap(Map.of("request_id", "r-9"));
        LoggingEvent without = new LoggingEvent("x", context.getLogger("dev.mcpgateway.Test"), Level.INFO, "hello", null, null);
        without.setMDCPropertyMap(Map.of());
        assertThat(new String(encoder.encode(with), StandardCharsets.UTF_8)).endsWith("hello request_id=r-9" + System.lineSeparator());
        assertThat(new String(encoder.encode(without), StandardCharsets.UTF_8)).endsWith("hello" + System.lineSeparator());
        encoder.stop();
    }

    private static ILoggingEvent find(CapturedLogs logs, String logger) {
        return logs.events().stream().filter(e -> e.getLoggerName().equals(logger)).findFirst().orElse(null);
    }
}
