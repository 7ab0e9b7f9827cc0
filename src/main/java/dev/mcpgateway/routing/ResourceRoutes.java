package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.InitializeResult;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;

/**
 * Requests routed by what they name: {@code prompts/get} by the prompt's exposed name,
 * {@code resources/read}, subscriptions and resource completions by URI owner, prompt completions
 * by prompt owner.
 */
final class ResourceRoutes {

    private final GatewayView view;
    private final Forwarder forwarder;
    private final Subscriptions subscriptions;

    ResourceRoutes(GatewayView view, Forwarder forwarder, Subscriptions subscriptions) {
        this.view = view;
        this.forwarder = forwarder;
        this.subscriptions = subscriptions;
    }

    JsonRpcResponse getPrompt(ClientRequest request) throws UpstreamException {
        JsonRpcRequest message = request.message();
        String name = message.params() == null ? null : message.params().getString("name");
        if (name == null) {
            return GatewayErrors.invalidParams(request.id(), "prompts/get needs params.name (a string)");
        }
        GatewayCatalog catalog = view.catalogFor(request);
        GatewayCatalog.Prompt prompt = catalog.prompt(name);
        if (prompt == null) {
            return GatewayErrors.invalidParams(request.id(), "Unknown prompt: " + name + "." + DidYouMean.hint(name, catalog.promptNames()));
        }
        JsonRpcRequest forwarded = message.withParams(JsonObjectEdit.of(message.params()).set("name", prompt.name()));
        return forwarder.forward(request, prompt.backend(), forwarded, true, null);
    }

    JsonRpcResponse read(ClientRequest request) throws UpstreamException {
        String uri = uriOf(request);
        if (uri == null) {
            return GatewayErrors.invalidParams(request.id(), request.method() + " needs params.uri (a string)");
        }
        Backend owner = owner(request, uri);
        if (owner == null) {
            return notFound(request, uri);
        }
        return forwarder.forward(request, owner, request.message(), true, null);
    }

    /**
     * A shared backend session is subscribed upstream for the first subscriber of a URI only and
     * unsubscribed after the last; a per-client session follows its client exactly.
     */
    JsonRpcResponse subscribe(ClientRequest request, boolean subscribe) throws UpstreamException {
        String uri = uriOf(request);
        if (uri == null) {
            return GatewayErrors.invalidParams(request.id(), request.method() + " needs params.uri (a string)");
        }
        Backend owner = owner(request, uri);
        if (owner == null) {
            return notFound(request, uri);
        }
        ClientSession session = request.session();
        if (owner.perClient()) {
            if (subscribe) {
                subscriptions.add(owner, uri, session);
            } else {
                subscriptions.remove(owner, uri, session);
            }
            return forwarder.forward(request, owner, request.message(), true, null);
        }
        if (subscribe) {
            if (!subscriptions.add(owner, uri, session)) {
                return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
            }
            JsonRpcResponse response = forwarder.forward(request, owner, request.message(), true, null);
            if (response == null || response.isError()) {
                subscriptions.remove(owner, uri, session);
            }
            return response;
        }
        if (!subscriptions.remove(owner, uri, session)) {
            return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
        }
        return forwarder.forward(request, owner, request.message(), true, null);
    }

    JsonRpcResponse complete(ClientRequest request) throws UpstreamException {
        JsonRpcRequest message = request.message();
        JsonValue ref = message.params() == null ? null : message.params().get("ref");
        String type = ref == null ? null : ref.getString("type");
        if ("ref/prompt".equals(type)) {
            String name = ref.getString("name");
            GatewayCatalog catalog = view.catalogFor(request);
            GatewayCatalog.Prompt prompt = name == null ? null : catalog.prompt(name);
            if (prompt == null) {
                return GatewayErrors.invalidParams(request.id(), "Unknown prompt: " + name + "." + DidYouMean.hint(String.valueOf(name), catalog.promptNames()));
            }
            JsonRpcRequest forwarded = message.withParams(JsonObjectEdit.of(message.params()).set("ref", JsonObjectEdit.of(ref).set("name", prompt.name())));
            return forwarder.forward(request, prompt.backend(), forwarded, true, null);
        }
        if ("ref/resource".equals(type)) {
            String uri = ref.getString("uri");
            Backend owner = uri == null ? null : owner(request, uri);
            if (owner == null) {
                return GatewayErrors.invalidParams(request.id(), "Unknown resource: " + uri);
            }
            return forwarder.forward(request, owner, message, true, null);
        }
        return GatewayErrors.invalidParams(request.id(), "completion/complete needs params.ref of type ref/prompt or ref/resource");
    }

    /** The listed owner, else the template owner, else the only backend that has resources at all. */
    private Backend owner(ClientRequest request, String uri) {
        Backend owner = view.catalogFor(request).resourceOwner(uri);
        if (owner != null) {
            return owner;
        }
        Backend only = null;
        for (Backend backend : view.backends()) {
            InitializeResult server = backend.server(request.session());
            if (server != null && server.declares("resources")) {
                if (only != null) {
                    return null;
                }
                only = backend;
            }
        }
        return only;
    }

    private static String uriOf(ClientRequest request) {
        JsonValue params = request.message().params();
        return params == null ? null : params.getString("uri");
    }

    private static JsonRpcResponse notFound(ClientRequest request, String uri) {
        JsonValue data = new JsonWriter(uri.length() + 16).beginObject().member("uri", uri).endObject().toJsonValue();
        return JsonRpc.error(request.id(), JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri, data);
    }
}
