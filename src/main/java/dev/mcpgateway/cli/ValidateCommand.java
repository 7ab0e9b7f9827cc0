package dev.mcpgateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mcp-gateway validate} (not built yet). */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Not built yet.")
public final class ValidateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("mcp-gateway validate: not built yet");
        return 2;
    }
}
