package dev.mcpgateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One MCP server behind the gateway ({@code backends.<name>}), validated and with every
 * {@code ${VAR}} expanded.
 *
 * <p>Values may hold secrets (environment values, headers, URLs with credentials, command
 * arguments), so {@link #toString()} shows only their shape; never log the components directly.
 *
 * @param name unique name, {@code [A-Za-z0-9_-]{1,32}}
 * @param transport how to reach the server
 * @param command for stdio: the program and its arguments ({@code args} already appended); empty otherwise
 * @param env for stdio: extra environment variables for the child process
 * @param cwd for stdio: the child's working directory (absolute), if set
 * @param httpUrl for HTTP transports: the server's endpoint
 * @param headers for HTTP transports: headers sent with every request
 * @param protocolVersion the MCP protocol version to request upstream, if overridden
 * @param timeout per-call timeout (the same value as {@code failsafe().timeout()})
 * @param prefix prepended to the backend's tool and prompt names; empty = no prefix
 * @param failsafe the global {@code failsafe} section with this backend's overrides merged in
 * @param toolTimeouts per-call timeouts of single tools (by the backend's own tool name), overriding {@code timeout}
 */
public record BackendConfig(
        String name,
        String description,
        boolean enabled,
        TransportKind transport,
        List<String> command,
        Map<String, String> env,
        Optional<Path> cwd,
        Optional<URI> httpUrl,
        Map<String, String> headers,
        Optional<String> protocolVersion,
        Duration timeout,
        String prefix,
        SessionMode sessionMode,
        FailsafeConfig failsafe,
        Map<String, Duration> toolTimeouts) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0,32}");

    public BackendConfig {
        Require.notNull("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("backend name must be 1 to 32 letters, digits, '_' or '-', got \"" + name + "\"");
        }
        Require.notNull("description", description);
        Require.notNull("transport", transport);
        command = List.copyOf(Require.notNull("command", command));
        env = ordered(Require.notNull("env", env));
        Require.notNull("cwd", cwd);
        Require.notNull("http_url", httpUrl);
        headers = ordered(Require.notNull("headers", headers));
        Require.notNull("protocol_version", protocolVersion);
        Require.positive("timeout", timeout);
        Require.notNull("prefix", prefix);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be at most 32 letters, digits, '_' or '-', got \"" + prefix + "\"");
        }
        Require.notNull("session_mode", sessionMode);
        Require.notNull("failsafe", failsafe);
        toolTimeouts = orderedTimeouts(Require.notNull("tool_timeouts", toolTimeouts));
        if (transport == TransportKind.STDIO) {
            if (command.isEmpty() || httpUrl.isPresent() || !headers.isEmpty()) {
                throw new IllegalArgumentException("a stdio backend needs a command and takes no http_url or headers");
            }
        } else if (httpUrl.isEmpty() || !command.isEmpty() || !env.isEmpty() || cwd.isPresent()) {
            throw new IllegalArgumentException("an HTTP backend needs an http_url and takes no command, env or cwd");
        }
        // One source of truth for the per-call timeout.
        failsafe = failsafe.timeout().equals(timeout) ? failsafe : failsafe.withTimeout(timeout);
    }

    /** A backend without per-tool timeouts. */
    public BackendConfig(String name, String description, boolean enabled, TransportKind transport, List<String> command,
            Map<String, String> env, Optional<Path> cwd, Optional<URI> httpUrl, Map<String, String> headers,
            Optional<String> protocolVersion, Duration timeout, String prefix, SessionMode sessionMode, FailsafeConfig failsafe) {
        this(name, description, enabled, transport, command, env, cwd, httpUrl, headers, protocolVersion, timeout, prefix,
                sessionMode, failsafe, Map.of());
    }

    /** The per-call timeout of tool {@code tool} (the backend's own name): its override, else {@link #timeout()}. */
    public Duration timeoutFor(String tool) {
        if (tool == null || toolTimeouts.isEmpty()) {
            return timeout;
        }
        return toolTimeouts.getOrDefault(tool, timeout);
    }

    /** A stdio backend with every other setting at its default. */
    public static BackendConfig stdio(String name, List<String> command) {
        return new BackendConfig(name, "", true, TransportKind.STDIO, command, Map.of(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), FailsafeConfig.DEFAULTS.timeout(), name,
                SessionMode.SHARED, FailsafeConfig.DEFAULTS);
    }

    /** An HTTP backend ({@link TransportKind#STREAMABLE_HTTP} or {@link TransportKind#SSE}) with defaults. */
    public static BackendConfig http(String name, URI url, TransportKind transport) {
        if (!transport.isHttp()) {
            throw new IllegalArgumentException("not an HTTP transport: " + transport);
        }
        return new BackendConfig(name, "", true, transport, List.of(), Map.of(), Optional.empty(),
                Optional.of(url), Map.of(), Optional.empty(), FailsafeConfig.DEFAULTS.timeout(), name,
                SessionMode.SHARED, FailsafeConfig.DEFAULTS);
    }

    public BackendConfig withDescription(String description) {
        return new BackendConfig(name, description, enabled, transport, command, env, cwd, httpUrl, headers,
                protocolVersion, timeout, prefix, sessionMode, failsafe, toolTimeouts);
    }

    public BackendConfig withEnabled(boolean enabled) {
        return new BackendConfig(name, description, enabled, transport, command, env, cwd, httpUrl, headers,
                protocolVersion, timeout, prefix, sessionMode, failsafe, toolTimeouts);
    }

    public BackendConfig withSessionMode(SessionMode sessionMode) {
        return new BackendConfig(name, description, enabled, transport, command, env, cwd, httpUrl, headers,
                protocolVersion, timeout, prefix, sessionMode, failsafe, toolTimeouts);
    }

    public BackendConfig withToolTimeouts(Map<String, Duration> toolTimeouts) {
        return new BackendConfig(name, description, enabled, transport, command, env, cwd, httpUrl, headers,
                protocolVersion, timeout, prefix, sessionMode, failsafe, toolTimeouts);
    }

    public BackendConfig withFailsafe(FailsafeConfig failsafe) {
        return new BackendConfig(name, description, enabled, transport, command, env, cwd, httpUrl, headers,
                protocolVersion, failsafe.timeout(), prefix, sessionMode, failsafe, toolTimeouts);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static Map<String, Duration> orderedTimeouts(Map<String, Duration> map) {
        map.forEach((tool, limit) -> {
            if (tool == null || tool.isEmpty()) {
                throw new IllegalArgumentException("tool_timeouts: tool names cannot be empty");
            }
            Require.positive("tool_timeouts." + tool, limit);
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Shape only: environment and header values, arguments and URL credentials/query are left out. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("BackendConfig[name=").append(name)
                .append(", enabled=").append(enabled)
                .append(", transport=").append(transport.yamlName());
        if (!command.isEmpty()) {
            s.append(", program=").append(command.getFirst()).append(" (+").append(command.size() - 1).append(" args)");
        }
        if (!env.isEmpty()) {
            s.append(", env=").append(env.keySet());
        }
        cwd.ifPresent(dir -> s.append(", cwd=").append(dir));
        httpUrl.ifPresent(url -> s.append(", http_url=").append(withoutSecrets(url)));
        if (!headers.isEmpty()) {
            s.append(", headers=").append(headers.keySet());
        }
        protocolVersion.ifPresent(v -> s.append(", protocol_version=").append(v));
        if (!toolTimeouts.isEmpty()) {
            s.append(", tool_timeouts=").append(toolTimeouts.keySet());
        }
        return s.append(", timeout=").append(Durations.format(timeout))
                .append(", prefix=").append(prefix)
                .append(", session_mode=").append(sessionMode.name().toLowerCase(java.util.Locale.ROOT))
                .append(']').toString();
    }

    private static String withoutSecrets(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
    }
}
