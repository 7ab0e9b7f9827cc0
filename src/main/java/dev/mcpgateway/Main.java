package dev.mcpgateway;

import dev.mcpgateway.cli.GatewayCommand;

/** Entry point of the {@code mcp-gateway} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Long-running commands (serve, demo-server) return only when they have shut down.
        System.exit(GatewayCommand.standard().execute(args));
    }
}
