package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgateway.demo.DemoFaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoServerCommandTest {

    @Test
    void takesExactlyOneOfStdioOrHttp() {
        CliRun neither = CliRun.run("demo-server");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.errLines()).containsExactly(
                "mcp-gateway demo-server: give one of --stdio or --http PORT",
                "Run 'mcp-gateway demo-server --help' for usage.");
        assertThat(neither.out()).isEmpty();

        CliRun both = CliRun.run("demo-server", "--stdio", "--http", "0");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--stdio and --http are mutually exclusive");
    }

    @Test
    void flagsOverrideTheEnvironmentKeyByKey() {
        ParsedArgs args = parse("--stdio", "--error-rate", "0.5", "--crash-after", "3");

        DemoFaults.Settings s = DemoServerCommand.faultSettings(args, "latency=50ms,error_rate=0.1");

        assertThat(s.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.errorRate()).isEqualTo(0.5);
        assertThat(s.crashAfter()).isEqualTo(3);
        assertThat(args.flag(DemoServerCommand.STDIO)).isTrue();
    }

    @Test
    void everyFaultHasAFlag() {
        ParsedArgs args = parse("--http", "0", "--host", "localhost", "--latency", "1s", "--latency-jitter", "20ms",
                "--error-rate", "0.1", "--crash-after", "1", "--hang-after", "2", "--hang-all-after", "3",
                "--garbage-after", "4", "--drop-session-after", "5");

        assertThat(DemoServerCommand.faultSettings(args, null).describe()).isEqualTo("latency=1000ms,latency_jitter=20ms,"
                + "error_rate=0.1,crash_after=1,hang_after=2,hang_all_after=3,garbage_after=4,drop_session_after=5");
        assertThat(args.value(DemoServerCommand.HOST)).isEqualTo("localhost");
        assertThat(args.value(DemoServerCommand.HTTP)).isZero();
    }

    @Test
    void theHostDefaultsToLoopback() {
        assertThat(parse("--http", "8080").value(DemoServerCommand.HOST)).isEqualTo("127.0.0.1");
        assertThat(CliRun.run("demo-server", "--help").out()).contains("Address to bind with --http. (default: 127.0.0.1)");
    }

    @Test
    void badFaultsAreUsageErrorsNamingTheirSource() {
        ParsedArgs args = parse("--stdio", "--latency", "soon");

        assertThatThrownBy(() -> DemoServerCommand.faultSettings(args, null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--latency");
        assertThatThrownBy(() -> DemoServerCommand.faultSettings(parse("--stdio"), "explode=1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("MCP_DEMO_FAULTS").hasMessageContaining("explode");
    }

    @Test
    void aBadFaultEndsTheRunWithExitTwoAndNothingOnStdout() {
        CliRun r = CliRun.run("demo-server", "--stdio", "--latency", "soon");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines().getFirst()).startsWith("mcp-gateway demo-server: --latency: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadPortIsAUsageError() {
        CliRun r = CliRun.run("demo-server", "--http", "70000");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--http: port must be 0..65535, got '70000'");
    }

    private static ParsedArgs parse(String... args) {
        return CommandLineParser.parse(DemoServerCommand.SPEC, args, 0);
    }
}
