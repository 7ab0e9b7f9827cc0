package dev.mcpgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** STUB until the config package lands. */
public record GatewayConfig(ServerConfig server, MetaMcpConfig metaMcp, Map<String, BackendConfig> backends, FailsafeConfig failsafe, Optional<Path> source) {
    public static GatewayConfig builtInDefault(List<String> demoCommand) {
        Map<String, BackendConfig> b = new LinkedHashMap<>();
        b.put("demo", new BackendConfig("demo", "Built-in demo backend", true, TransportKind.STDIO, demoCommand, Map.of(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), Duration.ofSeconds(30), "demo", SessionMode.SHARED, FailsafeConfig.DEFAULTS));
        return new GatewayConfig(new ServerConfig("127.0.0.1", 39400, 4 << 20, List.of(), List.of(), Duration.ofMinutes(30), Duration.ofSeconds(10), OptionalInt.empty()),
                new MetaMcpConfig(true, List.of()), b, FailsafeConfig.DEFAULTS, Optional.empty());
    }
}
