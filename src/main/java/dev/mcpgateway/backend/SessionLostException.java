package dev.mcpgateway.backend;

/**
 * A Streamable HTTP backend forgot the session before processing a call that is not known to be
 * safe to repeat: the gateway re-initialized the session but did not send the call again. The
 * backend never processed it (an HTTP 404 for the session refuses the message), so this is not a
 * backend failure, and a caller may send it again.
 */
public final class SessionLostException extends UpstreamException {

    public SessionLostException(String message) {
        super(message, false);
    }
}
