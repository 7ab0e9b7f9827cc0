package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void theBuiltInDefaultRunsOnlyTheDemoBackend() {
        List<String> demo = List.of("java", "-jar", "/opt/gw.jar", "demo-server", "--stdio");
        GatewayConfig config = GatewayConfig.builtInDefault(demo);
        assertThat(config.source()).isEmpty();
        assertThat(config.server()).isEqualTo(ServerConfig.DEFAULTS);
        assertThat(config.metaMcp()).isEqualTo(MetaMcpConfig.DEFAULTS);
        assertThat(config.failsafe()).isEqualTo(FailsafeConfig.DEFAULTS);
        assertThat(config.backends()).containsOnlyKeys("demo");
        BackendConfig b = config.backends().get("demo");
        assertThat(b.description()).isEqualTo("Built-in demo backend");
        assertThat(b.transport()).isEqualTo(TransportKind.STDIO);
        assertThat(b.command()).isEqualTo(demo);
        assertThat(b.enabled()).isTrue();
        assertThat(b.prefix()).isEqualTo("demo");
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backendsMustBeStoredUnderTheirName() {
        BackendConfig a = BackendConfig.stdio("a", List.of("x"));
        assertThatThrownBy(() -> new GatewayConfig(ServerConfig.DEFAULTS, MetaMcpConfig.DEFAULTS, Map.of("b", a),
                        FailsafeConfig.DEFAULTS, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend \"a\" is stored under the name \"b\"");
    }

    @Test
    void aBackendRecordKeepsItsTransportConsistent() {
        assertThatThrownBy(() -> BackendConfig.stdio("a", List.of()))
                .hasMessage("a stdio backend needs a command and takes no http_url or headers");
        assertThatThrownBy(() -> BackendConfig.http("a", URI.create("http://h/mcp"), TransportKind.STDIO))
                .hasMessage("not an HTTP transport: STDIO");
        assertThatThrownBy(() -> BackendConfig.stdio("a b", List.of("x")))
                .hasMessage("backend name must be 1 to 32 letters, digits, '_' or '-', got \"a b\"");
    }

    @Test
    void aBackendsTimeoutIsTheOneOfItsFailsafe() {
        BackendConfig b = BackendConfig.stdio("a", List.of("x"))
                .withFailsafe(FailsafeConfig.DEFAULTS.withTimeout(Duration.ofSeconds(3)));
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.failsafe().timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void serverRecordsCheckTheirRanges() {
        assertThatThrownBy(() -> ServerConfig.DEFAULTS.withPort(70000)).hasMessage("port must be from 0 to 65535, got 70000");
        assertThatThrownBy(() -> ServerConfig.DEFAULTS.withAdminPort(OptionalInt.of(-1)))
                .hasMessage("admin_port must be from 0 to 65535, got -1");
        assertThat(ServerConfig.DEFAULTS.withPort(0).withHost("::1").port()).isZero();
    }

    @Test
    void collectionsInRecordsAreImmutableCopies() {
        var origins = new java.util.ArrayList<>(List.of("https://a.example.com"));
        ServerConfig s = new ServerConfig("h", 1, 1, origins, List.of(), Duration.ofSeconds(1), Duration.ZERO,
                OptionalInt.empty());
        origins.add("https://b.example.com");
        assertThat(s.allowedOrigins()).containsExactly("https://a.example.com");
        assertThatThrownBy(() -> s.allowedOrigins().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
