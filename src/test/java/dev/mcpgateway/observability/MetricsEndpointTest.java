package dev.mcpgateway.observability;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics}: the names, labels and values operators build dashboards and alerts on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

    private final FakeMcpServer alpha = new FakeMcpServer("alpha").echoTool("echo")
            .tool("{\"name\":\"broken\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
                throw new FakeMcpServer.ToolFailure(-32603, "it broke");
            })
            .tool("{\"name\":\"sulk\",\"inputSchema\":{\"type\":\"object\"}}", call -> JsonValue.parse(
                    "{\"content\":[{\"type\":\"text\",\"text\":\"no\"}],\"isError\":true}"));
    private Gateway gateway;
    private HttpGatewayClient client;

    @BeforeEach
    void start() throws Exception {
        gateway = Gateway.start(TestConfigs.flat(backend("alpha")), new FakeBackends().add("alpha", alpha), true, Telemetry.disabled());
        gateway.awaitStartup(Duration.ofSeconds(5));
        client = new HttpGatewayClient(gateway.http().mcpUrl()).initialize();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.shutdown(Duration.ofSeconds(1));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = client.get(gateway.http().adminUrl() + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        return response.body();
    }

    @Test
    void serverAndClientDurationsAreHistogramsByMethodBackendAndErrorType() throws Exception {
        client.callTool(1, "alpha__echo");
        client.callTool(2, "alpha__broken");
        String metrics = scrape();
        assertThat(metrics)
                .contains("# TYPE mcp_server_operation_duration_seconds histogram")
                .contains("mcp_server_operation_duration_seconds_count{error_type=\"\",mcp_method_name=\"tools/call\"} 1")
                .contains("mcp_server_operation_duration_seconds_count{error_type=\"-32603\",mcp_method_name=\"tools/call\"} 1")
                .contains("mcp_server_operation_duration_seconds_bucket{error_type=\"\",mcp_method_name=\"initialize\",le=\"0.001\"}")
                .contains("# TYPE mcp_client_operation_duration_seconds histogram")
                .contains("mcp_client_operation_duration_seconds_count{backend=\"alpha\",error_type=\"\",mcp_method_name=\"tools/call\"} 1")
                .contains("mcp_client_operation_duration_seconds_count{backend=\"alpha\",error_type=\"-32603\",mcp_method_name=\"tools/call\"} 1");
    }

    @Test
    void toolCallsAreCountedByBackendToolAndOutcome() throws Exception {
        client.callTool(1, "alpha__echo");
        client.callTool(2, "alpha__echo");
        client.callTool(3, "alpha__broken");
        client.callTool(4, "alpha__sulk");
        client.callTool(5, "alpha__made_up");
        String metrics = scrape();
        assertThat(metrics)
                .contains("mcp_gateway_tool_calls_total{backend=\"alpha\",outcome=\"ok\",tool=\"echo\"} 2.0")
                .contains("mcp_gateway_tool_calls_total{backend=\"alpha\",outcome=\"jsonrpc_error\",tool=\"broken\"} 1.0")
                .contains("mcp_gateway_tool_calls_total{backend=\"alpha\",outcome=\"tool_error\",tool=\"sulk\"} 1.0")
                .as("a tool name that is not in any catalogue never becomes a label").doesNotContain("made_up");
    }

    @Test
    void aToolCallTheGatewayAnswersForATimedOutBackendIsReportedAsATimeout() throws Exception {
        FakeMcpServer slow = new FakeMcpServer("slow").tool("{\"name\":\"nap\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeMcpServer.textResult("late");
        });
        Gateway other = Gateway.start(TestConfigs.flat(TestConfigs.backend("slow", "slow", SessionMode.SHARED, Duration.ofMillis(300))),
                new FakeBackends().add("slow", slow), true, Telemetry.disabled());
        try (HttpGatewayClient c = new HttpGatewayClient(other.http().mcpUrl())) {
            other.awaitStartup(Duration.ofSeconds(5));
            JsonValue answer = c.initialize().callTool(1, "slow__nap");
            assertThat(answer.get("result").get("isError").isTrue()).isTrue();
            String metrics = c.get(other.http().adminUrl() + "/metrics").body();
            assertThat(metrics)
                    .contains("mcp_server_operation_duration_seconds_count{error_type=\"timeout\",mcp_method_name=\"tools/call\"} 1")
                    .contains("mcp_client_operation_duration_seconds_count{backend=\"slow\",error_type=\"timeout\",mcp_method_name=\"tools/call\"} 1")
                    .contains("mcp_gateway_tool_calls_total{backend=\"slow\",outcome=\"timeout\",tool=\"nap\"} 1.0");
        } finally {
            other.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void methodsOutsideMcpShareOneLabelValue() throws Exception {
        client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x/" + "random-" + System.nanoTime() + "\"}");
        assertThat(scrape()).contains("mcp_server_operation_duration_seconds_count{error_type=\"\",mcp_method_name=\"other\"} 1");
    }

    @Test
    void backendGaugesSessionsAndCountersStartAtTheirCurrentValues() throws Exception {
        String metrics = scrape();
        assertThat(metrics)
                .contains("mcp_gateway_sessions_active 1.0")
                .contains("mcp_gateway_backend_healthy{backend=\"alpha\"} 1.0")
                .contains("mcp_gateway_backend_in_flight{backend=\"alpha\"} 0.0")
                .contains("mcp_gateway_backend_queued{backend=\"alpha\"} 0.0")
                .contains("mcp_gateway_backend_restarts_total{backend=\"alpha\"} 0.0")
                .contains("mcp_gateway_backend_circuit_state{backend=\"alpha\",state=\"closed\"} 1.0")
                .contains("mcp_gateway_backend_circuit_state{backend=\"alpha\",state=\"open\"} 0.0")
                .contains("mcp_gateway_backend_circuit_state{backend=\"alpha\",state=\"half_open\"} 0.0")
                .contains("mcp_gateway_retries_total{backend=\"alpha\"} 0.0")
                .contains("mcp_gateway_backend_circuit_transitions_total{backend=\"alpha\",from=\"closed\",to=\"open\"} 0.0")
                .contains("mcp_gateway_backend_rejections_total{backend=\"alpha\",reason=\"circuit_open\"} 0.0")
                .contains("mcp_gateway_build_info{version=")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_seconds_total");
    }

    @Test
    void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
        client.callTool(1, "alpha__echo");
        HttpResponse<String> response = client.get(gateway.http().adminUrl() + "/metrics",
                "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(response.body()).contains("# TYPE mcp_gateway_tool_calls counter").endsWith("# EOF\n");
    }

    @Test
    void everyMetricOfTheIssueIsExportedWithItsLabelsOnceTheGatewayWasUsed() throws Exception {
        client.callTool(1, "alpha__echo");
        Map<String, Set<String>> exported = ExportedMetrics.parse(scrape());
        assertThat(exported).containsEntry("mcp_server_operation_duration_seconds_bucket", Set.of("mcp_method_name", "error_type", "le"))
                .containsEntry("mcp_client_operation_duration_seconds_bucket", Set.of("backend", "mcp_method_name", "error_type", "le"))
                .containsEntry("mcp_gateway_tool_calls_total", Set.of("backend", "tool", "outcome"))
                .containsEntry("mcp_gateway_backend_circuit_state", Set.of("backend", "state"))
                .containsEntry("mcp_gateway_backend_circuit_transitions_total", Set.of("backend", "from", "to"))
                .containsEntry("mcp_gateway_backend_rejections_total", Set.of("backend", "reason"))
                .containsEntry("mcp_gateway_backend_healthy", Set.of("backend"))
                .containsEntry("mcp_gateway_backend_in_flight", Set.of("backend"))
                .containsEntry("mcp_gateway_backend_queued", Set.of("backend"))
                .containsEntry("mcp_gateway_backend_restarts_total", Set.of("backend"))
                .containsEntry("mcp_gateway_retries_total", Set.of("backend"))
                .containsEntry("mcp_gateway_sessions_active", Set.of());
    }
}
