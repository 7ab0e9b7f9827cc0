package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ${VAR} expansion reaches every string value, and no expanded value ever reaches a message. */
class ConfigExpansionTest {

    private static final String SECRET = "tok-SECRET-123";
    private final Configs configs = new Configs();

    @Test
    void everyStringValueIsExpandedAlsoInsideLongerStrings() throws ConfigException {
        GatewayConfig config = configs.load("""
                server:
                  host: "${BIND:-127.0.0.1}"
                  port: ${PORT}
                  shutdown_timeout: ${GRACE:-15s}
                  allowed_hosts: ["${HOSTNAME:-gw}.internal"]
                backends:
                  api:
                    description: "API on port ${PORT}"
                    http_url: "http://127.0.0.1:${PORT}/mcp"
                    headers: {Authorization: "Bearer ${TOKEN}"}
                    enabled: ${API_ENABLED:-true}
                    prefix: "${PREFIX:-api}"
                meta_mcp:
                  surfaced_tools: ["${SURFACE:-api/search}"]
                failsafe:
                  retry: {max_attempts: "${ATTEMPTS:-5}"}
                """);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8123);
        assertThat(config.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.server().allowedHosts()).containsExactly("gw.internal");
        BackendConfig api = config.backends().get("api");
        assertThat(api.description()).isEqualTo("API on port 8123");
        assertThat(api.httpUrl()).contains(URI.create("http://127.0.0.1:8123/mcp"));
        assertThat(api.headers()).containsEntry("Authorization", "Bearer " + SECRET);
        assertThat(api.enabled()).isTrue();
        assertThat(api.prefix()).isEqualTo("api");
        assertThat(config.metaMcp().surfacedTools()).containsExactly(new SurfacedTool("api", "search"));
        assertThat(config.failsafe().retry().maxAttempts()).isEqualTo(5);
    }

    @Test
    void dollarDollarIsALiteralDollar() throws ConfigException {
        BackendConfig b = configs.load("backends: {a: {command: 'echo $${TOKEN} $$5 $HOME', env: {P: 'pa$$word'}}}")
                .backends().get("a");
        assertThat(b.command()).containsExactly("echo", "${TOKEN}", "$5", "$HOME");
        assertThat(b.env()).containsEntry("P", "pa$word");
    }

    @Test
    void keysAreNotExpanded() throws ConfigException {
        assertThat(configs.load("backends: {a: {command: x, env: {'${TOKEN}': v}}}").backends().get("a").env())
                .containsOnlyKeys("${TOKEN}");
    }

    @Test
    void anUnsetVariableIsAnErrorNamingTheVariableAndTheKey() {
        assertThat(configs.problems("""
                backends:
                  github:
                    command: npx -y @modelcontextprotocol/server-github
                    env:
                      GITHUB_TOKEN: "${GITHUB_TOKEN}"
                """)).containsExactly("gateway.yaml:5:21: backends.github.env.GITHUB_TOKEN: environment variable"
                + " GITHUB_TOKEN is not set; set it, or give a default: ${GITHUB_TOKEN:-default}");
    }

    @Test
    void aMalformedReferenceIsAnError() {
        assertThat(configs.problems("server: {host: '${HOST'}")).containsExactly(
                "gateway.yaml:1:16: server.host: unterminated ${HOST: missing }");
    }

    @Test
    void aBadExpandedValueIsReportedWithTheTextAsWritten() {
        Configs env = new Configs(Map.of("PORT", "eighty-" + SECRET, "TIMEOUT", SECRET, "MODE", SECRET,
                "URL", "ftp://" + SECRET, "ON", SECRET), Path.of(""));
        List<String> problems = env.problems("""
                server:
                  port: ${PORT}
                  shutdown_timeout: ${TIMEOUT}
                backends:
                  a:
                    http_url: ${URL}
                    session_mode: ${MODE}
                    enabled: ${ON}
                """);
        assertThat(problems).containsExactly(
                "gateway.yaml:2:9: server.port: expected an integer from 0 to 65535, got \"${PORT}\" (after expanding variables)",
                "gateway.yaml:3:21: server.shutdown_timeout: expected a duration like 100ms, 30s, 5m, 2h or 1m30s, got"
                        + " \"${TIMEOUT}\" (after expanding variables)",
                "gateway.yaml:6:15: backends.a.http_url: expected an http:// or https:// URL, got \"${URL}\" (after"
                        + " expanding variables)",
                "gateway.yaml:7:19: backends.a.session_mode: expected one of shared, per_client, got \"${MODE}\" (after"
                        + " expanding variables)",
                "gateway.yaml:8:14: backends.a.enabled: expected true or false, got \"${ON}\" (after expanding variables)");
    }

    @Test
    void noProblemOrWarningEverContainsASecret() {
        Configs env = new Configs(Map.of("S", SECRET, "NL", SECRET + "\n"), Path.of(""));
        List<String> problems = env.problems("""
                auth: {bearer_token: "${S}"}
                server:
                  port: "${S}"
                  host: "x ${S}"
                  max_body_size: "${S}"
                  allowed_origins: ["${S}"]
                  allowed_hosts: ["${S}:1"]
                  admin_port: "${S}"
                meta_mcp:
                  surfaced_tools: ["${S}", "${S}/x"]
                backends:
                  a:
                    command: "${S} '${S}"
                    cwd: "/nonexistent/${S}"
                  b:
                    http_url: "http://${S}/sse"
                    headers: {X: "${NL}", "${S}": v}
                    prefix: "${S} x"
                    protocol_version: "${S} x"
                    timeout: "${S}"
                    transport: "${S}"
                    failsafe:
                      retry: {multiplier: "${S}", jitter: "${S}", budget_ratio: "${S}"}
                      circuit_breaker: {failure_rate: "${S}", mode: "${S}", failure_threshold: "${S}"}
                """);
        assertThat(problems).hasSizeGreaterThan(15);
        assertThat(String.join("\n", problems)).doesNotContain(SECRET);
        assertThat(env.warningLines()).noneMatch(w -> w.contains(SECRET));
    }
}
