package dev.mcpgateway.backend;

import dev.mcpgateway.session.ClientRequest;
import java.time.Duration;

/**
 * How to make one call to a backend.
 *
 * @param origin the client request this call serves (progress, cancellation and server requests
 *     are routed back to it); null for the gateway's own calls (list refresh, health checks)
 * @param timeout how long to wait for the response
 * @param repeatable whether the call may be sent again if the backend lost its session before
 *     processing it (list/read/ping, and tools annotated read-only or idempotent)
 */
public record CallOptions(ClientRequest origin, Duration timeout, boolean repeatable) {

    public static CallOptions internal(Duration timeout) {
        return new CallOptions(null, timeout, true);
    }
}
