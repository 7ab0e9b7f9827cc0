package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonValue;

/**
 * What a backend told us in its initialize response.
 *
 * @param capabilities the server's capabilities object, as sent
 * @param serverInfo the server's Implementation object, as sent
 * @param instructions the server's instructions, or null
 */
public record InitializeResult(String protocolVersion, JsonValue capabilities, JsonValue serverInfo, String instructions) {

    /** True if the server declared the top-level capability {@code name} (tools, prompts, resources, logging...). */
    public boolean declares(String name) {
        return capabilities != null && capabilities.get(name) != null;
    }

    /** True if the server declared {@code capability.feature: true}, e.g. resources.subscribe. */
    public boolean declares(String capability, String feature) {
        JsonValue cap = capabilities == null ? null : capabilities.get(capability);
        JsonValue flag = cap == null ? null : cap.get(feature);
        return flag != null && flag.isTrue();
    }

    public String serverName() {
        String name = serverInfo == null ? null : serverInfo.getString("name");
        return name == null ? "unknown" : name;
    }
}
