package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import java.util.Locale;
import java.util.Map;

/**
 * Backend health from the connection alone (healthy while connected, no breaker, no call
 * counts): what the endpoints report until a richer source is set with
 * {@link Observability#useFailsafe}, as the gateway does at startup.
 */
final class ConnectionHealth implements BackendHealthSource {

    @Override
    public BackendSnapshot snapshot(Backend backend) {
        return new BackendSnapshot(backend.name(), backend.transportName(), backend.status().name().toLowerCase(Locale.ROOT),
                backend.status() == Backend.Status.READY, BackendSnapshot.CLOSED, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null,
                Map.of(), backend.restarts(), backend.lastError());
    }

    @Override
    public String circuitState(Backend backend) {
        return BackendSnapshot.CLOSED;
    }
}
