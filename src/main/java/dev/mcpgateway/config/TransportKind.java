package dev.mcpgateway.config;

/** STUB. */
public enum TransportKind { STDIO, STREAMABLE_HTTP, SSE }
