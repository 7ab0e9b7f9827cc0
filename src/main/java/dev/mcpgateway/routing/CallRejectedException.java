package dev.mcpgateway.routing;

import dev.mcpgateway.backend.UpstreamException;

/**
 * The gateway refused to send a call to a backend (circuit open, rate limited, overloaded):
 * nothing was sent, so it never reached the backend. Carries what the client is told: the reason
 * and, if known, when trying again makes sense. Created often under overload, so it has no stack
 * trace.
 */
public final class CallRejectedException extends UpstreamException {

    private final GatewayErrors.Reason reason;
    private final long retryAfterMs;

    /**
     * @param message the client-facing text, naming the backend ("backend `github` is unavailable: ...")
     * @param retryAfterMs how long to wait before trying again, or -1 if unknown
     */
    public CallRejectedException(String message, GatewayErrors.Reason reason, long retryAfterMs) {
        super(message, false, false);
        this.reason = reason;
        this.retryAfterMs = retryAfterMs;
    }

    public GatewayErrors.Reason reason() {
        return reason;
    }

    /** Milliseconds until a new attempt makes sense, or -1 if unknown. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
