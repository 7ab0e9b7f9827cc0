package dev.mcpgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The commented starter {@code gateway.yaml} written by {@code mcp-gateway init}. */
public final class StarterConfig {

    private static final String TEMPLATE = "gateway.starter.yaml";
    private static final String DEMO_COMMAND = "@DEMO_COMMAND@";

    private StarterConfig() {}

    /**
     * The starter config, with the demo backend running {@code demoCommand} (for example
     * {@code [/usr/bin/java, -jar, /opt/mcp-gateway/mcp-gateway.jar, demo-server, --stdio]}).
     */
    public static String render(List<String> demoCommand) {
        return template().replace(DEMO_COMMAND, yamlSingleQuoted(ShellWords.join(demoCommand).replace("$", "$$")));
    }

    private static String yamlSingleQuoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String template() {
        try (InputStream in = StarterConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TEMPLATE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
