package dev.mcpgateway.routing;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.SurfacedTool;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tools/list} and {@code tools/call}, in flat mode (every backend tool under its exposed
 * name) and in meta mode (the four {@code gateway_*} tools, plus pinned ones), and the meta-tools'
 * plain-method form.
 */
final class ToolRoutes {

    private final GatewayView view;
    private final Forwarder forwarder;
    private final Pages pages;
    private final boolean metaMode;
    private final List<SurfacedTool> surfacedTools;

    ToolRoutes(GatewayView view, Forwarder forwarder, Pages pages, boolean metaMode, List<SurfacedTool> surfacedTools) {
        this.view = view;
        this.forwarder = forwarder;
        this.pages = pages;
        this.metaMode = metaMode;
        this.surfacedTools = List.copyOf(surfacedTools);
    }

    JsonRpcResponse list(ClientRequest request) {
        GatewayCatalog catalog = view.catalogFor(request);
        List<JsonValue> tools = new ArrayList<>();
        if (metaMode) {
            tools.addAll(MetaTools.definitions(view.backends(), catalog));
            for (SurfacedTool pinned : surfacedTools) {
                GatewayCatalog.Tool tool = catalog.tool(pinned.server(), pinned.tool());
                if (tool != null) {
                    tools.add(tool.exposed());
                }
            }
        } else {
            for (GatewayCatalog.Tool tool : catalog.tools()) {
                tools.add(tool.exposed());
            }
        }
        return pages.page(request.id(), request.message().params(), "tools", tools);
    }

    JsonRpcResponse call(ClientRequest request) throws UpstreamException {
        return AsyncCalls.await(callAsync(request));
    }

    /**
     * tools/call without waiting: a backend tool's call goes out at once and nothing waits for
     * its answer; a meta-tool runs on a virtual thread. The future fails only with {@link
     * dev.mcpgateway.backend.CallCancelledException} (or a bug).
     */
    CompletableFuture<JsonRpcResponse> callAsync(ClientRequest request) {
        JsonRpcRequest message = request.message();
        JsonValue params = message.params();
        String name = params == null ? null : params.getString("name");
        if (name == null) {
            return CompletableFuture.completedFuture(GatewayErrors.invalidParams(request.id(), "tools/call needs params.name (a string)"));
        }
        if (MetaTools.isMetaTool(name)) {
            return AsyncCalls.onVirtualThread(() -> callMetaTool(request, name, params.get("arguments")));
        }
        GatewayCatalog catalog = view.catalogFor(request);
        GatewayCatalog.Tool tool = catalog.tool(name);
        if (tool == null) {
            return CompletableFuture.completedFuture(unknownTool(request, name, catalog));
        }
        JsonRpcRequest forwarded = name.equals(tool.name()) ? message : message.withParams(JsonObjectEdit.of(params).set("name", tool.name()));
        return forwarder.forwardAsync(request, tool.backend(), forwarded, tool.repeatable(), tool.name());
    }

    /** A meta-tool name used as a plain JSON-RPC method, for curl users: the answer is the data itself. */
    JsonRpcResponse metaMethod(ClientRequest request) throws UpstreamException {
        JsonValue params = request.message().params();
        String method = request.method();
        if (MetaTools.INVOKE.equals(method)) {
            return invoke(request, params);
        }
        return metaQuery(request, method, params);
    }

    private JsonRpcResponse unknownTool(ClientRequest request, String name, GatewayCatalog catalog) {
        Backend down = unavailableOwner(name, catalog);
        if (down != null) {
            String why = down.lastError() == null ? "" : " (" + down.lastError() + ")";
            return GatewayErrors.backendFailure(request.id(), McpMethods.TOOLS_CALL, down.name(), new UpstreamException(
                    "backend `" + down.name() + "` is unavailable" + why + ", so its tools are not known yet; retry later", false));
        }
        Set<String> candidates = new TreeSet<>(catalog.toolNames());
        if (metaMode) {
            candidates.addAll(MetaTools.NAMES);
        }
        return GatewayErrors.invalidParams(request.id(), "Unknown tool: " + name + "." + DidYouMean.hint(name, candidates));
    }

    /**
     * The backend a tool name belongs to by its prefix, if that backend has not delivered any tools
     * yet because it is down: the client then learns the backend is unavailable, not that the tool
     * does not exist.
     */
    private Backend unavailableOwner(String exposedName, GatewayCatalog catalog) {
        for (Backend backend : view.backends()) {
            String prefix = backend.config().prefix();
            if (!prefix.isEmpty() && exposedName.startsWith(prefix + ExposedNames.SEPARATOR)
                    && backend.status() != Backend.Status.READY && catalog.toolsOf(backend.name()).isEmpty()) {
                return backend;
            }
        }
        return null;
    }

    private JsonRpcResponse callMetaTool(ClientRequest request, String name, JsonValue arguments) throws UpstreamException {
        if (arguments != null && !arguments.isObject()) {
            return GatewayErrors.invalidParams(request.id(), name + ": arguments must be an object");
        }
        if (MetaTools.INVOKE.equals(name)) {
            return invoke(request, arguments);
        }
        if (Dispatcher.AGGREGATED_LISTS.contains(name)) {
            JsonRpcResponse refused = view.failClosed(request, true);
            if (refused != null) {
                return refused;
            }
        }
        JsonRpcResponse answer = metaQuery(request, name, arguments);
        if (answer.isError()) {
            return answer;
        }
        JsonValue data = answer.result();
        JsonWriter w = new JsonWriter(data.length() * 2 + 128).beginObject();
        w.name("content").beginArray().beginObject().member("type", "text").member("text", data.toString()).endObject().endArray();
        w.member("structuredContent", data);
        return JsonRpc.result(request.id(), w.endObject().toJsonValue());
    }

    /** The data answer of list/search meta-tools (shared by the tool form and the plain-method form). */
    private JsonRpcResponse metaQuery(ClientRequest request, String name, JsonValue arguments) {
        GatewayCatalog catalog = view.catalogFor(request);
        JsonValue id = request.id();
        return switch (name) {
            case MetaTools.LIST_SERVERS -> JsonRpc.result(id, MetaTools.listServers(view.backends(), catalog, request.session(), view.availability()));
            case MetaTools.LIST_TOOLS -> {
                String server = arguments == null ? null : arguments.getString("server");
                if (server != null && view.backend(server) == null) {
                    yield unknownServer(id, server);
                }
                yield JsonRpc.result(id, MetaTools.listTools(view.backends(), catalog, server));
            }
            case MetaTools.SEARCH_TOOLS -> {
                String query = arguments == null ? null : arguments.getString("query");
                if (query == null) {
                    yield GatewayErrors.invalidParams(id, MetaTools.SEARCH_TOOLS + " needs arguments.query (a string)");
                }
                yield JsonRpc.result(id, MetaTools.search(catalog, query, MetaTools.clampLimit(arguments.get("limit"))));
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** gateway_invoke: {server, tool, arguments}; the backend's result comes back unchanged. */
    private JsonRpcResponse invoke(ClientRequest request, JsonValue arguments) throws UpstreamException {
        JsonValue id = request.id();
        String server = arguments == null ? null : arguments.getString("server");
        String toolName = arguments == null ? null : arguments.getString("tool");
        if (server == null || toolName == null) {
            return GatewayErrors.invalidParams(id, MetaTools.INVOKE + " needs arguments.server and arguments.tool (strings)");
        }
        Backend backend = view.backend(server);
        if (backend == null) {
            return unknownServer(id, server);
        }
        GatewayCatalog catalog = view.catalogFor(request);
        GatewayCatalog.Tool tool = catalog.tool(server, toolName);
        if (tool == null) {
            List<String> names = catalog.toolsOf(server).stream().map(GatewayCatalog.Tool::name).toList();
            return GatewayErrors.invalidParams(id, "Unknown tool: server `" + server + "` has no tool `" + toolName + "`."
                    + DidYouMean.hint(toolName, names));
        }
        JsonValue toolArguments = arguments.get("arguments");
        JsonValue outer = request.message().params();
        JsonObjectEdit params = JsonObjectEdit.of(null).set("name", toolName);
        if (toolArguments != null) {
            params.set("arguments", toolArguments);
        }
        for (String passThrough : List.of("_meta", "task")) {
            JsonValue value = outer == null ? null : outer.get(passThrough);
            if (value != null) {
                params.set(passThrough, value);
            }
        }
        JsonRpcRequest call = JsonRpc.request(id, McpMethods.TOOLS_CALL, params.apply());
        return forwarder.forward(request, backend, call, tool.repeatable(), toolName);
    }

    private JsonRpcResponse unknownServer(JsonValue id, String server) {
        return GatewayErrors.invalidParams(id, "Unknown server: " + server + "." + DidYouMean.hint(server, view.names())
                + " Servers: " + String.join(", ", view.names()) + ".");
    }
}
