package dev.mcpgateway.backend.stdio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a backend's child process gets: only {@code PATH}, {@code HOME} and
 * {@code TMPDIR} from the gateway's own environment, then the backend's configured variables
 * (which win). Nothing else leaks: the gateway's environment often holds tokens meant for it,
 * not for every MCP server it runs.
 */
final class ChildEnvironment {

    static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR");

    private ChildEnvironment() {}

    static Map<String, String> of(Map<String, String> gatewayEnvironment, Map<String, String> configured) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = gatewayEnvironment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(configured);
        return env;
    }
}
