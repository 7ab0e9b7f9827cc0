package dev.mcpgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** STUB. */
public record ServerConfig(String host, int port, long maxBodyBytes, List<String> allowedOrigins, List<String> allowedHosts, Duration sessionIdleTimeout, Duration shutdownTimeout, OptionalInt adminPort) {}
