package dev.mcpgateway.backend;

/**
 * A Streamable HTTP backend answered 404 for our {@code Mcp-Session-Id}: it no longer knows the
 * session (it restarted, or expired it). The spec says to start a new session; the message was
 * not processed.
 */
public final class SessionExpiredException extends UpstreamException {

    private final boolean sent;

    /**
     * @param sent whether this message went out (and the server refused it for the session); false
     *     when the transport already knew the session was gone and did not send it at all
     */
    public SessionExpiredException(String message, boolean sent) {
        super(message, false);
        this.sent = sent;
    }

    public SessionExpiredException(String message) {
        this(message, true);
    }

    /** False if the message was never sent, so sending it after re-initializing is not a repeat. */
    public boolean sent() {
        return sent;
    }
}
