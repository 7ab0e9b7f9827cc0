package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config `mcp-gateway init` writes must itself be valid and document every key. */
class StarterConfigTest {

    private static final List<String> DEMO = List.of(
            "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", "-jar", "/opt/mcp-gateway/mcp-gateway.jar", "demo-server", "--stdio");

    private final List<ConfigProblem> warnings = new ArrayList<>();

    private GatewayConfig load(String text) throws ConfigException {
        return ConfigLoader.load(text, "gateway.yaml", Map.of(), Path.of("").toAbsolutePath(), warnings::add);
    }

    @Test
    void theStarterConfigLoadsWithoutAnyVariableSetOrAnyWarning() throws ConfigException {
        GatewayConfig config = load(StarterConfig.render(DEMO));
        assertThat(warnings).isEmpty();
        assertThat(config.server()).isEqualTo(ServerConfig.DEFAULTS);
        assertThat(config.metaMcp()).isEqualTo(MetaMcpConfig.DEFAULTS);
        assertThat(config.failsafe()).isEqualTo(FailsafeConfig.DEFAULTS);
        assertThat(config.telemetry()).isEqualTo(TelemetryConfig.DEFAULTS);
        assertThat(config.enabledBackends()).extracting(BackendConfig::name).containsExactly("demo");
        assertThat(config.backends().get("demo").command()).isEqualTo(DEMO);
        BackendConfig docs = config.backends().get("docs");
        assertThat(docs.transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
        assertThat(docs.enabled()).isFalse();
    }

    @Test
    void theHttpExampleUsesATokenFromTheEnvironment() throws ConfigException {
        GatewayConfig config = ConfigLoader.load(StarterConfig.render(DEMO).replace("enabled: false", "enabled: true"),
                "gateway.yaml", Map.of("TOKEN", "abc"), Path.of("").toAbsolutePath(), w -> {});
        assertThat(config.backends().get("docs").headers()).containsEntry("Authorization", "Bearer abc");
    }

    @Test
    void aDemoCommandWithSpacesQuotesAndDollarsSurvivesTheRoundTrip() throws ConfigException {
        List<String> odd = List.of("/opt/my java/bin/java", "-jar", "/home/o'neil/$HOME/${X}/gw.jar", "demo-server", "--stdio");
        assertThat(load(StarterConfig.render(odd)).backends().get("demo").command()).isEqualTo(odd);
    }

    @Test
    void theStarterConfigDocumentsEveryKey() {
        String text = StarterConfig.render(DEMO);
        for (String key : List.of(
                "host:", "port:", "max_body_size:", "allowed_origins:", "allowed_hosts:", "session_idle_timeout:",
                "shutdown_timeout:", "admin_port:", "enabled:", "surfaced_tools:",
                "description:", "command:", "args:", "env:", "cwd:", "http_url:", "headers:", "transport:",
                "streamable_http:", "protocol_version:", "timeout:", "tool_timeouts:", "prefix:", "session_mode:", "failsafe:",
                "circuit_breaker:", "failure_threshold:", "success_threshold:", "reset_timeout:", "max_reset_timeout:",
                "mode:", "window:", "min_calls:", "failure_rate:", "slow_call_duration:", "slow_call_rate:",
                "retry:", "max_attempts:", "initial_backoff:", "max_backoff:", "multiplier:", "jitter:", "budget_ratio:",
                "rate_limit:", "requests_per_second:", "burst_size:", "concurrency:", "max_in_flight:", "max_queued:",
                "health_check:", "interval:", "unhealthy_threshold:", "retry_tool_calls:", "failure_mode:",
                "hide_unavailable_tools:", "count_internal_errors_as_failures:", "ready_requires:", "telemetry:",
                "endpoint:", "service_name:", "sample_ratio:")) {
            assertThat(text).as("documents %s", key).contains(key);
        }
        assertThat(text).contains("Bearer ${TOKEN}", "/sse", "npx -y @modelcontextprotocol/server-everything");
    }
}
