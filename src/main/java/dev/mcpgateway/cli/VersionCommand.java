package dev.mcpgateway.cli;

import dev.mcpgateway.GatewayVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mcp-gateway version}: prints the version and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of mcp-gateway and of the Java runtime.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
        }
    }

    /** Supplies {@code --version} output for every command. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mcp-gateway " + GatewayVersion.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
