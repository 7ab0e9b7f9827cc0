package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.jsonrpc.JsonWriter;

/**
 * What the failsafe knows about each backend, as routing needs it: whether the backend can serve
 * right now (for {@code failure_mode: fail_closed} and {@code hide_unavailable_tools}) and its
 * health for {@code gateway_list_servers}. Implementations answer from memory, without I/O.
 */
public interface BackendAvailability {

    /** No failsafe: every backend counts as available and nothing is added to its description. */
    BackendAvailability ALWAYS = backend -> null;

    /**
     * Why a backend cannot serve now.
     *
     * @param message what is wrong, for people and models ("circuit open after 5 consecutive failures; retry in 12 s")
     * @param retryAfterMs when trying again makes sense, or -1 if unknown
     */
    record Unavailable(GatewayErrors.Reason reason, String message, long retryAfterMs) {}

    /** Why {@code backend} cannot serve now, or null if it can. */
    Unavailable unavailable(Backend backend);

    /** Writes the backend's health and circuit state as members of its {@code gateway_list_servers} entry. */
    default void describe(Backend backend, JsonWriter server) {}
}
