package dev.mcpgateway.config;

import java.util.List;

/**
 * The gateway's own meta-tools ({@code meta_mcp}).
 *
 * @param enabled whether the gateway offers its discovery/invocation meta-tools
 * @param surfacedTools backend tools listed directly next to the meta-tools, in config order
 */
public record MetaMcpConfig(boolean enabled, List<SurfacedTool> surfacedTools) {

    public static final MetaMcpConfig DEFAULTS = new MetaMcpConfig(true, List.of());

    public MetaMcpConfig {
        surfacedTools = List.copyOf(Require.notNull("surfaced_tools", surfacedTools));
    }
}
