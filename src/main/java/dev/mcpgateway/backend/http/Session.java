package dev.mcpgateway.backend.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The Streamable HTTP session as the transport knows it; immutable, swapped atomically.
 *
 * @param id the server's {@code Mcp-Session-Id}, or null (none yet, or a server without sessions)
 * @param protocolVersion the negotiated version sent as {@code MCP-Protocol-Version}, or null
 *     before {@code initialized}
 * @param lost the server said the session is gone (404); only {@code initialize} may be sent
 * @param generation increases with every new session, so streams of an old session stop
 * @param idHeader {@code id} as a ready-encoded {@code Mcp-Session-Id} header, or null
 * @param protocolVersionHeader {@code protocolVersion} as a ready-encoded header, or null
 */
record Session(String id, String protocolVersion, boolean lost, long generation, HttpField idHeader, HttpField protocolVersionHeader) {

    static final Session INITIAL = new Session(null, null, false, 0);

    /**
     * A session whose two headers are encoded once, here, rather than on every request that
     * carries them (Jetty checks a plain field's value character by character as it writes it).
     */
    Session(String id, String protocolVersion, boolean lost, long generation) {
        this(id, protocolVersion, lost, generation,
                id == null ? null : new PreEncodedHttpField(StreamableHttpTransport.SESSION_HEADER, id),
                protocolVersion == null ? null : new PreEncodedHttpField(StreamableHttpTransport.PROTOCOL_VERSION_HEADER, protocolVersion));
    }

    Session withId(String newId) {
        return new Session(newId, protocolVersion, lost, generation);
    }

    Session withProtocolVersion(String version) {
        return new Session(id, version, lost, generation);
    }

    /** The first 8 characters of the session id, for logs (never log the whole id at INFO). */
    String idForLog() {
        return forLog(id);
    }

    static String forLog(String id) {
        if (id == null) {
            return "(none)";
        }
        return id.length() <= 8 ? id : id.substring(0, 8) + "…";
    }

    /** Whether a session id may be sent back in a header: visible ASCII only (MCP spec). */
    static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > 1024) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
