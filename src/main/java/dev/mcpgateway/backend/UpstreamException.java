package dev.mcpgateway.backend;

/**
 * A message could not be delivered to a backend, or the backend answered at the transport level
 * with something other than MCP (HTTP 5xx, garbage, a dead process).
 */
public class UpstreamException extends Exception {

    private final boolean reachedServer;

    /**
     * @param reachedServer false only when it is certain the server never received the message
     *     (connection refused, process not running); retries rely on this being exact
     */
    public UpstreamException(String message, boolean reachedServer, Throwable cause) {
        super(message, cause);
        this.reachedServer = reachedServer;
    }

    public UpstreamException(String message, boolean reachedServer) {
        this(message, reachedServer, null);
    }

    /**
     * For failures that are expected and frequent (the gateway refusing a call it never sent):
     * without a stack trace they cost next to nothing to create.
     */
    protected UpstreamException(String message, boolean reachedServer, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
        this.reachedServer = reachedServer;
    }

    /** Whether the backend may have received the message (false means "certainly not"). */
    public boolean reachedServer() {
        return reachedServer;
    }
}
