package dev.mcpgateway.backend;

/** The client cancelled the request (or went away) while the backend was working on it. */
public final class CallCancelledException extends UpstreamException {

    public CallCancelledException(String reason) {
        super("cancelled: " + reason, true);
    }
}
