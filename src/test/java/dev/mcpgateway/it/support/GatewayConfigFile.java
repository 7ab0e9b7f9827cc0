package dev.mcpgateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code gateway.yaml} written by a test: loopback listener on a free port, meta or flat mode,
 * and a list of backends. Values are written as JSON strings, which YAML reads verbatim, so paths
 * and arguments need no YAML quoting care.
 *
 * <pre>{@code
 * Path config = GatewayConfigFile.flat()
 *         .stdio("demo", DemoBackends.stdio())
 *         .http("everything", server.url(), "timeout", "5s")
 *         .writeTo(tempDir);
 * }</pre>
 */
public final class GatewayConfigFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final boolean metaMode;
    private final Map<String, String> serverKeys = new LinkedHashMap<>();
    private final StringBuilder backends = new StringBuilder();

    private GatewayConfigFile(boolean metaMode) {
        this.metaMode = metaMode;
        serverKeys.put("host", "127.0.0.1");
        serverKeys.put("port", "0");
    }

    /** Meta mode (the default): clients see the gateway_* meta-tools. */
    public static GatewayConfigFile metaMode() {
        return new GatewayConfigFile(true);
    }

    /** Flat mode: every backend tool is listed as {@code <backend>__<tool>}. */
    public static GatewayConfigFile flat() {
        return new GatewayConfigFile(false);
    }

    /** Sets a key of the {@code server:} section, e.g. {@code ("shutdown_timeout", "10s")}. */
    public GatewayConfigFile server(String key, String value) {
        serverKeys.put(key, value);
        return this;
    }

    /**
     * A stdio backend running {@code command}; {@code keysAndValues} are further backend keys
     * with plain scalar values, e.g. {@code "timeout", "2s"}.
     */
    public GatewayConfigFile stdio(String name, List<String> command, String... keysAndValues) {
        backends.append("  ").append(name).append(":\n");
        backends.append("    command: ").append(quoted(command)).append('\n');
        appendKeys(keysAndValues);
        return this;
    }

    /** A Streamable HTTP backend (or legacy SSE when the URL ends in {@code /sse}). */
    public GatewayConfigFile http(String name, URI url, String... keysAndValues) {
        backends.append("  ").append(name).append(":\n");
        backends.append("    http_url: ").append(quoted(url.toString())).append('\n');
        appendKeys(keysAndValues);
        return this;
    }

    private void appendKeys(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs: " + List.of(keysAndValues));
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            backends.append("    ").append(keysAndValues[i]).append(": ").append(keysAndValues[i + 1]).append('\n');
        }
    }

    /** The YAML text. */
    public String yaml() {
        StringBuilder yaml = new StringBuilder("server:\n");
        serverKeys.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(value).append('\n'));
        yaml.append("meta_mcp:\n  enabled: ").append(metaMode).append('\n');
        yaml.append("backends:\n").append(backends);
        return yaml.toString();
    }

    /** Writes {@code gateway.yaml} into {@code dir} and returns its path. */
    public Path writeTo(Path dir) {
        Path file = dir.resolve("gateway.yaml");
        try {
            Files.writeString(file, yaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String quoted(Object value) {
        return JSON.writeValueAsString(value);
    }
}
