package dev.mcpgateway.mcp;

import java.util.Locale;

/** MCP logging levels (RFC 5424 severities), least severe first. */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    /** The level named {@code name} (as MCP writes it, lower case), or null if there is none. */
    public static LogLevel parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if a message at this level passes a session whose threshold is {@code threshold}. */
    public boolean passes(LogLevel threshold) {
        return threshold == null || compareTo(threshold) >= 0;
    }
}
