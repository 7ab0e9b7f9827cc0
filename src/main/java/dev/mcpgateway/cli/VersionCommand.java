package dev.mcpgateway.cli;

import dev.mcpgateway.GatewayVersion;
import java.util.List;

/** {@code mcp-gateway version}: prints the version and the Java runtime (as {@code --version} does on every command). */
final class VersionCommand implements CliCommand {

    static final CommandSpec SPEC = new CommandSpec("version",
            List.of("Print the version of mcp-gateway and of the Java runtime."),
            List.of(), List.of(), List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) {
        HelpRenderer.print(io.out(), lines());
        return 0;
    }

    /** {@code mcp-gateway 0.1.0} and {@code Java 25.0.3+9-LTS (Eclipse Adoptium)}. */
    static List<String> lines() {
        return List.of(
                "mcp-gateway " + GatewayVersion.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }
}
