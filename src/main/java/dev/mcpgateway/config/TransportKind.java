package dev.mcpgateway.config;

import java.util.Locale;

/** How the gateway talks to a backend. */
public enum TransportKind {
    /** A child process speaking newline-delimited JSON-RPC on stdin/stdout. */
    STDIO,
    /** An MCP server speaking Streamable HTTP (one endpoint, POST plus optional GET stream). */
    STREAMABLE_HTTP,
    /** A legacy MCP server speaking HTTP+SSE (GET an event stream, POST to the announced endpoint). */
    SSE;

    /** The name used in {@code gateway.yaml}: {@code stdio}, {@code streamable_http}, {@code sse}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isHttp() {
        return this != STDIO;
    }
}
