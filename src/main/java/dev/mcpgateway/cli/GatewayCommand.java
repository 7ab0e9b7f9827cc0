package dev.mcpgateway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mcp-gateway} command line: finds the command named by the first argument, parses
 * the rest against its {@link CommandSpec}, and runs it.
 *
 * <p>Exit codes: what the command returns; 0 for help and version (and for no arguments at all,
 * which prints the usage on stderr); 2 for a usage error, printed on stderr as
 * {@code mcp-gateway <command>: <message>} and a pointer to {@code --help}; 1 when the command
 * throws, printed as {@code mcp-gateway <command>: <message>}, with the stack trace only if the
 * environment variable {@value #DEBUG_ENV} is set (to anything but empty, {@code 0} or
 * {@code false}). Nothing but help, version and the commands' own output goes to stdout: in
 * {@code --stdio} mode it carries MCP.
 *
 * <p>Our own small parser rather than a library, for the start-up time: docs/decisions.md has the
 * measurement. It uses no reflection, annotations or regular expressions; parsing
 * {@code serve --config FILE} loads only this package's few small classes.
 */
public final class GatewayCommand {

    static final String PROGRAM = "mcp-gateway";
    static final String DESCRIPTION = "A gateway for the Model Context Protocol: one MCP endpoint in front of many MCP servers.";
    static final String DEBUG_ENV = "MCP_GATEWAY_DEBUG";
    static final int USAGE_ERROR = 2;
    static final int FAILURE = 1;

    private final List<CliCommand> commands;
    private final boolean stackTraces;

    /**
     * @param commands the commands, in the order the help lists them ({@code help} is added last)
     * @param stackTraces whether a command's exception is printed with its stack trace
     */
    GatewayCommand(List<CliCommand> commands, boolean stackTraces) {
        List<CliCommand> all = new ArrayList<>(commands);
        all.add(new HelpCommand(this));
        this.commands = List.copyOf(all);
        this.stackTraces = stackTraces;
    }

    /** The gateway's commands; stack traces as {@value #DEBUG_ENV} says. */
    public static GatewayCommand standard() {
        return new GatewayCommand(
                List.of(new ServeCommand(), new ValidateCommand(), new InitCommand(), new VersionCommand(), new DemoServerCommand()),
                isDebug(System.getenv(DEBUG_ENV)));
    }

    /** Runs the command line {@code args} with System.out and System.err; returns the exit code. */
    public int execute(String... args) {
        return execute(CliStreams.system(), args);
    }

    int execute(CliStreams io, String... args) {
        CliCommand command = null;
        try {
            if (args.length == 0) {
                HelpRenderer.print(io.err(), programHelp());
                return 0;
            }
            if (CommandLineParser.looksLikeOption(args[0])) {
                return programOption(io, args[0]);
            }
            command = command(args[0]);
            if (command == null) {
                throw unknownCommand(args[0]);
            }
            ParsedArgs parsed = CommandLineParser.parse(command.spec(), args, 1);
            if (parsed.helpRequested()) {
                HelpRenderer.print(io.out(), HelpRenderer.commandHelp(command.spec()));
                return 0;
            }
            if (parsed.versionRequested()) {
                HelpRenderer.print(io.out(), VersionCommand.lines());
                return 0;
            }
            return command.run(parsed, io);
        } catch (UsageException e) {
            String who = who(command);
            io.err().println(who + ": " + e.getMessage());
            io.err().println("Run '" + who + " --help' for usage.");
            return USAGE_ERROR;
        } catch (Exception e) {
            io.err().println(who(command) + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (stackTraces) {
                e.printStackTrace(io.err());
            } else {
                io.err().println("(set " + DEBUG_ENV + "=1 to see the stack trace)");
            }
            return FAILURE;
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /** The command called {@code name}, or null. */
    CliCommand command(String name) {
        for (CliCommand command : commands) {
            if (command.spec().name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    UsageException unknownCommand(String name) {
        List<String> names = new ArrayList<>();
        for (CliCommand command : commands) {
            names.add(command.spec().name());
        }
        return new UsageException("unknown command '" + name + "'" + Suggestions.didYouMean(name, names));
    }

    List<String> programHelp() {
        List<CommandSpec> specs = new ArrayList<>();
        for (CliCommand command : commands) {
            specs.add(command.spec());
        }
        return HelpRenderer.programHelp(DESCRIPTION, specs);
    }

    /** An option before any command: help, version, or a mistake (often a command's option given too early). */
    private int programOption(CliStreams io, String arg) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        boolean help = CommandSpec.HELP.hasName(name);
        if (help || CommandSpec.VERSION.hasName(name)) {
            if (eq >= 0) {
                throw CommandLineParser.flagWithValue(name, arg);
            }
            HelpRenderer.print(io.out(), help ? programHelp() : VersionCommand.lines());
            return 0;
        }
        for (CliCommand command : commands) {
            if (command.spec().indexOf(name) >= 0) {
                String example = PROGRAM + " " + command.spec().name() + " " + name;
                throw new UsageException(name + " is an option of a command; give the command first, e.g. '" + example + " ...'");
            }
        }
        List<String> names = new ArrayList<>(CommandSpec.HELP.names());
        names.addAll(CommandSpec.VERSION.names());
        throw CommandLineParser.unknownOption(name, names);
    }

    private static String who(CliCommand command) {
        return command == null ? PROGRAM : PROGRAM + " " + command.spec().name();
    }

    static boolean isDebug(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
