package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendConfigLoadingTest {

    private final Configs configs = new Configs();

    private BackendConfig backend(String yaml) throws ConfigException {
        GatewayConfig config = configs.load(yaml);
        assertThat(config.backends()).hasSize(1);
        return config.backends().values().iterator().next();
    }

    @Test
    void aStdioBackendWithEveryKey(@TempDir Path dir) throws ConfigException {
        BackendConfig b = new Configs(Configs.ENV, dir).load("""
                backends:
                  everything:
                    description: "Reference server"
                    command: "npx -y '@modelcontextprotocol/server-everything'"
                    args: ["stdio", "--verbose"]
                    env: {LOG_LEVEL: debug, PORT: 3000, DEBUG: true}
                    cwd: .
                    protocol_version: "2025-06-18"
                    timeout: 45s
                    prefix: ev
                    session_mode: per_client
                """).backends().get("everything");
        assertThat(b.name()).isEqualTo("everything");
        assertThat(b.description()).isEqualTo("Reference server");
        assertThat(b.enabled()).isTrue();
        assertThat(b.transport()).isEqualTo(TransportKind.STDIO);
        assertThat(b.command()).containsExactly("npx", "-y", "@modelcontextprotocol/server-everything", "stdio", "--verbose");
        assertThat(b.env()).containsExactly(Map.entry("LOG_LEVEL", "debug"), Map.entry("PORT", "3000"), Map.entry("DEBUG", "true"));
        assertThat(b.cwd()).contains(dir.toAbsolutePath().normalize());
        assertThat(b.httpUrl()).isEmpty();
        assertThat(b.headers()).isEmpty();
        assertThat(b.protocolVersion()).contains("2025-06-18");
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(b.failsafe().timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(b.prefix()).isEqualTo("ev");
        assertThat(b.sessionMode()).isEqualTo(SessionMode.PER_CLIENT);
    }

    @Test
    void anHttpBackendWithEveryKey() throws ConfigException {
        BackendConfig b = backend("""
                backends:
                  docs:
                    http_url: https://docs.example.com/mcp
                    headers: {Authorization: "Bearer ${TOKEN}", X-Team: platform}
                """);
        assertThat(b.transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
        assertThat(b.httpUrl()).contains(URI.create("https://docs.example.com/mcp"));
        assertThat(b.headers()).containsExactly(Map.entry("Authorization", "Bearer tok-SECRET-123"), Map.entry("X-Team", "platform"));
        assertThat(b.command()).isEmpty();
        assertThat(b.env()).isEmpty();
        assertThat(b.cwd()).isEmpty();
    }

    @Test
    void defaultsForABackend() throws ConfigException {
        BackendConfig b = backend("backends: {github: {command: gh-mcp}}");
        assertThat(b.description()).isEmpty();
        assertThat(b.enabled()).isTrue();
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.prefix()).isEqualTo("github");
        assertThat(b.sessionMode()).isEqualTo(SessionMode.SHARED);
        assertThat(b.protocolVersion()).isEmpty();
        assertThat(b.failsafe()).isEqualTo(FailsafeConfig.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "command: x                                              | STDIO",
        "command: [x, y]                                         | STDIO",
        "http_url: http://127.0.0.1:3001/mcp                     | STREAMABLE_HTTP",
        "http_url: http://127.0.0.1:3001/sse                     | SSE",
        "http_url: http://127.0.0.1:3001/sse/                    | SSE",
        "http_url: 'http://127.0.0.1:3001/sse?key=1'             | SSE",
        "http_url: http://127.0.0.1:3001/ssex                    | STREAMABLE_HTTP",
        "http_url: http://127.0.0.1:3001/sse, streamable_http: true   | STREAMABLE_HTTP",
        "http_url: http://127.0.0.1:3001/mcp, streamable_http: false  | SSE",
        "http_url: http://127.0.0.1:3001/mcp, transport: sse          | SSE",
        "http_url: http://127.0.0.1:3001/sse, transport: streamable_http | STREAMABLE_HTTP",
        "command: x, transport: stdio                            | STDIO",
        "http_url: http://h/sse, transport: sse, streamable_http: false | SSE"
    })
    void theTransportIsExplicitOrInferred(String settings, TransportKind expected) throws ConfigException {
        assertThat(backend("backends: {b: {" + settings + "}}").transport()).isEqualTo(expected);
    }

    @Test
    void commandAndHttpUrlAreMutuallyExclusiveAndOneIsNeeded() {
        assertThat(configs.problems("""
                backends:
                  both:
                    command: x
                    http_url: http://127.0.0.1:1/mcp
                  neither:
                    description: nothing to run
                  empty:
                """)).containsExactly(
                "gateway.yaml:4:5: backends.both.http_url: a backend has either command (a stdio server) or http_url"
                        + " (an HTTP server), not both",
                "gateway.yaml:5:3: backends.neither: needs either \"command\" (to start a stdio server) or \"http_url\""
                        + " (to connect to an HTTP server)",
                "gateway.yaml:7:3: backends.empty: needs either \"command\" (to start a stdio server) or \"http_url\""
                        + " (to connect to an HTTP server)");
    }

    @Test
    void anExplicitTransportMustMatch() {
        assertThat(configs.problems("""
                backends:
                  a: {command: x, transport: sse}
                  b: {http_url: "http://h/mcp", transport: stdio}
                  c: {http_url: "http://h/mcp", transport: sse, streamable_http: true}
                  d: {command: x, streamable_http: true}
                """)).containsExactly(
                "gateway.yaml:2:30: backends.a.transport: sse needs http_url, but this backend has a command",
                "gateway.yaml:3:44: backends.b.transport: stdio needs a command, but this backend has http_url",
                "gateway.yaml:4:49: backends.c.streamable_http: streamable_http: true contradicts transport: sse",
                "gateway.yaml:5:19: backends.d.streamable_http: is for http_url backends; this backend runs a command (stdio)");
    }

    @Test
    void stdioOnlyAndHttpOnlyKeysStayWithTheirTransport() {
        assertThat(configs.problems("""
                backends:
                  a:
                    command: x
                    headers: {X-A: b}
                  b:
                    http_url: http://h/mcp
                    env: {A: b}
                    cwd: /
                    args: [x]
                """)).containsExactly(
                "gateway.yaml:4:5: backends.a.headers: headers are for http_url backends; this backend runs a command (stdio)",
                "gateway.yaml:7:5: backends.b.env: env is for command (stdio) backends; this backend connects to http_url",
                "gateway.yaml:8:5: backends.b.cwd: cwd is for command (stdio) backends; this backend connects to http_url",
                "gateway.yaml:9:5: backends.b.args: args is for command (stdio) backends; this backend connects to http_url");
    }

    @Test
    void aCommandStringIsSplitLikeAShellAndArgsAreAppended() throws ConfigException {
        BackendConfig b = backend("""
                backends:
                  a:
                    command: "python3 -m 'my server' --name=\\"x y\\" a\\\\ b"
                    args: [--extra]
                """);
        assertThat(b.command()).containsExactly("python3", "-m", "my server", "--name=x y", "a b", "--extra");
    }

    @Test
    void anExpandedValueStaysOneArgumentWhateverItContains() throws ConfigException {
        Configs withTrickyEnv = new Configs(Map.of("ARG", "two words 'and' \"quotes\" \\"), Path.of(""));
        BackendConfig b = withTrickyEnv.load("backends: {a: {command: 'server --token ${ARG} \"${ARG}\"'}}").backends().get("a");
        assertThat(b.command()).containsExactly("server", "--token", "two words 'and' \"quotes\" \\", "two words 'and' \"quotes\" \\");
    }

    @Test
    void aCommandListIsTakenWordByWord() throws ConfigException {
        BackendConfig b = backend("backends: {a: {command: [node, 'my server.js', '${PORT}'], args: [--x]}}");
        assertThat(b.command()).containsExactly("node", "my server.js", "8123", "--x");
    }

    @Test
    void badCommandsAreExplained() {
        assertThat(configs.problems("""
                backends:
                  a: {command: "node 'server.js"}
                  b: {command: "cd /srv && node server.js"}
                  c: {command: ""}
                  d: {command: []}
                  e: {command: {program: x}}
                  f: {command: ["", x]}
                """)).containsExactly(
                "gateway.yaml:2:16: backends.a.command: cannot split the command line: unterminated single quote (opened"
                        + " at character 6); fix the quoting or write the command as a list",
                "gateway.yaml:3:16: backends.b.command: \"&&\" is a shell operator, but the command runs without a shell;"
                        + " use cwd for the directory, or command: [sh, -c, \"...\"] if you need a shell",
                "gateway.yaml:4:16: backends.c.command: is empty; give the program to run, e.g. \"npx -y"
                        + " @modelcontextprotocol/server-everything\"",
                "gateway.yaml:5:16: backends.d.command: is empty; give the program to run, e.g. \"npx -y"
                        + " @modelcontextprotocol/server-everything\"",
                "gateway.yaml:6:16: backends.e.command: expected a command line or a list of words, got a mapping",
                "gateway.yaml:7:16: backends.f.command: the program name is empty");
    }

    @Test
    void cwdMustBeAnExistingDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("srv"));
        Files.writeString(dir.resolve("file.txt"), "x");
        Configs inDir = new Configs(Configs.ENV, dir);
        assertThat(inDir.load("backends: {a: {command: x, cwd: srv/../srv}}").backends().get("a").cwd())
                .contains(dir.resolve("srv").toAbsolutePath().normalize());
        assertThat(inDir.problems("""
                backends:
                  a: {command: x, cwd: missing}
                  b: {command: x, cwd: file.txt}
                  c: {command: x, cwd: /no/such/dir}
                """)).containsExactly(
                "gateway.yaml:2:24: backends.a.cwd: directory \"missing\" does not exist (relative paths start from the"
                        + " config file's directory)",
                "gateway.yaml:3:24: backends.b.cwd: expected a directory, got \"file.txt\", which is a file",
                "gateway.yaml:4:24: backends.c.cwd: directory \"/no/such/dir\" does not exist");
    }

    @Test
    void cwdMayStartWithTheHomeDirectory() throws ConfigException {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        assertThat(backend("backends: {a: {command: x, cwd: '~/'}}").cwd()).contains(home);
        // A lone ~ is YAML's null: no cwd.
        assertThat(backend("backends: {a: {command: x, cwd: ~}}").cwd()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://h/mcp             | expected an http:// or https:// URL, got \"ftp://h/mcp\"",
        "127.0.0.1:3001/mcp      | expected an http:// or https:// URL, got \"127.0.0.1:3001/mcp\"",
        "http:///mcp             | expected a URL with a host, such as http://127.0.0.1:3001/mcp, got \"http:///mcp\"",
        "'http://h/a b'          | expected an http:// or https:// URL, got \"http://h/a b\" (Illegal character in path)"
    })
    void httpUrlMustBeHttpWithAHost(String url, String message) {
        assertThat(configs.problems("backends:\n  a:\n    http_url: " + url + "\n"))
                .containsExactly("gateway.yaml:3:15: backends.a.http_url: " + message);
    }

    @Test
    void headersMustBeValidAndNotTheGatewaysOwn() {
        Configs withNewline = new Configs(Map.of("BAD", "x\r\nInjected: yes"), Path.of(""));
        assertThat(withNewline.problems("""
                backends:
                  a:
                    http_url: http://h/mcp
                    headers:
                      "Bad Header": x
                      Mcp-Session-Id: abc
                      X-Token: "${BAD}"
                """)).containsExactly(
                "gateway.yaml:5:7: backends.a.headers.Bad Header: is not a valid HTTP header name",
                "gateway.yaml:6:7: backends.a.headers.Mcp-Session-Id: is set by the gateway itself and cannot be configured",
                "gateway.yaml:7:7: backends.a.headers.X-Token: header values cannot contain line breaks");
    }

    @Test
    void envAndHeaderValuesMustBeStrings() {
        assertThat(configs.problems("""
                backends:
                  a: {command: x, env: {A: [1], B: }}
                """)).containsExactly(
                "gateway.yaml:2:28: backends.a.env.A: expected a string (write \"\" for an empty value), got a list",
                "gateway.yaml:2:35: backends.a.env.B: expected a string (write \"\" for an empty value), got null");
    }

    @Test
    void backendNamesArePortableIdentifiers() {
        assertThat(configs.problems("""
                backends:
                  "my.server": {command: x}
                  "this-name-is-far-too-long-for-a-backend": {command: x}
                """)).containsExactly(
                "gateway.yaml:2:3: backends.my.server: backend names are 1 to 32 letters, digits, '_' or '-'",
                "gateway.yaml:3:3: backends.this-name-is-far-too-long-for-a-backend: backend names are 1 to 32 letters,"
                        + " digits, '_' or '-'");
    }

    @Test
    void thePrefixDefaultsToTheNameAndMayBeEmpty() throws ConfigException {
        GatewayConfig config = configs.load("""
                backends:
                  a: {command: x}
                  b: {command: x, prefix: ""}
                  c: {command: x, prefix: gh}
                """);
        assertThat(config.backends().values()).extracting(BackendConfig::prefix).containsExactly("a", "", "gh");
    }

    @Test
    void aProtocolVersionLooksLikeOne() {
        assertThat(configs.problems("backends: {a: {command: x, protocol_version: 'version 1'}}")).containsExactly(
                "gateway.yaml:1:46: backends.a.protocol_version: expected an MCP protocol version such as \"2025-11-25\","
                        + " got \"version 1\"");
    }

    @Test
    void aDisabledBackendDoesNotNeedItsVariablesOrDirectory() throws ConfigException {
        BackendConfig b = backend("""
                backends:
                  later:
                    enabled: false
                    command: "server --key ${NOT_SET}"
                    cwd: /no/such/dir
                    env: {KEY: "${ALSO_NOT_SET}"}
                """);
        assertThat(b.enabled()).isFalse();
        assertThat(b.command()).containsExactly("server", "--key", "");
        assertThat(b.env()).containsEntry("KEY", "");
    }

    @Test
    void aDisabledBackendStillBlamesAMissingVariableThatHidesItsUrlOrProgram() {
        assertThat(configs.problems("""
                backends:
                  a: {enabled: false, http_url: "${URL}"}
                  b: {enabled: false, command: "${BIN} --x"}
                """)).containsExactly(
                "gateway.yaml:2:33: backends.a.http_url: environment variable URL is not set; set it, or give a default:"
                        + " ${URL:-default} (the backend is disabled, but this value cannot be checked without it)",
                "gateway.yaml:3:32: backends.b.command: environment variable BIN is not set; set it, or give a default:"
                        + " ${BIN:-default} (the backend is disabled, but its command cannot be checked without it)");
    }

    @Test
    void aDisabledBackendIsStillCheckedForMistakes() {
        assertThat(configs.problems("backends: {a: {enabled: false, command: x, timeout: 5}}")).containsExactly(
                "gateway.yaml:1:53: backends.a.timeout: expected a duration with a unit, got 5; write for example \"5s\""
                        + " for seconds or \"5ms\" for milliseconds");
    }

    @Test
    void backendTimeoutAndFailsafeTimeoutAgreeOrConflict() throws ConfigException {
        GatewayConfig config = configs.load("""
                failsafe: {timeout: 20s}
                backends:
                  inherits: {command: x}
                  own: {command: x, timeout: 5s}
                  viaFailsafe: {command: x, failsafe: {timeout: 7s}}
                  same: {command: x, timeout: 9s, failsafe: {timeout: 9s}}
                """);
        assertThat(config.backends().values()).extracting(BackendConfig::timeout).containsExactly(
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(7), Duration.ofSeconds(9));
        assertThat(config.backends().values()).allSatisfy(b -> assertThat(b.failsafe().timeout()).isEqualTo(b.timeout()));
        assertThat(configs.problems("backends: {a: {command: x, timeout: 5s, failsafe: {timeout: 7s}}}")).containsExactly(
                "gateway.yaml:1:28: backends.a.timeout: contradicts failsafe.timeout (7s); set only one of them");
    }

    @Test
    void webSocketAndA2aBackendsOfTheRustGatewayAreRefusedWithAReason() {
        assertThat(configs.problems("backends: {a: {ws_url: 'ws://h/mcp'}}")).contains(
                "gateway.yaml:1:16: backends.a.ws_url: WebSocket backends (ws_url) are a Rust mcp-gateway transport that"
                        + " mcp-gateway does not support; use command (stdio) or http_url (Streamable HTTP or SSE)");
    }

    @Test
    void theRecordHidesSecretsInToString() throws ConfigException {
        BackendConfig b = backend("""
                backends:
                  a:
                    http_url: "https://user:${TOKEN}@h.example.com:8443/mcp?key=${TOKEN}"
                    headers: {Authorization: "Bearer ${TOKEN}"}
                """);
        assertThat(b.toString()).doesNotContain("tok-SECRET-123").contains("https://h.example.com:8443/mcp", "[Authorization]");
        BackendConfig s = backend("backends: {a: {command: 'srv --token ${TOKEN}', env: {KEY: '${TOKEN}'}}}");
        assertThat(s.toString()).doesNotContain("tok-SECRET-123").contains("program=srv (+2 args)", "env=[KEY]");
    }

    @Test
    void factoriesBuildBackendsWithDefaults() {
        BackendConfig stdio = BackendConfig.stdio("demo", List.of("java", "-version"));
        assertThat(stdio.transport()).isEqualTo(TransportKind.STDIO);
        assertThat(stdio.prefix()).isEqualTo("demo");
        BackendConfig http = BackendConfig.http("docs", URI.create("http://127.0.0.1:1/sse"), TransportKind.SSE);
        assertThat(http.httpUrl()).contains(URI.create("http://127.0.0.1:1/sse"));
        assertThat(http.withEnabled(false).enabled()).isFalse();
    }
}
