package dev.mcpgateway.cli;

import java.util.List;

/** {@code mcp-gateway help [COMMAND]}: the same help as {@code --help}, on stdout. */
final class HelpCommand implements CliCommand {

    static final PositionalSpec<String> COMMAND = new PositionalSpec<>("COMMAND", ValueType.STRING, false,
            "The command to describe; without it, mcp-gateway itself.");

    static final CommandSpec SPEC = new CommandSpec("help",
            List.of("Show the usage of mcp-gateway, or of COMMAND."),
            List.of(), List.of(COMMAND), List.of());

    private final GatewayCommand gateway;

    HelpCommand(GatewayCommand gateway) {
        this.gateway = gateway;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) {
        String name = args.value(COMMAND);
        if (name == null) {
            HelpRenderer.print(io.out(), gateway.programHelp());
            return 0;
        }
        CliCommand command = gateway.command(name);
        if (command == null) {
            throw gateway.unknownCommand(name);
        }
        HelpRenderer.print(io.out(), HelpRenderer.commandHelp(command.spec()));
        return 0;
    }
}
