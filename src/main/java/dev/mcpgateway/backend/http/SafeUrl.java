package dev.mcpgateway.backend.http;

import java.net.URI;

/**
 * A URL as it may appear in logs: scheme, host, port and path only. User info and the query string
 * can carry credentials (API keys in {@code ?key=}, {@code user:password@}), so they never do.
 */
final class SafeUrl {

    private SafeUrl() {}

    static String of(URI uri) {
        StringBuilder out = new StringBuilder(64);
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            out.append("?…");
        }
        return out.toString();
    }
}
