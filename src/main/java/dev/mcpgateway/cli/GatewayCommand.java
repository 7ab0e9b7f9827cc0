package dev.mcpgateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code mcp-gateway} command; its subcommands do the work. */
@Command(
        name = "mcp-gateway",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "A gateway for the Model Context Protocol: one MCP endpoint in front of many MCP servers.",
        subcommands = {
            ServeCommand.class,
            ValidateCommand.class,
            InitCommand.class,
            VersionCommand.class,
            DemoServerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GatewayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The configured command line: errors go to stderr, usage help too (stdout may be MCP). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GatewayCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
