package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Every kind of mistake is reported as file:line:column: key.path: message, all at once. */
class ConfigErrorsTest {

    private final Configs configs = new Configs();

    @Test
    void anUnknownKeySuggestsTheNearestValidOne() {
        assertThat(configs.problems("""
                server:
                  port: 39400
                backends:
                  github:
                    comand: "npx -y @modelcontextprotocol/server-github"
                    tiemout: 30s
                """)).containsExactly(
                "gateway.yaml:4:3: backends.github: needs either \"command\" (to start a stdio server) or \"http_url\""
                        + " (to connect to an HTTP server)",
                "gateway.yaml:5:5: backends.github.comand: unknown key; did you mean \"command\"?",
                "gateway.yaml:6:5: backends.github.tiemout: unknown key; did you mean \"timeout\"?");
    }

    @Test
    void anUnknownKeyWithNothingCloseListsTheValidKeys() {
        assertThat(configs.problems("""
                server:
                  colour: blue
                """)).containsExactly("gateway.yaml:2:3: server.colour: unknown key; valid keys here: host, port,"
                + " max_body_size, allowed_origins, allowed_hosts, session_idle_timeout, shutdown_timeout, admin_port, ready_requires");
    }

    @Test
    void anUnknownTopLevelKeyIsAnError() {
        assertThat(configs.problems("""
                backend:
                  x: {command: x}
                """)).containsExactly("gateway.yaml:1:1: backend: unknown key; did you mean \"backends\"?");
    }

    @Test
    void camelCaseSpellingsOfKeysAreRecognised() {
        assertThat(configs.problems("""
                server:
                  maxBodySize: 1MiB
                """)).containsExactly("gateway.yaml:2:3: server.maxBodySize: unknown key; did you mean \"max_body_size\"?");
    }

    @Test
    void aValueOfTheWrongTypePointsAtTheValue() {
        assertThat(configs.problems("""
                server:
                  host: 127.0.0.1
                  port: eighty
                """)).containsExactly("gateway.yaml:3:9: server.port: expected an integer from 0 to 65535, got \"eighty\"");
    }

    @Test
    void outOfRangeNumbersAreShownAsWritten() {
        assertThat(configs.problems("""
                server:
                  port: 70000
                failsafe:
                  circuit_breaker:
                    failure_threshold: 0
                """)).containsExactly(
                "gateway.yaml:2:9: server.port: expected an integer from 0 to 65535, got 70000",
                "gateway.yaml:5:24: failsafe.circuit_breaker.failure_threshold: expected an integer of at least 1, got 0");
    }

    @Test
    void aMappingOrListWhereAValueBelongsIsNamed() {
        assertThat(configs.problems("""
                server:
                  port: {value: 1}
                  host: [a, b]
                  allowed_hosts: example.com
                meta_mcp: true
                """)).containsExactly(
                "gateway.yaml:2:9: server.port: expected an integer from 0 to 65535, got a mapping",
                "gateway.yaml:3:9: server.host: expected a host name or IP address, got a list",
                "gateway.yaml:4:18: server.allowed_hosts: expected a list of strings, got a string",
                "gateway.yaml:5:11: meta_mcp: expected a mapping, got a string");
    }

    @Test
    void nullWhereAValueIsRequiredIsAnError() {
        assertThat(configs.problems("""
                server:
                  port:
                  host: ~
                """)).containsExactly(
                "gateway.yaml:2:8: server.port: expected an integer from 0 to 65535, got null",
                "gateway.yaml:3:9: server.host: expected a host name or IP address, got null");
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        assertThat(configs.problems("""
                meta_mcp:
                  enabled: yes
                """)).containsExactly("gateway.yaml:2:12: meta_mcp.enabled: expected true or false, got \"yes\"");
    }

    @Test
    void aDurationWithoutUnitSuggestsOne() {
        assertThat(configs.problems("""
                server:
                  shutdown_timeout: 10
                  session_idle_timeout: soon
                """)).containsExactly(
                "gateway.yaml:2:21: server.shutdown_timeout: expected a duration with a unit, got 10; write for example"
                        + " \"10s\" for seconds or \"10ms\" for milliseconds",
                "gateway.yaml:3:25: server.session_idle_timeout: expected a duration like 100ms, 30s, 5m, 2h or 1m30s,"
                        + " got \"soon\"");
    }

    @Test
    void aBadEnumValueListsTheValidOnes() {
        assertThat(configs.problems("""
                backends:
                  a:
                    command: x
                    session_mode: exclusive
                failsafe:
                  retry: {jitter: random}
                """)).containsExactly(
                "gateway.yaml:4:19: backends.a.session_mode: expected one of shared, per_client, got \"exclusive\"",
                "gateway.yaml:6:19: failsafe.retry.jitter: expected one of full, equal, none, got \"random\"");
    }

    @Test
    void enumValuesMayUseHyphensAndAnyCase() throws ConfigException {
        GatewayConfig config = configs.load("""
                backends:
                  a: {command: x, session_mode: Per-Client}
                failsafe: {failure_mode: FAIL-CLOSED}
                """);
        assertThat(config.backends().get("a").sessionMode()).isEqualTo(SessionMode.PER_CLIENT);
        assertThat(config.failsafe().failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
    }

    @Test
    void aYamlSyntaxErrorHasThePositionFromTheParser() {
        assertThat(configs.problems("""
                server:
                  port: 1
                   host: x
                """)).containsExactly("gateway.yaml:3:8: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void aTabInTheIndentationIsReportedWhereItIs() {
        assertThat(configs.problems("server:\n\tport: 1\n")).containsExactly(
                "gateway.yaml:2:1: invalid YAML: found a tab that cannot start any token. (Do not use tabs for indentation)");
    }

    @Test
    void anUnterminatedQuoteNamesWhereItStarted() {
        assertThat(configs.problems("""
                backends:
                  a:
                    command: "npx -y
                """)).containsExactly("gateway.yaml:4:1: invalid YAML: found unexpected end of stream"
                + " (while scanning a quoted scalar at line 3, column 14)");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(configs.problems("""
                backends:
                  a: {command: x}
                  a: {command: y}
                server: {port: 1, port: 2}
                """)).containsExactly(
                "gateway.yaml:3:3: duplicate key \"a\" (first written at line 2)",
                "gateway.yaml:4:19: duplicate key \"port\" (first written at line 4)");
    }

    @Test
    void aSecondYamlDocumentIsAnError() {
        assertThat(configs.problems("""
                server: {port: 1}
                ---
                server: {port: 2}
                """)).containsExactly("gateway.yaml:3:1: a config file holds one YAML document, but a second one starts here");
    }

    @Test
    void theTopLevelMustBeAMapping() {
        assertThat(configs.problems("- a\n- b\n")).containsExactly(
                "gateway.yaml:1:1: the config must be a mapping with keys such as server: and backends:, got a list");
    }

    @Test
    void allProblemsAreReportedAtOnceInFileOrder() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> configs.load("""
                failsafe:
                  timeout: 0s
                server:
                  port: -1
                  prot: 1
                backends:
                  a: {command: x, prefix: "no spaces"}
                """));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 4, 5, 7);
        assertThat(e.getMessage()).isEqualTo("""
                gateway.yaml:2:12: failsafe.timeout: expected a duration longer than 0, got "0s"
                gateway.yaml:4:9: server.port: expected an integer from 0 to 65535, got -1
                gateway.yaml:5:3: server.prot: unknown key; did you mean "port"?
                gateway.yaml:7:27: backends.a.prefix: expected up to 32 letters, digits, '_' or '-' ("" for no prefix), got "no spaces\"""");
    }

    @Test
    void problemsCarryTheirPartsSeparately() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> configs.load("server:\n  port: x\n"));
        assertThat(e.problems()).containsExactly(new ConfigProblem("gateway.yaml", 2, 9, "server.port",
                "expected an integer from 0 to 65535, got \"x\""));
        assertThat(e.problems().getFirst().location()).isEqualTo("gateway.yaml:2:9");
    }

    @Test
    void anAliasOfAnUnknownAnchorIsAnError() {
        assertThat(configs.problems("""
                backends:
                  a: *nothing
                """)).containsExactly("gateway.yaml:2:6: alias *nothing does not name an anchored mapping or list before it"
                + " (aliases of single values are not supported; repeat the value)");
    }
}
