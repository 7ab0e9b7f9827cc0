package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.routing.BackendCall;
import java.time.Duration;

/** Helpers for the stages. */
final class Attempts {

    private Attempts() {}

    /** The same call with {@code nanos} left for it. */
    static BackendCall withTimeout(BackendCall call, long nanos) {
        CallOptions o = call.options();
        return new BackendCall(call.backend(), call.client(), call.request(), new CallOptions(o.origin(), Duration.ofNanos(nanos),
                o.repeatable()), call.tool());
    }
}
