package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import java.util.Set;

/**
 * What backends report to the routing layer. Callbacks run on transport or background threads
 * and must not block.
 */
public interface BackendEvents {

    /**
     * A notification from a backend (progress is handled below this layer).
     *
     * @param origin the client request it belongs to, if it can be attributed
     * @param owner the client session that owns the upstream session (per_client mode), else null
     */
    void onNotification(Backend backend, JsonRpcNotification notification, ClientRequest origin, ClientSession owner);

    /**
     * A request from a backend to a client (sampling, elicitation, roots...). Answer it through
     * {@code upstream.reply(...)} with the backend's request id.
     */
    void onServerRequest(Backend backend, UpstreamSession upstream, JsonRpcRequest request, ClientRequest origin, ClientSession owner);

    /**
     * Some of a backend's lists changed (or first arrived); {@code owner} is null for a shared
     * session. {@code changed} is never empty.
     */
    void onCatalogChanged(Backend backend, ClientSession owner, Set<BackendCatalog.Kind> changed);

    /** A backend session was re-established after the backend forgot it; re-apply session state (subscriptions, log level). */
    void onReinitialized(Backend backend, UpstreamSession upstream, ClientSession owner);

    /** A backend's status changed (ready, unavailable...). */
    void onStatusChanged(Backend backend);

    /**
     * A backend session was replaced by a new one (a crashed or unresponsive stdio child restarted,
     * an HTTP session reconnected); {@code cause} says why the old one ended. No secrets in it.
     */
    default void onRestarted(Backend backend, String cause) {}
}
