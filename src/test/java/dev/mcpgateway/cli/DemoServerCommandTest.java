package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgateway.demo.DemoFaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoServerCommandTest {

    @Test
    void takesExactlyOneOfStdioOrHttp() {
        assertThat(run("demo-server").exitCode).isEqualTo(2);
        assertThat(run("demo-server").stderr).contains("--stdio", "--http");

        Result both = run("demo-server", "--stdio", "--http", "0");
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.stderr).contains("mutually exclusive");
    }

    @Test
    void flagsOverrideTheEnvironmentKeyByKey() {
        DemoServerCommand command = parse("--stdio", "--error-rate", "0.5", "--crash-after", "3");

        DemoFaults.Settings s = command.faultSettings("latency=50ms,error_rate=0.1");

        assertThat(s.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.errorRate()).isEqualTo(0.5);
        assertThat(s.crashAfter()).isEqualTo(3);
        assertThat(command.transport.stdio).isTrue();
    }

    @Test
    void everyFaultHasAFlag() {
        DemoFaults.Settings s = parse("--http", "0", "--host", "localhost", "--latency", "1s", "--latency-jitter", "20ms",
                "--error-rate", "0.1", "--crash-after", "1", "--hang-after", "2", "--hang-all-after", "3",
                "--garbage-after", "4", "--drop-session-after", "5").faultSettings(null);

        assertThat(s.describe()).isEqualTo("latency=1000ms,latency_jitter=20ms,error_rate=0.1,crash_after=1,hang_after=2,"
                + "hang_all_after=3,garbage_after=4,drop_session_after=5");
    }

    @Test
    void badFaultsAreUsageErrorsNamingTheirSource() {
        DemoServerCommand command = parse("--stdio", "--latency", "soon");

        assertThatThrownBy(() -> command.faultSettings(null)).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--latency");
        assertThatThrownBy(() -> parse("--stdio").faultSettings("explode=1")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("MCP_DEMO_FAULTS").hasMessageContaining("explode");
    }

    @Test
    void aBadPortIsAUsageError() {
        Result r = run("demo-server", "--http", "70000");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.stderr).contains("port must be 0..65535");
    }

    private static DemoServerCommand parse(String... args) {
        DemoServerCommand command = new DemoServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private record Result(int exitCode, String stderr) {}

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = GatewayCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }
}
