package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.UpstreamSession;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import java.util.Set;

/**
 * What backends report goes to the routing layer unchanged; status changes and restarts also
 * reach the failsafe (availability, restart events).
 */
final class ObservedBackendEvents implements BackendEvents {

    private final BackendEvents routing;
    private final FailsafeRegistry failsafe;

    ObservedBackendEvents(BackendEvents routing, FailsafeRegistry failsafe) {
        this.routing = routing;
        this.failsafe = failsafe;
    }

    @Override
    public void onNotification(Backend backend, JsonRpcNotification notification, ClientRequest origin, ClientSession owner) {
        routing.onNotification(backend, notification, origin, owner);
    }

    @Override
    public void onServerRequest(Backend backend, UpstreamSession upstream, JsonRpcRequest request, ClientRequest origin, ClientSession owner) {
        routing.onServerRequest(backend, upstream, request, origin, owner);
    }

    @Override
    public void onCatalogChanged(Backend backend, ClientSession owner, Set<BackendCatalog.Kind> changed) {
        routing.onCatalogChanged(backend, owner, changed);
    }

    @Override
    public void onReinitialized(Backend backend, UpstreamSession upstream, ClientSession owner) {
        routing.onReinitialized(backend, upstream, owner);
    }

    @Override
    public void onStatusChanged(Backend backend) {
        routing.onStatusChanged(backend);
        failsafe.statusChanged(backend);
    }

    @Override
    public void onRestarted(Backend backend, String cause) {
        routing.onRestarted(backend, cause);
        failsafe.restarted(backend, cause);
    }
}
