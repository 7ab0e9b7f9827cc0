package dev.mcpgateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads the {@code server} section. */
final class ServerReader {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private ServerReader() {}

    /**
     * @param backends every backend name written in the file, and whether it is enabled (for
     *     {@code ready_requires})
     */
    static ServerConfig read(MappingReader m, Map<String, Boolean> backends) {
        ServerConfig d = ServerConfig.DEFAULTS;
        m.rustOnlyKeys(RustGatewayKeys.SERVER);
        String host = m.scalar("host", "a host name or IP address", false, ServerReader::bindHost).orElse(d.host());
        int port = m.integer("port", 0, 65535).orElse(d.port());
        long maxBody = m.scalar("max_body_size", "a size such as 4MiB", false, ServerReader::bodySize).orElse(d.maxBodyBytes());
        List<String> origins = list(m, "allowed_origins", "an origin such as https://app.example.com", ServerReader::origin);
        List<String> hosts = list(m, "allowed_hosts", "a host name such as gateway.internal", ServerReader::hostName);
        Duration idle = m.positiveDuration("session_idle_timeout").orElse(d.sessionIdleTimeout());
        Duration shutdown = m.nonNegativeDuration("shutdown_timeout").orElse(d.shutdownTimeout());
        OptionalInt adminPort = m.optionalInteger("admin_port", 0, 65535).map(OptionalInt::of).orElse(OptionalInt.empty());
        List<String> readyRequires = readyRequires(m, backends);
        m.finish();
        if (adminPort.isPresent() && adminPort.getAsInt() != 0 && adminPort.getAsInt() == port && !m.isInvalid("port")) {
            m.error("admin_port", "must differ from server.port (" + port + ")");
        }
        return new ServerConfig(host, port, maxBody, origins, hosts, idle, shutdown, adminPort, readyRequires);
    }

    /** Backend names (each enabled, each once) or "*" alone. */
    private static List<String> readyRequires(MappingReader m, Map<String, Boolean> backends) {
        String key = "ready_requires";
        List<String> out = new ArrayList<>();
        List<YamlNode> items = m.items(key, "a list of backend names, or [\"*\"] for all of them");
        for (int i = 0; i < items.size(); i++) {
            String path = m.pathOf(key) + "[" + i + "]";
            YamlNode item = items.get(i);
            Optional<String> name = m.convert(item, path, key, "a backend name", false, (text, shown) -> text.strip());
            if (name.isEmpty()) {
                continue;
            }
            Diagnostics diagnostics = m.context().diagnostics();
            String n = name.get();
            if (out.contains(n)) {
                diagnostics.error(item.mark(), path, "\"" + n + "\" is listed twice");
            } else if (n.equals(ServerConfig.ALL_BACKENDS)) {
                out.add(n);
            } else if (!backends.containsKey(n)) {
                Optional<String> suggestion = KeySpelling.suggest(n, backends.keySet());
                diagnostics.error(item.mark(), path, "no backend named \"" + n + "\""
                        + suggestion.map(s -> "; did you mean \"" + s + "\"?").orElse(
                                backends.isEmpty() ? "" : "; configured backends: " + String.join(", ", backends.keySet())));
            } else if (!backends.get(n)) {
                diagnostics.error(item.mark(), path, "backend \"" + n + "\" is disabled, so it can never be healthy and the gateway"
                        + " would never be ready; remove it here or enable it");
            } else {
                out.add(n);
            }
        }
        if (out.contains(ServerConfig.ALL_BACKENDS) && out.size() > 1) {
            m.error(key, "\"*\" already means every enabled backend; list either \"*\" or backend names");
            return List.of(ServerConfig.ALL_BACKENDS);
        }
        return List.copyOf(out);
    }

    private static List<String> list(MappingReader m, String key, String expected, MappingReader.Converter<String> converter) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = m.items(key, "a list of strings");
        for (int i = 0; i < items.size(); i++) {
            m.convert(items.get(i), m.pathOf(key) + "[" + i + "]", key, expected, false, converter)
                    .filter(v -> !out.contains(v))
                    .ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private static String bindHost(String text, String shown) {
        String host = text.strip();
        if (host.contains("://") || host.contains("/")) {
            throw new IllegalArgumentException("expected a host name or IP address to bind (no scheme or path), got " + shown);
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("expected a host name or IP address to bind, got " + shown);
        }
        return host;
    }

    private static long bodySize(String text, String shown) {
        long bytes = DataSizes.parse(text, shown);
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a size from 1 byte to 2GiB, got " + shown);
        }
        return bytes;
    }

    /** {@code scheme://host[:port]}, lower-cased and without a default port, as browsers send it. */
    static String origin(String text, String shown) {
        String value = text.strip();
        if (value.equals("*")) {
            throw new IllegalArgumentException("\"*\" would let any web page call the gateway; list each allowed origin"
                    + " (scheme://host[:port])");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an origin such as https://app.example.com, got " + shown);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("expected an origin scheme://host[:port] such as https://app.example.com"
                    + " (no path), got " + shown);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** A Host header name without port, lower case; IPv6 literals in brackets. */
    static String hostName(String text, String shown) {
        String host = text.strip().toLowerCase(Locale.ROOT);
        long colons = host.chars().filter(c -> c == ':').count();
        if (colons == 1 && !host.contains("/")) {
            throw new IllegalArgumentException("expected a host name without a port (every port of an allowed host is"
                    + " allowed), got " + shown);
        }
        if (host.contains("/") || host.isEmpty() || !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("expected a host name such as gateway.internal (no scheme, port or path), got "
                    + shown);
        }
        return colons > 1 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
