package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code telemetry:} section and {@code server.ready_requires}. */
class ObservabilityConfigLoadingTest {

    private final Configs configs = new Configs();

    @Test
    void telemetryIsOffByDefaultAndAnEmptySectionKeepsTheDefaults() throws ConfigException {
        assertThat(configs.load("").telemetry()).isEqualTo(TelemetryConfig.DEFAULTS);
        assertThat(configs.load("telemetry:\n").telemetry()).isEqualTo(TelemetryConfig.DEFAULTS);
        assertThat(TelemetryConfig.DEFAULTS.enabled()).isFalse();
        assertThat(TelemetryConfig.DEFAULTS.serviceName()).isEqualTo("mcp-gateway");
        assertThat(TelemetryConfig.DEFAULTS.sampleRatio()).isEqualTo(1.0);
    }

    @Test
    void readsEveryTelemetryKeyAndExpandsVariablesInHeaders() throws ConfigException {
        TelemetryConfig telemetry = configs.load("""
                telemetry:
                  enabled: true
                  endpoint: http://collector.internal:4318
                  headers:
                    Authorization: "Bearer ${TOKEN}"
                  service_name: gateway-eu
                  sample_ratio: 0.25
                """).telemetry();
        assertThat(telemetry).isEqualTo(new TelemetryConfig(true, Optional.of(URI.create("http://collector.internal:4318")),
                Map.of("Authorization", "Bearer tok-SECRET-123"), "gateway-eu", 0.25));
    }

    @Test
    void theTelemetrySummaryNeverShowsHeaderValues() throws ConfigException {
        TelemetryConfig telemetry = configs.load("telemetry: {enabled: true, headers: {Authorization: \"Bearer ${TOKEN}\"}}").telemetry();
        assertThat(telemetry.toString()).contains("Authorization").doesNotContain("tok-SECRET-123");
    }

    @Test
    void aSampleRatioIsFromZeroToOne() throws ConfigException {
        assertThat(configs.load("telemetry: {sample_ratio: 0}").telemetry().sampleRatio()).isZero();
        assertThat(configs.problems("telemetry: {sample_ratio: 1.5}"))
                .containsExactly("gateway.yaml:1:27: telemetry.sample_ratio: expected a number from 0 to 1 (the share of traces recorded), got 1.5");
        assertThat(configs.problems("telemetry: {sample_ratio: -1}"))
                .containsExactly("gateway.yaml:1:27: telemetry.sample_ratio: expected a number of at least 0, got -1");
    }

    @Test
    void theEndpointIsAnHttpUrlWithoutQuery() {
        assertThat(configs.problems("telemetry: {endpoint: collector:4317}")).singleElement().asString()
                .contains("telemetry.endpoint: expected an http:// or https:// URL");
        assertThat(configs.problems("telemetry: {endpoint: \"http://c:4318/?x=1\"}")).singleElement().asString()
                .contains("without query or fragment");
    }

    @Test
    void unknownTelemetryKeysAreErrorsWithASuggestion() {
        assertThat(configs.problems("telemetry: {sample_rate: 0.5}"))
                .containsExactly("gateway.yaml:1:13: telemetry.sample_rate: unknown key; did you mean \"sample_ratio\"?");
    }

    @Test
    void readinessNeedsNoBackendByDefault() throws ConfigException {
        assertThat(ServerConfig.DEFAULTS.readyRequires()).isEmpty();
        assertThat(configs.load("server: {ready_requires: []}").server().readyRequires()).isEmpty();
    }

    @Test
    void readinessMayRequireNamedBackendsOrAllOfThem() throws ConfigException {
        String backends = """
                backends:
                  github: {command: gh-mcp}
                  docs: {http_url: "http://127.0.0.1:3001/mcp"}
                """;
        assertThat(configs.load("server: {ready_requires: [docs, github]}\n" + backends).server().readyRequires())
                .containsExactly("docs", "github");
        assertThat(configs.load("server: {ready_requires: [\"*\"]}\n" + backends).server().readyRequires())
                .containsExactly(ServerConfig.ALL_BACKENDS);
    }

    @Test
    void readinessNamesMustBeEnabledBackendsListedOnce() {
        String yaml = """
                server:
                  ready_requires: [gihtub, off, github, github]
                backends:
                  github: {command: gh-mcp}
                  off: {command: x, enabled: false}
                """;
        assertThat(configs.problems(yaml)).containsExactly(
                "gateway.yaml:2:20: server.ready_requires[0]: no backend named \"gihtub\"; did you mean \"github\"?",
                "gateway.yaml:2:28: server.ready_requires[1]: backend \"off\" is disabled, so it can never be healthy and the gateway"
                        + " would never be ready; remove it here or enable it",
                "gateway.yaml:2:41: server.ready_requires[3]: \"github\" is listed twice");
    }

    @Test
    void theWildcardStandsAlone() {
        assertThat(configs.problems("server: {ready_requires: [\"*\", a]}\nbackends: {a: {command: x}}"))
                .singleElement().asString().contains("\"*\" already means every enabled backend");
    }

    @Test
    void oldConstructorsKeepTheNewKeysAtTheirDefaults() {
        ServerConfig server = new ServerConfig("127.0.0.1", 1, 10, List.of(), List.of(), ServerConfig.DEFAULTS.sessionIdleTimeout(),
                ServerConfig.DEFAULTS.shutdownTimeout(), ServerConfig.DEFAULTS.adminPort());
        assertThat(server.readyRequires()).isEmpty();
        GatewayConfig config = new GatewayConfig(server, MetaMcpConfig.DEFAULTS, Map.of(), FailsafeConfig.DEFAULTS, Optional.empty());
        assertThat(config.telemetry()).isEqualTo(TelemetryConfig.DEFAULTS);
    }
}
