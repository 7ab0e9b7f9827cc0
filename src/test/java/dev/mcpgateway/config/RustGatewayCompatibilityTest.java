package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway.yaml written for the Rust mcp-gateway loads, with one warning per key we do not implement. */
class RustGatewayCompatibilityTest {

    private final Configs configs = new Configs(
            Map.of("TAVILY_API_KEY", "tvly-secret", "API_TOKEN", "ctx7-secret"), Path.of("").toAbsolutePath());

    private static String rustConfig() throws IOException {
        try (InputStream in = RustGatewayCompatibilityTest.class.getResourceAsStream("rust-gateway.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRustStyleConfigWithStdioHttpAndSseBackendsLoads() throws Exception {
        GatewayConfig config = configs.load(rustConfig());

        assertThat(config.server().port()).isEqualTo(39400);
        assertThat(config.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.metaMcp().surfacedTools()).containsExactly(new SurfacedTool("tavily", "tavily_search"));
        assertThat(config.failsafe().healthCheck().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.failsafe().circuitBreaker().maxResetTimeout()).isEqualTo(Duration.ofMinutes(5));

        assertThat(config.backends().keySet()).containsExactly("tavily", "context7", "pieces", "google");
        BackendConfig tavily = config.backends().get("tavily");
        assertThat(tavily.transport()).isEqualTo(TransportKind.STDIO);
        assertThat(tavily.command()).containsExactly("npx", "-y", "tavily-mcp@latest");
        assertThat(tavily.env()).containsEntry("TAVILY_API_KEY", "tvly-secret");
        assertThat(tavily.cwd()).contains(Path.of("/tmp"));

        BackendConfig context7 = config.backends().get("context7");
        assertThat(context7.transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
        assertThat(context7.protocolVersion()).contains("2025-03-26");
        assertThat(context7.headers()).containsEntry("Authorization", "Bearer ctx7-secret");

        BackendConfig pieces = config.backends().get("pieces");
        assertThat(pieces.transport()).isEqualTo(TransportKind.SSE);
        assertThat(pieces.httpUrl()).contains(URI.create("http://localhost:39300/sse"));

        assertThat(config.backends().get("google").enabled()).isFalse();
    }

    @Test
    void eachRustOnlyKeyIsIgnoredWithOneWarningLineInFileOrder() throws Exception {
        configs.load(rustConfig());
        assertThat(configs.warningLines()).containsExactly(
                "gateway.yaml:2:1: `env_files` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:8:3: `server.request_timeout` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:12:1: `auth` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:19:3: `meta_mcp.cache_tools` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:20:3: `meta_mcp.cache_ttl` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:21:3: `meta_mcp.warm_start` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:26:1: `streaming` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:52:1: `cache` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:57:1: `capabilities` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                "gateway.yaml:69:5: `backends.tavily.idle_timeout` is a Rust mcp-gateway key that mcp-gateway does not"
                        + " support yet; ignored",
                "gateway.yaml:90:5: `backends.google.oauth` is a Rust mcp-gateway key that mcp-gateway does not support"
                        + " yet; ignored");
    }

    @Test
    void ignoredSectionsAreNotExpandedSoTheirVariablesNeedNotBeSet() throws ConfigException {
        GatewayConfig config = configs.load("""
                auth: {bearer_token: "${UNSET_BEARER}"}
                backends:
                  a: {command: x, oauth: {client_secret: "${UNSET_SECRET}"}}
                """);
        assertThat(config.backends()).containsKey("a");
        assertThat(configs.warnings).hasSize(2);
    }

    @Test
    void aRustKeyInTheWrongPlaceIsStillAnUnknownKey() {
        assertThat(configs.problems("server: {auth: {enabled: true}}")).containsExactly(
                "gateway.yaml:1:10: server.auth: unknown key; valid keys here: host, port, max_body_size, allowed_origins,"
                        + " allowed_hosts, session_idle_timeout, shutdown_timeout, admin_port, ready_requires");
    }

    @Test
    void warningsAreLoggedWhenNoConsumerIsGiven() throws ConfigException {
        // The default consumer logs (to stderr); this only checks that loading still succeeds.
        assertThat(ConfigLoader.load("auth: {}\n", "gateway.yaml", Map.of()).backends()).isEmpty();
    }
}
