package dev.mcpgateway.testing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.UpstreamSession;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import java.util.Set;

/** Backend events nobody listens to; extend it to watch the one kind a test cares about. */
public class IgnoredBackendEvents implements BackendEvents {

    public static final BackendEvents INSTANCE = new IgnoredBackendEvents();

    @Override
    public void onNotification(Backend backend, JsonRpcNotification notification, ClientRequest origin, ClientSession owner) {}

    @Override
    public void onServerRequest(Backend backend, UpstreamSession upstream, JsonRpcRequest request, ClientRequest origin, ClientSession owner) {}

    @Override
    public void onCatalogChanged(Backend backend, ClientSession owner, Set<BackendCatalog.Kind> changed) {}

    @Override
    public void onReinitialized(Backend backend, UpstreamSession upstream, ClientSession owner) {}

    @Override
    public void onStatusChanged(Backend backend) {}
}
