package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A breaker tripping, seen from every side: the span tree (attempts, retry, transition and
 * rejection events), the metrics, the health endpoints.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailsafeObservabilityTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private Gateway gateway;
    private HttpGatewayClient client;

    @BeforeEach
    void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        FakeMcpServer alpha = new FakeMcpServer("alpha")
                .tool("{\"name\":\"broken\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"idempotentHint\":true}}", call -> {
                    throw new FakeMcpServer.ToolFailure(-32603, "it broke");
                });
        FakeBackends fakes = new FakeBackends().add("alpha", alpha).add("beta", new FakeMcpServer("beta").echoTool("echo"));
        GatewayConfig config = ConfigLoader.load("""
                server: {host: 127.0.0.1, port: 0}
                meta_mcp: {enabled: false}
                backends:
                  alpha: {command: fake}
                  beta: {command: fake}
                failsafe:
                  circuit_breaker: {failure_threshold: 3, reset_timeout: 5m, max_reset_timeout: 10m}
                  retry: {max_attempts: 2, initial_backoff: 10ms, max_backoff: 20ms, jitter: none}
                  rate_limit: {enabled: false}
                  health_check: {enabled: false}
                """, "gateway.yaml", Map.of(), Path.of("").toAbsolutePath(), w -> {});
        gateway = Gateway.start(config, fakes, true, Telemetry.of(sdk));
        gateway.awaitStartup(Duration.ofSeconds(5));
        client = new HttpGatewayClient(gateway.http().mcpUrl()).initialize();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.shutdown(Duration.ofSeconds(1));
        sdk.close();
    }

    /** Call 1: two failed attempts (a retry). Call 2: the third failure opens the circuit. Call 3: rejected. */
    private JsonValue tripTheBreaker() throws Exception {
        client.callTool(1, "alpha__broken", "X-Request-Id", "trip-1");
        client.callTool(2, "alpha__broken", "X-Request-Id", "trip-2");
        return client.callTool(3, "alpha__broken", "X-Request-Id", "trip-3");
    }

    @Test
    void retriesAreSeparateAttemptSpansAndTheTripAndTheRejectionAreEventsOnTheRequestsSpan() throws Exception {
        JsonValue rejected = tripTheBreaker();
        assertThat(rejected.get("result").get("_meta").getString("reason")).isEqualTo("circuit_open");

        SpanData first = serverSpan("trip-1");
        List<SpanData> attempts = clientSpansOf(first);
        assertThat(attempts).extracting(s -> s.getAttributes().get(AttributeKey.longKey("attempt"))).containsExactlyInAnyOrder(1L, 2L);
        assertThat(attempts).allSatisfy(s -> {
            assertThat(s.getAttributes().get(AttributeKey.stringKey("backend"))).isEqualTo("alpha");
            assertThat(s.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("jsonrpc_error");
            assertThat(s.getAttributes().get(AttributeKey.stringKey("circuit_state"))).isEqualTo("closed");
        });
        assertThat(first.getEvents()).extracting(EventData::getName).contains(FailsafeTelemetry.RETRY);

        SpanData second = serverSpan("trip-2");
        EventData trip = second.getEvents().stream().filter(e -> e.getName().equals(FailsafeTelemetry.CIRCUIT_TRANSITION)).findFirst()
                .orElseThrow(() -> new AssertionError("no transition event on " + second));
        assertThat(trip.getAttributes().get(AttributeKey.stringKey("from"))).isEqualTo("closed");
        assertThat(trip.getAttributes().get(AttributeKey.stringKey("to"))).isEqualTo("open");
        assertThat(trip.getAttributes().get(AttributeKey.longKey("consecutive_failures"))).isEqualTo(3L);

        SpanData third = serverSpan("trip-3");
        assertThat(clientSpansOf(third)).as("a rejected call reaches no backend").isEmpty();
        EventData rejection = third.getEvents().stream().filter(e -> e.getName().equals(FailsafeTelemetry.REJECTED)).findFirst().orElseThrow();
        assertThat(rejection.getAttributes().get(AttributeKey.stringKey("reason"))).isEqualTo("circuit_open");
        assertThat(rejection.getAttributes().get(AttributeKey.longKey("retry_after_ms"))).isPositive();
    }

    @Test
    void theMetricsShowTheTripTheRejectionsTheRetryAndTheOpenState() throws Exception {
        tripTheBreaker();
        String metrics = client.get(gateway.http().adminUrl() + "/metrics").body();
        assertThat(metrics)
                .contains("mcp_gateway_backend_circuit_state{backend=\"alpha\",state=\"open\"} 1.0")
                .contains("mcp_gateway_backend_circuit_state{backend=\"beta\",state=\"closed\"} 1.0")
                .contains("mcp_gateway_backend_circuit_transitions_total{backend=\"alpha\",from=\"closed\",to=\"open\"} 1.0")
                .contains("mcp_gateway_retries_total{backend=\"alpha\"} 1.0")
                .contains("mcp_gateway_backend_healthy{backend=\"alpha\"} 0.0")
                .contains("mcp_gateway_backend_healthy{backend=\"beta\"} 1.0")
                .contains("mcp_gateway_tool_calls_total{backend=\"alpha\",outcome=\"circuit_open\",tool=\"broken\"} 1.0")
                .contains("mcp_gateway_tool_calls_total{backend=\"alpha\",outcome=\"jsonrpc_error\",tool=\"broken\"} 2.0")
                .containsPattern("mcp_gateway_backend_rejections_total\\{backend=\"alpha\",reason=\"circuit_open\"} [1-9]");
    }

    @Test
    void theHealthEndpointsShowTheFailsafesFigures() throws Exception {
        tripTheBreaker();
        JsonValue health = JsonValue.parse(client.get(gateway.http().adminUrl() + "/health").body());
        assertThat(health.getString("status")).isEqualTo("degraded");
        assertThat(health.get("backends").get("alpha").getString("circuit_state")).isEqualTo("open");

        JsonValue alpha = JsonValue.parse(client.get(gateway.http().adminUrl() + "/health/backends").body()).get("alpha");
        assertThat(alpha.get("circuit").getString("state")).isEqualTo("open");
        assertThat(alpha.get("circuit").get("trips_count").asLong()).isEqualTo(1);
        assertThat(alpha.get("circuit").get("retry_after_ms").asLong()).isPositive();
        assertThat(alpha.get("failure_count").asLong()).isEqualTo(3);
        assertThat(alpha.get("consecutive_failures").asLong()).isEqualTo(3);
        assertThat(alpha.get("rejections").get("circuit_open").asLong()).isPositive();
        assertThat(alpha.get("latency").memberNames()).contains("p50_ms", "p95_ms", "p99_ms");
        assertThat(alpha.memberNames()).contains("last_success", "last_failure", "request_count", "in_flight", "restarts", "transport",
                "status", "last_error");
        assertThat(alpha.getString("status")).isEqualTo("ready");

        JsonValue status = JsonValue.parse(client.get(gateway.http().adminUrl() + "/api/status").body());
        JsonValue first = status.get("backends").elements().getFirst();
        assertThat(first.getString("circuit_state")).isEqualTo("open");
        assertThat(first.get("healthy").isTrue()).isFalse();
    }

    private SpanData serverSpan(String requestId) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && requestId.equals(s.getAttributes().get(AttributeKey.stringKey("request_id"))))
                .findFirst().orElse(null), s -> s != null);
    }

    private List<SpanData> clientSpansOf(SpanData server) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(server.getSpanId())).toList();
    }
}
