package dev.mcpgateway.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 128 random bits from a cryptographically secure source, base64url without padding
 * (22 visible ASCII characters, as Streamable HTTP requires). They are unguessable but are not
 * credentials.
 */
public final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** A short, log-safe form of a session id (its first 8 characters). */
    public static String abbreviate(String sessionId) {
        return sessionId == null ? "-" : sessionId.substring(0, Math.min(8, sessionId.length()));
    }
}
