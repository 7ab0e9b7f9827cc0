package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.observability.Logging;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayCommandTest {

    private static final List<String> COMMANDS = List.of("serve", "validate", "init", "version", "demo-server", "help");

    @Test
    void withoutACommandTheUsageGoesToStderrAndTheExitCodeIsZero() {
        CliRun r = CliRun.run();

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: mcp-gateway COMMAND [OPTIONS]").contains("Commands:", "  demo-server  Run the built-in demo MCP server");
    }

    @Test
    void helpIsOnStdoutWithExitZeroHoweverItIsAskedFor() {
        String usage = CliRun.run().err();
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            CliRun r = CliRun.run(args);
            assertThat(r.exitCode()).as(args[0]).isZero();
            assertThat(r.out()).isEqualTo(usage);
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void everyCommandHasHelpThreeWays() {
        for (String command : COMMANDS) {
            CliRun longForm = CliRun.run(command, "--help");
            assertThat(longForm.exitCode()).isZero();
            assertThat(longForm.out()).startsWith("Usage: mcp-gateway " + command).contains("  -h, --help", "  -V, --version");
            assertThat(longForm.err()).isEmpty();
            assertThat(CliRun.run(command, "-h").out()).isEqualTo(longForm.out());
            assertThat(CliRun.run("help", command).out()).isEqualTo(longForm.out());
        }
    }

    @Test
    void everyCommandAndTheProgramPrintTheVersion() {
        List<String> version = VersionCommand.lines();
        assertThat(version.getFirst()).startsWith("mcp-gateway ");
        assertThat(version.getLast()).startsWith("Java " + Runtime.version());
        String expected = String.join(System.lineSeparator(), version) + System.lineSeparator();

        assertThat(CliRun.run("version").out()).isEqualTo(expected);
        assertThat(CliRun.run("--version").out()).isEqualTo(expected);
        assertThat(CliRun.run("-V").out()).isEqualTo(expected);
        for (String command : COMMANDS) {
            for (String flag : List.of("-V", "--version")) {
                CliRun r = CliRun.run(command, flag);
                assertThat(r.exitCode()).as(command + " " + flag).isZero();
                assertThat(r.out()).isEqualTo(expected);
            }
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        assertThat(CliRun.run("serv")).isEqualTo(new CliRun(2, "", lines(
                "mcp-gateway: unknown command 'serv'; did you mean serve?",
                "Run 'mcp-gateway --help' for usage.")));
        assertThat(CliRun.run("frobnicate").errLines().getFirst()).isEqualTo("mcp-gateway: unknown command 'frobnicate'");
        CliRun help = CliRun.run("help", "valdiate");
        assertThat(help.exitCode()).isEqualTo(2);
        assertThat(help.errLines().getFirst()).isEqualTo("mcp-gateway help: unknown command 'valdiate'; did you mean validate?");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestionAndNothingOnStdout() {
        assertThat(CliRun.run("serve", "--confg", "gateway.yaml")).isEqualTo(new CliRun(2, "", lines(
                "mcp-gateway serve: unknown option '--confg'; did you mean --config?",
                "Run 'mcp-gateway serve --help' for usage.")));
        assertThat(CliRun.run("--versoin").errLines().getFirst()).isEqualTo("mcp-gateway: unknown option '--versoin'; did you mean --version?");
    }

    @Test
    void aCommandsOptionBeforeTheCommandSaysWhereItGoes() {
        CliRun r = CliRun.run("--config", "gateway.yaml", "serve");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines().getFirst()).isEqualTo(
                "mcp-gateway: --config is an option of a command; give the command first, e.g. 'mcp-gateway serve --config ...'");
    }

    @Test
    void usageErrorsOfTheBuiltInCommands() {
        assertUsageError("mcp-gateway serve: --stdio is a flag and takes no value (got '--stdio=true')", "serve", "--stdio=true");
        assertUsageError("mcp-gateway serve: --port: port must be 0..65535, got 'eighty'", "serve", "--port", "eighty");
        assertUsageError("mcp-gateway serve: --port needs a value: --port PORT", "serve", "--port");
        assertUsageError("mcp-gateway serve: --port was given more than once", "serve", "-p", "1", "--port", "2");
        assertUsageError("mcp-gateway serve: --log-format: expected one of text, json, got 'xml'", "serve", "--log-format", "xml");
        assertUsageError("mcp-gateway serve: unexpected argument 'gateway.yaml' (serve takes no arguments, only options)",
                "serve", "gateway.yaml");
        assertUsageError("mcp-gateway version: unexpected argument 'extra' (version takes no arguments, only options)", "version", "extra");
        assertUsageError("mcp-gateway help: unexpected argument 'b' (help takes only [COMMAND])", "help", "a", "b");
        assertUsageError("mcp-gateway --help is a flag and takes no value (got '--help=1')".replace("mcp-gateway ", "mcp-gateway: "),
                "--help=1");
    }

    @Test
    void serveAcceptsTheLogFormatInAnyCase() {
        assertThat(serve("--log-format", "JSON").value(ServeCommand.LOG_FORMAT)).isEqualTo(Logging.Format.JSON);
        assertThat(serve("--log-format=json").value(ServeCommand.LOG_FORMAT)).isEqualTo(Logging.Format.JSON);
        assertThat(serve("--log-format", "Text").value(ServeCommand.LOG_FORMAT)).isEqualTo(Logging.Format.TEXT);
        assertThat(serve().value(ServeCommand.LOG_FORMAT)).as("default").isEqualTo(Logging.Format.TEXT);
    }

    @Test
    void serveReadsEveryOption() {
        ParsedArgs args = serve("-c", "g.yaml", "-p", "0", "--host", "0.0.0.0", "--stdio", "--log-level", "debug", "--access-log");

        assertThat(args.value(ServeCommand.CONFIG)).hasToString("g.yaml");
        assertThat(args.value(ServeCommand.PORT)).isZero();
        assertThat(args.value(ServeCommand.HOST)).isEqualTo("0.0.0.0");
        assertThat(args.flag(ServeCommand.STDIO)).isTrue();
        assertThat(args.value(ServeCommand.LOG_LEVEL)).isEqualTo("debug");
        assertThat(args.flag(ServeCommand.ACCESS_LOG)).isTrue();
        assertThat(serve("--config=g.yaml", "--port=8080").value(ServeCommand.PORT)).isEqualTo(8080);
    }

    @Test
    void anExceptionFromACommandExitsOneWithItsMessageAndNoStackTrace() {
        CliRun r = CliRun.run(new GatewayCommand(List.of(new Throwing(new IllegalStateException("the disk is full"))), false), "boom");

        assertThat(r).isEqualTo(new CliRun(1, "", lines(
                "mcp-gateway boom: the disk is full",
                "(set MCP_GATEWAY_DEBUG=1 to see the stack trace)")));
    }

    @Test
    void theStackTraceIsShownWhenAskedFor() {
        CliRun r = CliRun.run(new GatewayCommand(List.of(new Throwing(new IllegalStateException("the disk is full"))), true), "boom");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).startsWith("mcp-gateway boom: the disk is full", "java.lang.IllegalStateException: the disk is full");
        assertThat(r.err()).contains("\tat ");
        assertThat(GatewayCommand.isDebug("1")).isTrue();
        assertThat(GatewayCommand.isDebug("yes")).isTrue();
        assertThat(GatewayCommand.isDebug(null)).isFalse();
        assertThat(GatewayCommand.isDebug("")).isFalse();
        assertThat(GatewayCommand.isDebug("0")).isFalse();
        assertThat(GatewayCommand.isDebug("FALSE")).isFalse();
    }

    @Test
    void anExceptionWithoutAMessageIsNamed() {
        CliRun r = CliRun.run(new GatewayCommand(List.of(new Throwing(new NullPointerException())), false), "boom");

        assertThat(r.errLines().getFirst()).isEqualTo("mcp-gateway boom: java.lang.NullPointerException");
    }

    @Test
    void aUsageErrorFoundByTheCommandExitsTwo() {
        CliRun r = CliRun.run(new GatewayCommand(List.of(new Throwing(new UsageException("--when: too late"))), true), "boom");

        assertThat(r).isEqualTo(new CliRun(2, "", lines("mcp-gateway boom: --when: too late", "Run 'mcp-gateway boom --help' for usage.")));
    }

    @Test
    void whatACommandPrintsWithoutANewlineIsFlushed() {
        CliCommand partial = new CliCommand() {
            @Override
            public CommandSpec spec() {
                return new CommandSpec("partial", List.of("Prints without a newline."), List.of(), List.of(), List.of());
            }

            @Override
            public int run(ParsedArgs args, CliStreams io) {
                io.out().print("no newline");
                io.err().print("nor here");
                return 7;
            }
        };

        assertThat(CliRun.run(new GatewayCommand(List.of(partial), false), "partial")).isEqualTo(new CliRun(7, "no newline", "nor here"));
    }

    private static ParsedArgs serve(String... args) {
        return CommandLineParser.parse(ServeCommand.SPEC, args, 0);
    }

    private static void assertUsageError(String firstLine, String... args) {
        CliRun r = CliRun.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(2);
        assertThat(r.errLines().getFirst()).isEqualTo(firstLine);
        assertThat(r.errLines().getLast()).startsWith("Run 'mcp-gateway").endsWith(" --help' for usage.");
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** A command that fails with {@code failure}. */
    private record Throwing(Exception failure) implements CliCommand {
        @Override
        public CommandSpec spec() {
            return new CommandSpec("boom", List.of("Fails."), List.of(), List.of(), List.of());
        }

        @Override
        public int run(ParsedArgs args, CliStreams io) throws Exception {
            throw failure;
        }
    }
}
