package dev.mcpgateway.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names clients see for backend tools and prompts: {@code <prefix>__<name>}.
 *
 * <p>Clients in the wild reject names outside {@code [A-Za-z0-9_-]{1,64}} (SEP-986 allows more,
 * but several clients break on dots and slashes), so any other character becomes {@code _}, and a
 * name longer than 64 characters is cut and given a short hash of the full name, which keeps it
 * unique and stable across restarts.
 */
public final class ExposedNames {

    public static final String SEPARATOR = "__";
    public static final int MAX_LENGTH = 64;
    private static final int HASH_LENGTH = 8;

    private ExposedNames() {}

    /** The exposed name of {@code name} from a backend with {@code prefix} ("" means unprefixed). */
    public static String expose(String prefix, String name) {
        String full = prefix.isEmpty() ? name : prefix + SEPARATOR + name;
        String safe = sanitize(full);
        if (safe.length() <= MAX_LENGTH && safe.equals(full)) {
            return full;
        }
        if (safe.length() <= MAX_LENGTH) {
            return safe;
        }
        String hash = shortHash(full);
        return safe.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "_" + hash;
    }

    /** True if {@code name} is already a name clients accept. */
    public static boolean isValid(String name) {
        return !name.isEmpty() && name.length() <= MAX_LENGTH && sanitize(name).equals(name);
    }

    private static String sanitize(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(name);
                }
                sb.setCharAt(i, '_');
            }
        }
        String out = sb == null ? name : sb.toString();
        return out.isEmpty() ? "_" : out;
    }

    private static String shortHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
