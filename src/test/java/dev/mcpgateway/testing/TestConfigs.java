package dev.mcpgateway.testing;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.ConcurrencyConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.config.MetaMcpConfig;
import dev.mcpgateway.config.RateLimitConfig;
import dev.mcpgateway.config.ServerConfig;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.config.SurfacedTool;
import dev.mcpgateway.config.TransportKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds configurations in tests without YAML. */
public final class TestConfigs {

    private TestConfigs() {}

    public static BackendConfig backend(String name) {
        return backend(name, name, SessionMode.SHARED, Duration.ofSeconds(5));
    }

    /**
     * The failsafe of test backends: the defaults without the rate limit and the bulkhead (routing
     * tests fire hundreds of calls at once; those limits have their own tests in the failsafe package).
     */
    public static final FailsafeConfig FAILSAFE = FailsafeConfig.DEFAULTS
            .withRateLimit(RateLimitConfig.DEFAULTS.withEnabled(false))
            .withConcurrency(ConcurrencyConfig.DEFAULTS.withEnabled(false));

    public static BackendConfig backend(String name, String prefix, SessionMode mode, Duration timeout) {
        return new BackendConfig(name, "the " + name + " backend", true, TransportKind.STDIO, List.of("fake"), Map.of(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), timeout, prefix, mode, FAILSAFE);
    }

    public static ServerConfig server() {
        return new ServerConfig("127.0.0.1", 0, 4 << 20, List.of(), List.of(), Duration.ofMinutes(30), Duration.ofSeconds(2), OptionalInt.empty());
    }

    public static GatewayConfig gateway(boolean metaMode, List<SurfacedTool> surfaced, BackendConfig... backends) {
        Map<String, BackendConfig> map = new LinkedHashMap<>();
        for (BackendConfig backend : backends) {
            map.put(backend.name(), backend);
        }
        return new GatewayConfig(server(), new MetaMcpConfig(metaMode, surfaced), map, FailsafeConfig.DEFAULTS, Optional.empty());
    }

    public static GatewayConfig flat(BackendConfig... backends) {
        return gateway(false, List.of(), backends);
    }
}
