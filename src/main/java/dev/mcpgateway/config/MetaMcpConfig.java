package dev.mcpgateway.config;

import java.util.List;

/** STUB. */
public record MetaMcpConfig(boolean enabled, List<SurfacedTool> surfacedTools) {}
