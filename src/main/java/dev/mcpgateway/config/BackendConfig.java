package dev.mcpgateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** STUB. */
public record BackendConfig(String name, String description, boolean enabled, TransportKind transport, List<String> command, Map<String, String> env,
        Optional<Path> cwd, Optional<URI> httpUrl, Map<String, String> headers, Optional<String> protocolVersion, Duration timeout, String prefix,
        SessionMode sessionMode, FailsafeConfig failsafe) {}
