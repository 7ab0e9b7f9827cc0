package dev.mcpgateway.mcp;

import java.util.List;

/** The MCP protocol revisions the gateway speaks, and version negotiation. */
public final class ProtocolVersion {

    public static final String V2024_11_05 = "2024-11-05";
    public static final String V2025_03_26 = "2025-03-26";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_11_25 = "2025-11-25";
    /** The stateless revision; the gateway recognises it only to turn it away cleanly. */
    public static final String V2026_07_28 = "2026-07-28";

    /** Supported revisions, oldest first. */
    public static final List<String> SUPPORTED = List.of(V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25);

    public static final String LATEST = V2025_11_25;

    /** What a Streamable HTTP server assumes when a client sends no version header (spec 2025-06-18). */
    public static final String ASSUMED_WITHOUT_HEADER = V2025_03_26;

    private ProtocolVersion() {}

    public static boolean isSupported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    /** The version to answer an initialize with: the client's if supported, else our latest. */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }

    /** True if {@code version} is at least {@code minimum} (versions are ISO dates, so they sort as text). */
    public static boolean atLeast(String version, String minimum) {
        return version != null && version.compareTo(minimum) >= 0;
    }
}
