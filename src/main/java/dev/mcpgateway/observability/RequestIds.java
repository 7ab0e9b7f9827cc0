package dev.mcpgateway.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: an inbound {@code X-Request-Id} is kept when it is a plausible id (so a caller's
 * id follows the request through the gateway's logs and spans), otherwise a random UUID is made.
 *
 * <p>Ids need to be unique, not unguessable: they come from {@link ThreadLocalRandom}, which costs
 * nanoseconds where {@link UUID#randomUUID()} draws from SecureRandom.
 */
public final class RequestIds {

    /** The HTTP header that carries the id, in and out. */
    public static final String HEADER = "X-Request-Id";
    /** Jetty request attribute under which the HTTP layer leaves the id for the MCP handler. */
    public static final String ATTRIBUTE = "dev.mcpgateway.requestId";

    static final int MAX_LENGTH = 128;

    private RequestIds() {}

    /** A new random id (a version 4 UUID). */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** {@code inbound} if it is a valid id, else a new one. */
    public static String keepOrMake(String inbound) {
        return isValid(inbound) ? inbound : next();
    }

    /**
     * 1 to 128 characters from {@code A-Z a-z 0-9 . _ - : / + = @}: enough for UUIDs, ULIDs and
     * the ids of common proxies, and nothing that could break a log line, a header or a JSON string.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '+' || c == '=' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
