package dev.mcpgateway.config;

/** STUB. */
public record SurfacedTool(String server, String tool) {}
