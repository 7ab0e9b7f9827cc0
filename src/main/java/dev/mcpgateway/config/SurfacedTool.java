package dev.mcpgateway.config;

/**
 * A backend tool pinned into the gateway's own {@code tools/list} ({@code meta_mcp.surfaced_tools}).
 *
 * @param server the backend's name as configured (not its prefix)
 * @param tool the tool's name as the backend reports it
 */
public record SurfacedTool(String server, String tool) {

    public SurfacedTool {
        Require.notNull("server", server);
        Require.notNull("tool", tool);
        if (server.isEmpty() || tool.isEmpty()) {
            throw new IllegalArgumentException("a surfaced tool needs both a server and a tool name");
        }
    }

    @Override
    public String toString() {
        return server + "/" + tool;
    }
}
