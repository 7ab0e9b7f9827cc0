package dev.mcpgateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mcp-gateway init} (not built yet). */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class InitCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("mcp-gateway init: not built yet");
        return 2;
    }
}
