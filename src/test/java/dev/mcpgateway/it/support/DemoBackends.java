package dev.mcpgateway.it.support;

import dev.mcpgateway.interop.GatewayProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the built-in demo server ({@code mcp-gateway demo-server}) as a stdio backend,
 * the integration tests' fault injector: {@code --hang-after 0}, {@code --crash-after 1},
 * {@code --garbage-after 0}, {@code --error-rate 1}, {@code --latency 200ms}...
 */
public final class DemoBackends {

    /** Small heap and the quick JIT tier: several demo JVMs start side by side on a small machine. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m", "-Xshare:auto");

    private DemoBackends() {}

    /** {@code java ... -jar mcp-gateway.jar demo-server --stdio faultFlags...}. */
    public static List<String> stdio(String... faultFlags) {
        List<String> command = new ArrayList<>();
        command.add(GatewayProcess.java().toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", GatewayProcess.jar().toString(), "demo-server", "--stdio"));
        command.addAll(List.of(faultFlags));
        return command;
    }
}
