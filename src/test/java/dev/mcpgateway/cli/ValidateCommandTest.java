package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.ConfigLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private ConfigLocator locator;

    @BeforeEach
    void setUp() throws Exception {
        locator = new ConfigLocator(Files.createDirectories(dir.resolve("work")), dir.resolve("home"), dir.resolve("etc"));
    }

    private int run(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "validate";
        System.arraycopy(args, 0, all, 1, args.length);
        return record(CliRun.run(new GatewayCommand(List.of(new ValidateCommand(env, locator)), false), all));
    }

    private int record(CliRun r) {
        out.append(r.out());
        err.append(r.err());
        return r.exitCode();
    }

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void aValidConfigPrintsASummaryAndExitsZero() throws Exception {
        Path file = write("gateway.yaml", """
                backends:
                  github: {command: "npx -y @modelcontextprotocol/server-github"}
                  docs: {http_url: "http://127.0.0.1:3001/mcp"}
                  legacy: {http_url: "http://127.0.0.1:3002/sse"}
                """);
        assertThat(run(Map.of(), file.toString())).isZero();
        assertThat(out.toString()).isEqualTo(file + ": OK (3 backends: github [stdio], docs [streamable_http], legacy [sse])"
                + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theSummaryMarksDisabledBackendsAndCountsRight() throws Exception {
        assertThat(run(Map.of(), write("one.yaml", "backends: {a: {command: x, enabled: false}}").toString())).isZero();
        assertThat(run(Map.of(), write("none.yaml", "server: {port: 0}").toString())).isZero();
        assertThat(out.toString()).contains("one.yaml: OK (1 backend: a [stdio, disabled])", "none.yaml: OK (0 backends)");
    }

    @Test
    void anInvalidConfigPrintsEveryProblemToStderrAndExitsOne() throws Exception {
        Path file = write("gateway.yaml", """
                server:
                  port: eighty
                backends:
                  github:
                    comand: x
                """);
        assertThat(run(Map.of(), file.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                file + ":2:9: server.port: expected an integer from 0 to 65535, got \"eighty\"",
                file + ":4:3: backends.github: needs either \"command\" (to start a stdio server) or \"http_url\" (to"
                        + " connect to an HTTP server)",
                file + ":5:5: backends.github.comand: unknown key; did you mean \"command\"?",
                "3 problems");
    }

    @Test
    void neverPrintsAnExpandedSecret() throws Exception {
        Map<String, String> env = Map.of("TOKEN", "ghp_SECRET_value", "PORT", "not-a-port-SECRET");
        Path good = write("good.yaml", "backends: {gh: {http_url: 'https://h/mcp', headers: {Authorization: 'Bearer ${TOKEN}'}}}");
        Path bad = write("bad.yaml", """
                server: {port: "${PORT}"}
                backends: {gh: {command: "srv ${TOKEN}", headers: {Authorization: "Bearer ${TOKEN}"}}}
                auth: {token: "${TOKEN}"}
                """);
        assertThat(run(env, good.toString())).isZero();
        assertThat(run(env, bad.toString())).isEqualTo(1);
        assertThat(out.toString() + err.toString()).doesNotContain("SECRET");
        assertThat(err.toString()).contains("got \"${PORT}\" (after expanding variables)");
    }

    @Test
    void rustOnlyKeysAreShownAsWarningsOnStderr() throws Exception {
        Path file = write("gateway.yaml", "auth: {enabled: false}\nbackends: {a: {command: x, idle_timeout: 5m}}\n");
        assertThat(run(Map.of(), file.toString())).isZero();
        assertThat(err.toString().lines()).containsExactly(
                file + ":1:1: warning: `auth` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored",
                file + ":2:28: warning: `backends.a.idle_timeout` is a Rust mcp-gateway key that mcp-gateway does not"
                        + " support yet; ignored");
        assertThat(out.toString()).startsWith(file + ": OK (1 backend: a [stdio])");
    }

    @Test
    void withoutAFileArgumentTheLocatedConfigIsChecked() throws Exception {
        Files.writeString(dir.resolve("work/gateway.yaml"), "backends: {a: {command: x}}");
        assertThat(run(Map.of())).isZero();
        assertThat(out.toString()).contains("gateway.yaml: OK (1 backend: a [stdio])");
    }

    @Test
    void withoutAnyConfigItSaysWhereItLookedAndExitsOne() {
        assertThat(run(Map.of())).isEqualTo(1);
        assertThat(err.toString()).startsWith("mcp-gateway validate: no config file found; looked for "
                + dir.resolve("work/gateway.yaml"));
    }

    @Test
    void aMissingFileExitsOne() {
        assertThat(run(Map.of(), dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains(dir.resolve("nope.yaml") + ": config file not found");
    }

    @Test
    void takesAtMostOneFile() {
        assertThat(run(Map.of(), "a.yaml", "b.yaml")).isEqualTo(2);
        assertThat(err.toString()).startsWith("mcp-gateway validate: unexpected argument 'b.yaml' (validate takes only [FILE])");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void hasHelp() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mcp-gateway validate [FILE]", "Check a gateway.yaml without starting the gateway.");
    }

    @Test
    void isWiredIntoTheGatewayCommand() throws Exception {
        Path file = write("gateway.yaml", "backends: {}");
        assertThat(record(CliRun.run("validate", file.toString()))).isZero();
        assertThat(out.toString()).contains(": OK (0 backends)");
    }
}
