package dev.mcpgateway.backend;

/**
 * A Streamable HTTP backend answered 404 for our {@code Mcp-Session-Id}: it no longer knows the
 * session (it restarted, or expired it). The spec says to start a new session; the message was
 * not processed.
 */
public final class SessionExpiredException extends UpstreamException {

    public SessionExpiredException(String message) {
        super(message, false);
    }
}
