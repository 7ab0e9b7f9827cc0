package dev.mcpgateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mcp-gateway demo-server} (not built yet). */
@Command(name = "demo-server", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class DemoServerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("mcp-gateway demo-server: not built yet");
        return 2;
    }
}
