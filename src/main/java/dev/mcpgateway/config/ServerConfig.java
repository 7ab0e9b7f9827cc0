package dev.mcpgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The gateway's own HTTP endpoint ({@code server}).
 *
 * @param host address to bind (default {@code 127.0.0.1})
 * @param port port to bind, 0 = any free port
 * @param maxBodyBytes largest accepted request body
 * @param allowedOrigins extra {@code Origin} values ({@code scheme://host[:port]}, lower case) allowed
 *     besides loopback origins, which are always allowed
 * @param allowedHosts extra {@code Host} names (lower case, no port) allowed besides
 *     {@code localhost}, {@code 127.0.0.1} and {@code [::1]}
 * @param sessionIdleTimeout client sessions idle longer than this are ended
 * @param shutdownTimeout how long a graceful shutdown may drain in-flight work
 * @param adminPort a separate port for the non-{@code /mcp} endpoints, if set
 * @param readyRequires backends that must be healthy for {@code /health/ready} to report ready:
 *     none (the default), names, or {@link #ALL_BACKENDS} for every enabled backend
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Duration sessionIdleTimeout,
        Duration shutdownTimeout,
        OptionalInt adminPort,
        List<String> readyRequires) {

    /** The {@code ready_requires} entry that stands for every enabled backend. */
    public static final String ALL_BACKENDS = "*";

    public static final ServerConfig DEFAULTS = new ServerConfig(
            "127.0.0.1", 39400, 4L << 20, List.of(), List.of(),
            Duration.ofMinutes(30), Duration.ofSeconds(10), OptionalInt.empty(), List.of());

    public ServerConfig {
        Require.notNull("host", host);
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        checkPort("port", port);
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max_body_size must be between 1 byte and 2GiB, got " + maxBodyBytes);
        }
        allowedOrigins = List.copyOf(Require.notNull("allowed_origins", allowedOrigins));
        allowedHosts = List.copyOf(Require.notNull("allowed_hosts", allowedHosts));
        Require.positive("session_idle_timeout", sessionIdleTimeout);
        Require.notNegative("shutdown_timeout", shutdownTimeout);
        Require.notNull("admin_port", adminPort);
        adminPort.ifPresent(p -> checkPort("admin_port", p));
        readyRequires = List.copyOf(Require.notNull("ready_requires", readyRequires));
    }

    /** A server section whose readiness needs no backend. */
    public ServerConfig(String host, int port, long maxBodyBytes, List<String> allowedOrigins, List<String> allowedHosts,
            Duration sessionIdleTimeout, Duration shutdownTimeout, OptionalInt adminPort) {
        this(host, port, maxBodyBytes, allowedOrigins, allowedHosts, sessionIdleTimeout, shutdownTimeout, adminPort, List.of());
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be from 0 to 65535, got " + port);
        }
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, maxBodyBytes, allowedOrigins, allowedHosts,
                sessionIdleTimeout, shutdownTimeout, adminPort, readyRequires);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, maxBodyBytes, allowedOrigins, allowedHosts,
                sessionIdleTimeout, shutdownTimeout, adminPort, readyRequires);
    }

    public ServerConfig withAdminPort(OptionalInt adminPort) {
        return new ServerConfig(host, port, maxBodyBytes, allowedOrigins, allowedHosts,
                sessionIdleTimeout, shutdownTimeout, adminPort, readyRequires);
    }

    public ServerConfig withReadyRequires(List<String> readyRequires) {
        return new ServerConfig(host, port, maxBodyBytes, allowedOrigins, allowedHosts,
                sessionIdleTimeout, shutdownTimeout, adminPort, readyRequires);
    }
}
