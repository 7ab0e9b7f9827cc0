package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final Configs configs = new Configs();

    @Test
    void anEmptyFileIsTheDefaultsWithNoBackends() throws ConfigException {
        for (String yaml : List.of("", "# only a comment\n", "---\n", "server:\nmeta_mcp:\nfailsafe:\nbackends:\n")) {
            GatewayConfig config = configs.load(yaml);
            assertThat(config.server()).isEqualTo(ServerConfig.DEFAULTS);
            assertThat(config.metaMcp()).isEqualTo(MetaMcpConfig.DEFAULTS);
            assertThat(config.failsafe()).isEqualTo(FailsafeConfig.DEFAULTS);
            assertThat(config.backends()).isEmpty();
            assertThat(config.source()).isEmpty();
        }
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ServerConfig s = ServerConfig.DEFAULTS;
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(39400);
        assertThat(s.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(s.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.adminPort()).isEmpty();
        assertThat(MetaMcpConfig.DEFAULTS.enabled()).isTrue();
    }

    @Test
    void readsEveryServerKey() throws ConfigException {
        ServerConfig server = configs.load("""
                server:
                  host: 0.0.0.0
                  port: 0
                  max_body_size: 512KiB
                  allowed_origins: ["https://App.Example.com", "http://localhost:5173", "https://x.example.com:443/"]
                  allowed_hosts: [Gateway.Internal, "::1", "[fe80::1]"]
                  session_idle_timeout: 1h30m
                  shutdown_timeout: 0s
                  admin_port: 39401
                """).server();
        assertThat(server).isEqualTo(new ServerConfig("0.0.0.0", 0, 512 * 1024,
                List.of("https://app.example.com", "http://localhost:5173", "https://x.example.com"),
                List.of("gateway.internal", "[::1]", "[fe80::1]"),
                Duration.ofMinutes(90), Duration.ZERO, OptionalInt.of(39401)));
    }

    @Test
    void maxBodySizeAcceptsPlainBytesLikeTheRustGateway() throws ConfigException {
        assertThat(configs.load("server: {max_body_size: 10485760}").server().maxBodyBytes()).isEqualTo(10_485_760);
    }

    @Test
    void adminPortMayBeNullAndMustDifferFromPort() throws ConfigException {
        assertThat(configs.load("server: {admin_port: null}").server().adminPort()).isEmpty();
        assertThat(configs.problems("server: {port: 8080, admin_port: 8080}"))
                .containsExactly("gateway.yaml:1:34: server.admin_port: must differ from server.port (8080)");
    }

    @Test
    void originsMustBeSchemeHostAndPort() {
        assertThat(configs.problems("""
                server:
                  allowed_origins: ["*", "example.com", "https://example.com/app", "ftp://example.com"]
                """)).containsExactly(
                "gateway.yaml:2:21: server.allowed_origins[0]: \"*\" would let any web page call the gateway; list each"
                        + " allowed origin (scheme://host[:port])",
                "gateway.yaml:2:26: server.allowed_origins[1]: expected an origin scheme://host[:port] such as"
                        + " https://app.example.com (no path), got \"example.com\"",
                "gateway.yaml:2:41: server.allowed_origins[2]: expected an origin scheme://host[:port] such as"
                        + " https://app.example.com (no path), got \"https://example.com/app\"",
                "gateway.yaml:2:68: server.allowed_origins[3]: expected an origin scheme://host[:port] such as"
                        + " https://app.example.com (no path), got \"ftp://example.com\"");
    }

    @Test
    void allowedHostsAreNamesWithoutSchemeOrPort() {
        assertThat(configs.problems("""
                server:
                  allowed_hosts: ["https://gw.example.com", "gw.example.com:8443"]
                """)).containsExactly(
                "gateway.yaml:2:19: server.allowed_hosts[0]: expected a host name such as gateway.internal (no scheme,"
                        + " port or path), got \"https://gw.example.com\"",
                "gateway.yaml:2:45: server.allowed_hosts[1]: expected a host name without a port (every port of an"
                        + " allowed host is allowed), got \"gw.example.com:8443\"");
    }

    @Test
    void theBindHostHasNoSchemeOrPath() {
        assertThat(configs.problems("server: {host: 'http://localhost'}")).containsExactly(
                "gateway.yaml:1:16: server.host: expected a host name or IP address to bind (no scheme or path), got"
                        + " \"http://localhost\"");
    }

    @Test
    void backendsKeepTheOrderOfTheFileAndCannotBeModified() throws ConfigException {
        GatewayConfig config = configs.load("""
                backends:
                  zeta: {command: z}
                  alpha: {command: a}
                  mid: {http_url: "http://127.0.0.1:1/mcp", enabled: false}
                """);
        assertThat(config.backends().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(config.enabledBackends()).extracting(BackendConfig::name).containsExactly("zeta", "alpha");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.backends().remove("zeta"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void zeroEnabledBackendsIsAValidConfig() throws ConfigException {
        GatewayConfig config = configs.load("""
                backends:
                  a: {command: x, enabled: false}
                """);
        assertThat(config.enabledBackends()).isEmpty();
        assertThat(config.backends()).containsOnlyKeys("a");
    }

    @Test
    void surfacedToolsAcceptThreeSpellings() throws ConfigException {
        MetaMcpConfig meta = configs.load("""
                backends:
                  github: {command: gh-mcp}
                  docs: {http_url: "http://127.0.0.1:3001/mcp"}
                meta_mcp:
                  enabled: false
                  surfaced_tools:
                    - github/create_issue
                    - "docs:search"
                    - {server: github, tool: "repos/list"}
                """).metaMcp();
        assertThat(meta.enabled()).isFalse();
        assertThat(meta.surfacedTools()).containsExactly(
                new SurfacedTool("github", "create_issue"),
                new SurfacedTool("docs", "search"),
                new SurfacedTool("github", "repos/list"));
    }

    @Test
    void surfacedToolsMustNameAConfiguredBackendOnce() {
        assertThat(configs.problems("""
                backends:
                  github: {command: gh-mcp}
                meta_mcp:
                  surfaced_tools:
                    - githb/create_issue
                    - jira/create
                    - github/x
                    - github:x
                    - "nothing"
                    - {server: github}
                    - {server: github, tool: z, note: y}
                """)).containsExactly(
                "gateway.yaml:5:7: meta_mcp.surfaced_tools[0]: no backend named \"githb\"; did you mean \"github\"?",
                "gateway.yaml:6:7: meta_mcp.surfaced_tools[1]: no backend named \"jira\"; configured backends: github",
                "gateway.yaml:8:7: meta_mcp.surfaced_tools[3]: \"github/x\" is listed twice",
                "gateway.yaml:9:7: meta_mcp.surfaced_tools[4]: expected \"server/tool\" (a backend name, a slash and a"
                        + " tool name), got \"nothing\"",
                "gateway.yaml:10:7: meta_mcp.surfaced_tools[5]: needs \"tool\" (the tool's name on that backend)",
                "gateway.yaml:11:33: meta_mcp.surfaced_tools[6].note: unknown key; valid keys here: server, tool");
    }

    @Test
    void aSurfacedToolOfADisabledBackendIsAWarning() throws ConfigException {
        GatewayConfig config = configs.load("""
                backends:
                  github: {command: gh-mcp, enabled: false}
                meta_mcp:
                  surfaced_tools: [github/create_issue]
                """);
        assertThat(config.metaMcp().surfacedTools()).hasSize(1);
        assertThat(configs.warningLines()).containsExactly("gateway.yaml:4:20: backend \"github\" is disabled, so"
                + " \"github/create_issue\" will not be surfaced");
    }

    @Test
    void anchorsAliasesAndMergeKeysShareSettings() throws ConfigException {
        GatewayConfig config = configs.load("""
                x-http-defaults: &http
                  timeout: 10s
                  session_mode: per_client
                  headers: &auth {Authorization: "Bearer ${TOKEN}"}
                backends:
                  a:
                    <<: *http
                    http_url: "http://127.0.0.1:1/mcp"
                  b:
                    <<: *http
                    http_url: "http://127.0.0.1:2/mcp"
                    timeout: 20s
                  c:
                    http_url: "http://127.0.0.1:3/mcp"
                    headers: *auth
                """);
        assertThat(config.backends().get("a").timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.backends().get("a").sessionMode()).isEqualTo(SessionMode.PER_CLIENT);
        assertThat(config.backends().get("b").timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.backends().get("b").sessionMode()).isEqualTo(SessionMode.PER_CLIENT);
        assertThat(config.backends().get("c").headers()).containsEntry("Authorization", "Bearer tok-SECRET-123");
        assertThat(configs.warnings).isEmpty();
    }

    @Test
    void topLevelKeysStartingWithXAreExtensionFieldsForAnchors() throws ConfigException {
        assertThat(configs.load("x-anything: {whatever: [1, 2]}\n").backends()).isEmpty();
        assertThat(configs.problems("server: {x-port: 1}")).containsExactly(
                "gateway.yaml:1:10: server.x-port: unknown key; did you mean \"port\"?");
    }

    @Test
    void loadsAFileAndRemembersItsSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "\uFEFFbackends:\n  a: {command: x, cwd: .}\n");
        GatewayConfig config = ConfigLoader.load(file, Map.of(), w -> {});
        assertThat(config.source()).contains(file);
        assertThat(config.backends().get("a").cwd()).contains(dir.toAbsolutePath().normalize());
    }

    @Test
    void aMissingUnreadableOrNonUtf8FileIsOneProblem(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThat(problemOf(missing)).isEqualTo(missing + ": file not found");
        assertThat(problemOf(dir)).isEqualTo(dir + ": is a directory, not a file");
        assertThat(problemOf(binary)).isEqualTo(binary + ": is not UTF-8 text");
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);
        assertThat(problemOf(big)).isEqualTo(big + ": is larger than 4MiB; is this the right file?");
    }

    private static String problemOf(Path file) {
        try {
            ConfigLoader.load(file, Map.of(), w -> {});
            throw new AssertionError("loaded " + file);
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().getFirst().toString();
        }
    }
}
