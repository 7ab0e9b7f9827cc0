package dev.mcpgateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code telemetry} section. */
final class TelemetryReader {

    private TelemetryReader() {}

    static TelemetryConfig read(MappingReader m) {
        TelemetryConfig d = TelemetryConfig.DEFAULTS;
        boolean enabled = m.bool("enabled").orElse(d.enabled());
        Optional<URI> endpoint = m.scalar("endpoint", "an http:// or https:// URL such as http://127.0.0.1:4318", true,
                TelemetryReader::endpoint);
        Map<String, String> headers = m.stringMap("headers");
        String serviceName = m.scalar("service_name", "a service name such as mcp-gateway", false, (text, shown) -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("expected a service name such as mcp-gateway, got " + shown);
            }
            return text.strip();
        }).orElse(d.serviceName());
        double ratio = m.number("sample_ratio", 0, false).orElse(d.sampleRatio());
        if (ratio > 1) {
            m.error("sample_ratio", "expected a number from 0 to 1 (the share of traces recorded), got " + ratio);
            ratio = d.sampleRatio();
        }
        m.finish();
        return new TelemetryConfig(enabled, endpoint, headers, serviceName, ratio);
    }

    private static URI endpoint(String text, String shown) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an http:// or https:// URL such as http://127.0.0.1:4318, got " + shown);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URL such as http://127.0.0.1:4318, got " + shown);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("expected the collector's base URL without query or fragment, got " + shown);
        }
        return uri;
    }
}
