package dev.mcpgateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The gateway's version, as built into the jar. */
public final class GatewayVersion {

    private static final String VERSION = load();

    private GatewayVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = GatewayVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
