package dev.mcpgateway.backend;

/**
 * A backend cannot be started until its configuration or the machine changes: the program was not
 * found or is not executable, the working directory is missing, the URL cannot be used. Trying
 * again would fail the same way, so the gateway reports it once and does not retry in a loop. The
 * server was never reached.
 */
public final class PermanentFailureException extends UpstreamException {

    public PermanentFailureException(String message, Throwable cause) {
        super(message, false, cause);
    }

    public PermanentFailureException(String message) {
        this(message, null);
    }
}
