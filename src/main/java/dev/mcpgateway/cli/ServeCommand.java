package dev.mcpgateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mcp-gateway serve} (being built). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
public final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("mcp-gateway serve: not built yet");
        return 2;
    }
}
