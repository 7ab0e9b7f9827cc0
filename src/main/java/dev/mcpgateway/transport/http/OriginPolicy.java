package dev.mcpgateway.transport.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Protection against DNS rebinding and cross-site requests (the spec: servers MUST validate
 * {@code Origin}; an invalid one gets 403).
 *
 * <ul>
 *   <li>An {@code Origin} header, when present, must be a loopback origin (any scheme and port on
 *       localhost, 127.0.0.1 or [::1]) or one of {@code server.allowed_origins}.
 *   <li>While the gateway listens on a loopback address, the {@code Host} header must name a
 *       loopback host or one of {@code server.allowed_hosts}: a page that rebinds its own domain to
 *       127.0.0.1 still sends its own domain as Host. On other addresses, Host is checked only when
 *       allowed_hosts is set.
 * </ul>
 */
final class OriginPolicy {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;
    private final Set<String> allowedHosts;
    private final boolean loopbackOnly;

    OriginPolicy(String bindHost, List<String> allowedOrigins, List<String> allowedHosts) {
        this.allowedOrigins = allowedOrigins.stream().map(o -> stripSlash(o.toLowerCase(Locale.ROOT))).collect(Collectors.toUnmodifiableSet());
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.loopbackOnly = isLoopback(bindHost);
    }

    /** Why the request must be refused, or null if it may proceed. */
    String reject(String origin, String host) {
        if (origin != null && !originAllowed(origin)) {
            return "Forbidden: origin " + origin + " is not allowed (add it to server.allowed_origins to allow it)";
        }
        if (host != null && !hostAllowed(host)) {
            return "Forbidden: host " + hostName(host) + " is not allowed (add it to server.allowed_hosts to allow it)";
        }
        return null;
    }

    private boolean originAllowed(String origin) {
        String normalized = stripSlash(origin.trim().toLowerCase(Locale.ROOT));
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalized)) {
            return true;
        }
        try {
            URI uri = new URI(normalized);
            String host = uri.getHost();
            return host != null && LOOPBACK_HOSTS.contains(host) && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private boolean hostAllowed(String hostHeader) {
        String name = hostName(hostHeader);
        if (allowedHosts.contains(name) || allowedHosts.contains("*")) {
            return true;
        }
        if (loopbackOnly) {
            return LOOPBACK_HOSTS.contains(name);
        }
        return allowedHosts.isEmpty();
    }

    /** The host part of a Host header, lower case, without the port ([::1] keeps its brackets). */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static boolean isLoopback(String bindHost) {
        if (bindHost == null || LOOPBACK_HOSTS.contains(bindHost.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            return InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
