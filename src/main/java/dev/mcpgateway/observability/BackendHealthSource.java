package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;

/**
 * Where the health endpoints, gauges and span attributes get a backend's figures from. The
 * gateway's failsafe layer provides the full picture (circuit, percentiles, rejections);
 * {@link ConnectionHealth} provides what the connection alone tells.
 */
public interface BackendHealthSource {

    BackendSnapshot snapshot(Backend backend);

    /** The circuit state a new call to {@code backend} meets ({@code closed}, {@code open}, {@code half_open}). */
    default String circuitState(Backend backend) {
        return snapshot(backend).circuitState();
    }

    /** The backend's entry in {@code /health/backends}. */
    default JsonValue details(Backend backend) {
        JsonWriter w = new JsonWriter(512);
        GatewayHealth.writeSnapshot(w, snapshot(backend));
        return w.toJsonValue();
    }
}
