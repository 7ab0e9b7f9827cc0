package dev.mcpgateway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole, validated gateway configuration. Built by {@link ConfigLoader} from
 * {@code gateway.yaml} (or {@link #builtInDefault} when there is no file); nothing downstream
 * reads YAML.
 *
 * @param backends by name, in the order of the file; unmodifiable
 * @param failsafe the global failsafe section (each backend carries its merged copy)
 * @param source the file this was loaded from, if any
 * @param telemetry OpenTelemetry tracing
 */
public record GatewayConfig(
        ServerConfig server,
        MetaMcpConfig metaMcp,
        Map<String, BackendConfig> backends,
        FailsafeConfig failsafe,
        Optional<Path> source,
        TelemetryConfig telemetry) {

    public GatewayConfig {
        Require.notNull("server", server);
        Require.notNull("meta_mcp", metaMcp);
        Require.notNull("backends", backends);
        Require.notNull("failsafe", failsafe);
        Require.notNull("source", source);
        Require.notNull("telemetry", telemetry);
        backends.forEach((name, backend) -> {
            if (!name.equals(backend.name())) {
                throw new IllegalArgumentException("backend \"" + backend.name() + "\" is stored under the name \"" + name + "\"");
            }
        });
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
    }

    /** A configuration with telemetry at its defaults (off). */
    public GatewayConfig(ServerConfig server, MetaMcpConfig metaMcp, Map<String, BackendConfig> backends, FailsafeConfig failsafe,
            Optional<Path> source) {
        this(server, metaMcp, backends, failsafe, source, TelemetryConfig.DEFAULTS);
    }

    /**
     * The configuration used when no {@code gateway.yaml} exists: one stdio backend {@code demo}
     * running {@code demoCommand} (the caller passes {@code java -jar <this jar> demo-server --stdio}),
     * everything else at its default.
     */
    public static GatewayConfig builtInDefault(List<String> demoCommand) {
        BackendConfig demo = BackendConfig.stdio("demo", demoCommand).withDescription("Built-in demo backend");
        return new GatewayConfig(ServerConfig.DEFAULTS, MetaMcpConfig.DEFAULTS, Map.of(demo.name(), demo),
                FailsafeConfig.DEFAULTS, Optional.empty());
    }

    /** The backends with {@code enabled: true}, in config order. */
    public List<BackendConfig> enabledBackends() {
        return backends.values().stream().filter(BackendConfig::enabled).toList();
    }

    public GatewayConfig withServer(ServerConfig server) {
        return new GatewayConfig(server, metaMcp, backends, failsafe, source, telemetry);
    }

    public GatewayConfig withTelemetry(TelemetryConfig telemetry) {
        return new GatewayConfig(server, metaMcp, backends, failsafe, source, telemetry);
    }
}
