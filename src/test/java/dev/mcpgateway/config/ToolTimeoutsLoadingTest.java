package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolTimeoutsLoadingTest {

    private final Configs configs = new Configs();

    @Test
    void aToolTimeoutOverridesTheBackendTimeoutForThatToolOnly() throws ConfigException {
        BackendConfig b = configs.load("""
                backends:
                  github:
                    command: x
                    timeout: 20s
                    tool_timeouts: {search_code: 5m, get_file: 500ms}
                """).backends().get("github");
        assertThat(b.toolTimeouts()).containsExactly(Map.entry("search_code", Duration.ofMinutes(5)),
                Map.entry("get_file", Duration.ofMillis(500)));
        assertThat(b.timeoutFor("search_code")).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.timeoutFor("get_file")).isEqualTo(Duration.ofMillis(500));
        assertThat(b.timeoutFor("create_issue")).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.timeoutFor(null)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withoutToolTimeoutsEveryToolUsesTheBackendTimeout() throws ConfigException {
        BackendConfig b = configs.load("backends: {a: {command: x, tool_timeouts: null}}").backends().get("a");
        assertThat(b.toolTimeouts()).isEmpty();
        assertThat(b.timeoutFor("anything")).isEqualTo(FailsafeConfig.DEFAULTS.timeout());
    }

    @Test
    void nonsenseToolTimeoutsAreErrorsNamingTheTool() {
        assertThat(configs.problems("""
                backends:
                  a:
                    command: x
                    tool_timeouts: {slow: 0s, fast: -1s, odd: 5, "": 1s, nested: {x: 1s}}
                """)).containsExactly(
                "gateway.yaml:4:27: backends.a.tool_timeouts.slow: expected a duration longer than 0, got \"0s\"",
                "gateway.yaml:4:37: backends.a.tool_timeouts.fast: expected a duration like 100ms, 30s, 5m, 2h or 1m30s, got \"-1s\"",
                "gateway.yaml:4:47: backends.a.tool_timeouts.odd: expected a duration with a unit, got 5; write for example"
                        + " \"5s\" for seconds or \"5ms\" for milliseconds",
                "gateway.yaml:4:50: backends.a.tool_timeouts: tool names cannot be empty; write the backend's own name of the tool",
                "gateway.yaml:4:66: backends.a.tool_timeouts.nested: expected a duration such as 5m, got a mapping");
    }

    @Test
    void toolTimeoutsMustBeAMapping() {
        assertThat(configs.problems("backends: {a: {command: x, tool_timeouts: [slow]}}")).containsExactly(
                "gateway.yaml:1:43: backends.a.tool_timeouts: expected a mapping, got a list");
    }

    @Test
    void theRecordRefusesEmptyNamesAndNonPositiveTimeouts() {
        BackendConfig b = BackendConfig.stdio("a", java.util.List.of("x"));
        assertThatThrownBy(() -> b.withToolTimeouts(Map.of("", Duration.ofSeconds(1))))
                .hasMessageContaining("tool names cannot be empty");
        assertThatThrownBy(() -> b.withToolTimeouts(Map.of("t", Duration.ZERO))).hasMessageContaining("tool_timeouts.t");
        assertThat(b.withToolTimeouts(Map.of("t", Duration.ofSeconds(3))).timeoutFor("t")).isEqualTo(Duration.ofSeconds(3));
    }
}
