package dev.mcpgateway.config;

/** STUB. */
public record FailsafeConfig() {
    public static final FailsafeConfig DEFAULTS = new FailsafeConfig();
}
