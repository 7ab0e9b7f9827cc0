package dev.mcpgateway.backend;

import java.time.Duration;

/** A backend did not answer within the call's timeout; the gateway cancelled the call upstream. */
public final class CallTimeoutException extends UpstreamException {

    private final Duration timeout;

    public CallTimeoutException(String backend, String method, Duration timeout) {
        super("backend `" + backend + "` did not answer " + method + " within " + Durations.format(timeout), true);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
