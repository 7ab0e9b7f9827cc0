package dev.mcpgateway.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenTelemetry tracing ({@code telemetry}). Off by default. The standard {@code OTEL_*}
 * environment variables apply as well and win over these keys (the SDK's own precedence).
 *
 * @param enabled whether spans are recorded and exported (OTLP over http/protobuf)
 * @param endpoint the collector's OTLP/HTTP base URL (spans go to {@code <endpoint>/v1/traces});
 *     empty means {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else {@code http://localhost:4318}
 * @param headers headers sent to the collector (often a token): {@link #toString()} shows only their names
 * @param serviceName the {@code service.name} resource attribute
 * @param sampleRatio the share of new traces recorded, from 0 to 1; a caller's sampling decision
 *     (the {@code traceparent} flag) is always followed
 */
public record TelemetryConfig(
        boolean enabled,
        Optional<URI> endpoint,
        Map<String, String> headers,
        String serviceName,
        double sampleRatio) {

    public static final TelemetryConfig DEFAULTS = new TelemetryConfig(false, Optional.empty(), Map.of(), "mcp-gateway", 1.0);

    public TelemetryConfig {
        Require.notNull("endpoint", endpoint);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Require.notNull("headers", headers)));
        Require.notNull("service_name", serviceName);
        if (serviceName.isBlank()) {
            throw new IllegalArgumentException("service_name must not be empty");
        }
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sample_ratio must be from 0 to 1, got " + sampleRatio);
        }
    }

    public TelemetryConfig withEnabled(boolean enabled) {
        return new TelemetryConfig(enabled, endpoint, headers, serviceName, sampleRatio);
    }

    /** Shape only: header values (tokens) and URL credentials are left out. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TelemetryConfig[enabled=").append(enabled);
        endpoint.ifPresent(url -> s.append(", endpoint=").append(url.getScheme()).append("://").append(url.getHost())
                .append(url.getPort() < 0 ? "" : ":" + url.getPort()));
        if (!headers.isEmpty()) {
            s.append(", headers=").append(headers.keySet());
        }
        return s.append(", service_name=").append(serviceName).append(", sample_ratio=").append(sampleRatio).append(']').toString();
    }
}
