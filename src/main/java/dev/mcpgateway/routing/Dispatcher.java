package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.InitializeResult;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.FailureMode;
import dev.mcpgateway.config.SurfacedTool;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.LogLevel;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.mcp.ProtocolVersion;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;
import dev.mcpgateway.session.MessageSink;
import dev.mcpgateway.session.SessionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles every message a client sends, whatever transport it came over: answers what the
 * gateway knows itself (initialize, ping, aggregated lists, meta-tools) and routes the rest to
 * the backend that owns it through the {@link CallPipeline}.
 *
 * <p>Runs on the request's virtual thread and may block on a backend.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The outcome of initialize: a new session (not yet registered), or an error and no session. */
    public record Initialized(ClientSession session, JsonRpcResponse response) {}

    /** What the dispatcher needs to know from the configuration. */
    public record Settings(boolean metaMode, List<SurfacedTool> surfacedTools, int pageSize, Duration startupWait, JsonValue serverInfo) {}

    private static final JsonValue TASKS_CAPABILITY = JsonValue.parse("{\"list\":{},\"cancel\":{},\"requests\":{\"tools\":{\"call\":{}}}}");

    private final Settings settings;
    private final List<Backend> backends;
    private final Map<String, Backend> backendsByName = new LinkedHashMap<>();
    private final CatalogViews views;
    private final CallPipeline pipeline;
    private final Subscriptions subscriptions;
    private final LogLevels logLevels;
    private final TaskOwners tasks;
    private final Pages pages;
    private final BackendMessageRouter router;
    private final BackendAvailability availability;
    private final RequestObserver observer;

    public Dispatcher(Settings settings, List<Backend> backends, CallPipeline pipeline, BackendMessageRouter router) {
        this(settings, backends, pipeline, router, BackendAvailability.ALWAYS, RequestObserver.NONE);
    }

    /** @param availability the failsafe's view of the backends (fail_closed, hidden tools, health in gateway_list_servers) */
    public Dispatcher(Settings settings, List<Backend> backends, CallPipeline pipeline, BackendMessageRouter router,
            BackendAvailability availability) {
        this(settings, backends, pipeline, router, availability, RequestObserver.NONE);
    }

    /**
     * @param availability the failsafe's view of the backends (fail_closed, hidden tools, health in gateway_list_servers)
     * @param observer told of every request's start and end (logs, metrics, spans)
     */
    public Dispatcher(Settings settings, List<Backend> backends, CallPipeline pipeline, BackendMessageRouter router,
            BackendAvailability availability, RequestObserver observer) {
        this.settings = settings;
        this.availability = availability;
        this.observer = observer;
        this.views = new CatalogViews(backends, availability);
        this.backends = views.backends();
        for (Backend backend : this.backends) {
            backendsByName.put(backend.name(), backend);
        }
        this.pipeline = pipeline;
        this.subscriptions = router.subscriptions();
        this.logLevels = router.logLevels();
        this.tasks = router.tasks();
        this.pages = new Pages(new Cursors(), settings.pageSize());
        this.router = router;
    }

    // ---- initialize ----

    /** Answers an initialize request and, if it is valid, creates the client's session. */
    public Initialized initialize(JsonRpcRequest request, MessageSink outOfBand) {
        return initialize(request, outOfBand, Inbound.NONE);
    }

    /**
     * Answers an initialize request and, if it is valid, creates the client's session.
     *
     * @param inbound where the request came from (request id, transport, HTTP trace headers)
     */
    public Initialized initialize(JsonRpcRequest request, MessageSink outOfBand, Inbound inbound) {
        RequestObserver.Observation observation = observer.initializing(request, inbound);
        Initialized outcome = null;
        Throwable failure = null;
        try {
            outcome = answerInitialize(request, outOfBand);
            return outcome;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            observation.ended(outcome == null ? null : outcome.response(), failure, outcome == null ? null : outcome.session());
        }
    }

    private Initialized answerInitialize(JsonRpcRequest request, MessageSink outOfBand) {
        JsonValue params = request.params();
        JsonValue requested = params == null ? null : params.get("protocolVersion");
        if (requested == null || !requested.isString()) {
            return new Initialized(null, GatewayErrors.invalidParams(request.id(), "initialize needs params.protocolVersion (a string such as \""
                    + ProtocolVersion.LATEST + "\")"));
        }
        JsonValue capabilities = params.get("capabilities");
        if (capabilities != null && !capabilities.isObject()) {
            return new Initialized(null, GatewayErrors.invalidParams(request.id(), "initialize params.capabilities must be an object"));
        }
        String version = ProtocolVersion.negotiate(requested.asString());
        ClientSession session = new ClientSession(SessionIds.next(), version, capabilities, params.get("clientInfo"), outOfBand);
        router.onSessionStarted(session, backends);
        for (Backend backend : backends) {
            if (backend.perClient()) {
                // open the client's own backend sessions now, so they are ready when it lists tools
                Thread.ofVirtual().start(() -> backend.prepare(session, backend.config().timeout()));
            }
        }
        JsonWriter result = new JsonWriter(1024).beginObject().member("protocolVersion", version);
        result.name("capabilities").beginObject();
        result.name("tools").beginObject().member("listChanged", true).endObject();
        result.name("prompts").beginObject().member("listChanged", true).endObject();
        result.name("resources").beginObject().member("subscribe", true).member("listChanged", true).endObject();
        result.name("logging").beginObject().endObject();
        result.name("completions").beginObject().endObject();
        if (anyBackendDeclares("tasks")) {
            result.member("tasks", TASKS_CAPABILITY);
        }
        result.endObject();
        result.member("serverInfo", settings.serverInfo());
        result.member("instructions", instructions());
        LOG.info("new {} ({}), protocol {}", session, session.clientInfo().getString("version"), version);
        return new Initialized(session, JsonRpc.result(request.id(), result.endObject().toJsonValue()));
    }

    private boolean anyBackendDeclares(String capability) {
        for (Backend backend : backends) {
            InitializeResult server = backend.server();
            if (server != null && server.declares(capability)) {
                return true;
            }
        }
        return false;
    }

    private String instructions() {
        StringBuilder sb = new StringBuilder("This is mcp-gateway, in front of ").append(backends.size()).append(" MCP server(s)");
        if (backends.isEmpty()) {
            return sb.append('.').toString();
        }
        sb.append(": ");
        List<String> described = new ArrayList<>();
        for (Backend backend : backends) {
            String description = backend.config().description();
            described.add(backend.name() + (description == null || description.isBlank() ? "" : " (" + description + ")"));
        }
        sb.append(String.join(", ", described)).append(". ");
        if (settings.metaMode()) {
            sb.append("Find tools with gateway_search_tools or gateway_list_tools and call them with gateway_invoke.");
        } else {
            sb.append("Tool and prompt names carry their server's prefix, e.g. server__tool.");
        }
        for (Backend backend : backends) {
            InitializeResult server = backend.server();
            if (server != null && server.instructions() != null && !server.instructions().isBlank()) {
                String text = server.instructions().strip();
                sb.append("\n\n## ").append(backend.name()).append("\n").append(text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
            }
        }
        return sb.toString();
    }

    // ---- requests ----

    /**
     * Produces the answer to a client request. Returns null when no answer must be sent (the
     * client cancelled the request).
     */
    public JsonRpcResponse handle(ClientRequest request) {
        RequestObserver.Observation observation = observer.started(request);
        JsonRpcResponse response = null;
        Throwable failure = null;
        try {
            response = answer(request);
            return response;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            observation.ended(response, failure, request.session());
        }
    }

    private JsonRpcResponse answer(ClientRequest request) {
        JsonRpcRequest message = request.message();
        JsonValue id = message.id();
        if (AGGREGATED_LISTS.contains(message.method())) {
            JsonRpcResponse refused = failClosed(request, false);
            if (refused != null) {
                return refused;
            }
        }
        try {
            return switch (message.method()) {
                case McpMethods.PING -> JsonRpc.result(id, JsonValue.EMPTY_OBJECT);
                case McpMethods.INITIALIZE -> JsonRpc.error(id, JsonRpcErrors.INVALID_REQUEST, "this session is already initialized", null);
                case McpMethods.TOOLS_LIST -> listTools(request);
                case McpMethods.TOOLS_CALL -> callTool(request);
                case McpMethods.PROMPTS_LIST -> pages.page(id, message.params(), "prompts", exposed(catalogFor(request).prompts(), GatewayCatalog.Prompt::exposed));
                case McpMethods.PROMPTS_GET -> getPrompt(request);
                case McpMethods.RESOURCES_LIST -> pages.page(id, message.params(), "resources", exposed(catalogFor(request).resources(), GatewayCatalog.Resource::item));
                case McpMethods.RESOURCES_TEMPLATES_LIST -> pages.page(id, message.params(), "resourceTemplates",
                        exposed(catalogFor(request).templates(), GatewayCatalog.Template::item));
                case McpMethods.RESOURCES_READ -> readResource(request);
                case McpMethods.RESOURCES_SUBSCRIBE -> subscribe(request, true);
                case McpMethods.RESOURCES_UNSUBSCRIBE -> subscribe(request, false);
                case McpMethods.COMPLETION_COMPLETE -> complete(request);
                case McpMethods.LOGGING_SET_LEVEL -> setLogLevel(request);
                case McpMethods.TASKS_GET, McpMethods.TASKS_RESULT, McpMethods.TASKS_CANCEL -> taskRequest(request);
                case McpMethods.TASKS_LIST -> listTasks(request);
                case MetaTools.LIST_SERVERS, MetaTools.LIST_TOOLS, MetaTools.SEARCH_TOOLS, MetaTools.INVOKE -> metaMethod(request);
                default -> JsonRpc.error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + message.method() + "."
                        + DidYouMean.hint(message.method(), KNOWN_METHODS), null);
            };
        } catch (CallCancelledException e) {
            return null;
        } catch (UpstreamException e) {
            // routed calls catch their own failures; this is a failure of the gateway's own fan-out
            return GatewayErrors.backendFailure(id, message.method(), "gateway", e);
        }
    }

    private static final Set<String> KNOWN_METHODS = new TreeSet<>(List.of(
            McpMethods.PING, McpMethods.TOOLS_LIST, McpMethods.TOOLS_CALL, McpMethods.PROMPTS_LIST, McpMethods.PROMPTS_GET,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, McpMethods.RESOURCES_READ, McpMethods.RESOURCES_SUBSCRIBE,
            McpMethods.RESOURCES_UNSUBSCRIBE, McpMethods.COMPLETION_COMPLETE, McpMethods.LOGGING_SET_LEVEL, McpMethods.TASKS_GET,
            McpMethods.TASKS_RESULT, McpMethods.TASKS_LIST, McpMethods.TASKS_CANCEL, MetaTools.LIST_SERVERS, MetaTools.LIST_TOOLS,
            MetaTools.SEARCH_TOOLS, MetaTools.INVOKE));

    /** Answers built from every backend's lists: a fail_closed backend that cannot serve fails them. */
    private static final Set<String> AGGREGATED_LISTS = Set.of(McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, MetaTools.LIST_TOOLS, MetaTools.SEARCH_TOOLS);

    /**
     * {@code failure_mode: fail_closed}: while such a backend cannot serve, answers that need every
     * backend fail as a whole instead of silently leaving it out. Null when nothing stands in the way.
     */
    private JsonRpcResponse failClosed(ClientRequest request, boolean asToolResult) {
        for (Backend backend : backends) {
            if (backend.config().failsafe().failureMode() != FailureMode.FAIL_CLOSED) {
                continue;
            }
            BackendAvailability.Unavailable why = availability.unavailable(backend);
            if (why == null) {
                continue;
            }
            String text = "backend `" + backend.name() + "` is unavailable and required (failure_mode: fail_closed): " + why.message();
            JsonValue details = GatewayErrors.details(backend.name(), why.reason(), why.retryAfterMs());
            return asToolResult ? GatewayErrors.toolError(request.id(), text, details)
                    : JsonRpc.error(request.id(), why.reason().code(), text, details);
        }
        return null;
    }

    private static <T> List<JsonValue> exposed(List<T> items, Function<T, JsonValue> json) {
        List<JsonValue> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(json.apply(item));
        }
        return out;
    }

    /** The catalog for the client, after waiting (bounded) for backends that are still starting. */
    private GatewayCatalog catalogFor(ClientRequest request) {
        ClientSession session = request.session();
        long deadline = System.nanoTime() + settings.startupWait().toNanos();
        for (Backend backend : backends) {
            long left = deadline - System.nanoTime();
            if (left > 0 && (backend.status() == Backend.Status.STARTING || backend.perClient())) {
                backend.prepare(session, Duration.ofNanos(left));
            }
        }
        return views.forClient(session);
    }

    // ---- tools ----

    private JsonRpcResponse listTools(ClientRequest request) {
        GatewayCatalog catalog = catalogFor(request);
        List<JsonValue> tools;
        if (settings.metaMode()) {
            tools = new ArrayList<>(MetaTools.definitions(backends, catalog));
            for (SurfacedTool pinned : settings.surfacedTools()) {
                GatewayCatalog.Tool tool = catalog.tool(pinned.server(), pinned.tool());
                if (tool != null) {
                    tools.add(tool.exposed());
                }
            }
        } else {
            tools = exposed(catalog.tools(), GatewayCatalog.Tool::exposed);
        }
        return pages.page(request.id(), request.message().params(), "tools", tools);
    }

    private JsonRpcResponse callTool(ClientRequest request) throws UpstreamException {
        JsonRpcRequest message = request.message();
        JsonValue params = message.params();
        String name = params == null ? null : params.getString("name");
        if (name == null) {
            return GatewayErrors.invalidParams(request.id(), "tools/call needs params.name (a string)");
        }
        if (MetaTools.isMetaTool(name)) {
            return callMetaTool(request, name, params.get("arguments"));
        }
        GatewayCatalog catalog = catalogFor(request);
        GatewayCatalog.Tool tool = catalog.tool(name);
        if (tool == null) {
            Backend down = unavailableOwner(name, catalog);
            if (down != null) {
                String why = down.lastError() == null ? "" : " (" + down.lastError() + ")";
                return GatewayErrors.backendFailure(request.id(), McpMethods.TOOLS_CALL, down.name(), new UpstreamException(
                        "backend `" + down.name() + "` is unavailable" + why + ", so its tools are not known yet; retry later", false));
            }
            Set<String> candidates = new TreeSet<>(catalog.toolNames());
            if (settings.metaMode()) {
                candidates.addAll(MetaTools.NAMES);
            }
            return GatewayErrors.invalidParams(request.id(), "Unknown tool: " + name + "." + DidYouMean.hint(name, candidates));
        }
        JsonValue forwarded = JsonObjectEdit.of(params).set("name", tool.name()).apply();
        return forward(request, tool.backend(), message.with(message.id(), forwarded), tool.repeatable(), tool.name());
    }

    /**
     * The backend a tool name belongs to by its prefix, if that backend has not delivered any tools
     * yet because it is down: the client then learns the backend is unavailable, not that the tool
     * does not exist.
     */
    private Backend unavailableOwner(String exposedName, GatewayCatalog catalog) {
        for (Backend backend : backends) {
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
        if (AGGREGATED_LISTS.contains(name)) {
            JsonRpcResponse refused = failClosed(request, true);
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
        GatewayCatalog catalog = catalogFor(request);
        JsonValue id = request.id();
        return switch (name) {
            case MetaTools.LIST_SERVERS -> JsonRpc.result(id, MetaTools.listServers(backends, catalog, request.session(), availability));
            case MetaTools.LIST_TOOLS -> {
                String server = arguments == null ? null : arguments.getString("server");
                if (server != null && !backendsByName.containsKey(server)) {
                    yield unknownServer(id, server);
                }
                yield JsonRpc.result(id, MetaTools.listTools(backends, catalog, server));
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
        Backend backend = backendsByName.get(server);
        if (backend == null) {
            return unknownServer(id, server);
        }
        GatewayCatalog.Tool tool = catalogFor(request).tool(server, toolName);
        if (tool == null) {
            List<String> names = catalogFor(request).toolsOf(server).stream().map(GatewayCatalog.Tool::name).toList();
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
        return forward(request, backend, call, tool.repeatable(), toolName);
    }

    private JsonRpcResponse metaMethod(ClientRequest request) throws UpstreamException {
        JsonValue params = request.message().params();
        String method = request.method();
        if (MetaTools.INVOKE.equals(method)) {
            return invoke(request, params);
        }
        return metaQuery(request, method, params);
    }

    private JsonRpcResponse unknownServer(JsonValue id, String server) {
        return GatewayErrors.invalidParams(id, "Unknown server: " + server + "." + DidYouMean.hint(server, backendsByName.keySet())
                + " Servers: " + String.join(", ", backendsByName.keySet()) + ".");
    }

    // ---- prompts, resources, completion ----

    private JsonRpcResponse getPrompt(ClientRequest request) throws UpstreamException {
        JsonRpcRequest message = request.message();
        String name = message.params() == null ? null : message.params().getString("name");
        if (name == null) {
            return GatewayErrors.invalidParams(request.id(), "prompts/get needs params.name (a string)");
        }
        GatewayCatalog catalog = catalogFor(request);
        GatewayCatalog.Prompt prompt = catalog.prompt(name);
        if (prompt == null) {
            return GatewayErrors.invalidParams(request.id(), "Unknown prompt: " + name + "." + DidYouMean.hint(name, catalog.promptNames()));
        }
        JsonValue forwarded = JsonObjectEdit.of(message.params()).set("name", prompt.name()).apply();
        return forward(request, prompt.backend(), message.with(message.id(), forwarded), true, null);
    }

    private JsonRpcResponse readResource(ClientRequest request) throws UpstreamException {
        String uri = request.message().params() == null ? null : request.message().params().getString("uri");
        if (uri == null) {
            return GatewayErrors.invalidParams(request.id(), request.method() + " needs params.uri (a string)");
        }
        Backend owner = resourceOwner(request, uri);
        if (owner == null) {
            return JsonRpc.error(request.id(), JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri, uriData(uri));
        }
        return forward(request, owner, request.message(), true, null);
    }

    /** The listed owner, else the template owner, else the only backend that has resources at all. */
    private Backend resourceOwner(ClientRequest request, String uri) {
        Backend owner = catalogFor(request).resourceOwner(uri);
        if (owner != null) {
            return owner;
        }
        Backend only = null;
        for (Backend backend : backends) {
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

    private static JsonValue uriData(String uri) {
        return new JsonWriter(uri.length() + 16).beginObject().member("uri", uri).endObject().toJsonValue();
    }

    private JsonRpcResponse subscribe(ClientRequest request, boolean subscribe) throws UpstreamException {
        String uri = request.message().params() == null ? null : request.message().params().getString("uri");
        if (uri == null) {
            return GatewayErrors.invalidParams(request.id(), request.method() + " needs params.uri (a string)");
        }
        Backend owner = resourceOwner(request, uri);
        if (owner == null) {
            return JsonRpc.error(request.id(), JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri, uriData(uri));
        }
        ClientSession session = request.session();
        if (owner.perClient()) {
            if (subscribe) {
                subscriptions.add(owner, uri, session);
            } else {
                subscriptions.remove(owner, uri, session);
            }
            return forward(request, owner, request.message(), true, null);
        }
        // shared session: subscribe upstream for the first subscriber only, unsubscribe after the last
        if (subscribe) {
            if (!subscriptions.add(owner, uri, session)) {
                return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
            }
            JsonRpcResponse response = forward(request, owner, request.message(), true, null);
            if (response == null || response.isError()) {
                subscriptions.remove(owner, uri, session);
            }
            return response;
        }
        if (!subscriptions.remove(owner, uri, session)) {
            return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
        }
        return forward(request, owner, request.message(), true, null);
    }

    private JsonRpcResponse complete(ClientRequest request) throws UpstreamException {
        JsonRpcRequest message = request.message();
        JsonValue ref = message.params() == null ? null : message.params().get("ref");
        String type = ref == null ? null : ref.getString("type");
        if ("ref/prompt".equals(type)) {
            String name = ref.getString("name");
            GatewayCatalog catalog = catalogFor(request);
            GatewayCatalog.Prompt prompt = name == null ? null : catalog.prompt(name);
            if (prompt == null) {
                return GatewayErrors.invalidParams(request.id(), "Unknown prompt: " + name + "." + DidYouMean.hint(String.valueOf(name), catalog.promptNames()));
            }
            JsonValue newRef = JsonObjectEdit.of(ref).set("name", prompt.name()).apply();
            JsonValue forwarded = JsonObjectEdit.of(message.params()).set("ref", newRef).apply();
            return forward(request, prompt.backend(), message.with(message.id(), forwarded), true, null);
        }
        if ("ref/resource".equals(type)) {
            String uri = ref.getString("uri");
            Backend owner = uri == null ? null : resourceOwner(request, uri);
            if (owner == null) {
                return GatewayErrors.invalidParams(request.id(), "Unknown resource: " + uri);
            }
            return forward(request, owner, message, true, null);
        }
        return GatewayErrors.invalidParams(request.id(), "completion/complete needs params.ref of type ref/prompt or ref/resource");
    }

    // ---- logging ----

    private JsonRpcResponse setLogLevel(ClientRequest request) {
        String name = request.message().params() == null ? null : request.message().params().getString("level");
        LogLevel level = LogLevel.parse(name);
        if (level == null) {
            return GatewayErrors.invalidParams(request.id(), "Invalid log level: " + name + ". Levels: debug, info, notice, warning, error, critical, alert, emergency.");
        }
        request.session().setLogLevel(level);
        logLevels.apply(request.session(), backends);
        return JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT);
    }

    // ---- tasks ----

    private JsonRpcResponse taskRequest(ClientRequest request) throws UpstreamException {
        String taskId = request.message().params() == null ? null : request.message().params().getString("taskId");
        Backend owner = taskId == null ? null : tasks.owner(taskId, request.session());
        if (owner == null) {
            return GatewayErrors.invalidParams(request.id(), "Unknown task: " + taskId);
        }
        return forward(request, owner, request.message(), !McpMethods.TASKS_CANCEL.equals(request.method()), null);
    }

    private JsonRpcResponse listTasks(ClientRequest request) throws UpstreamException {
        JsonWriter w = new JsonWriter(1024).beginObject().name("tasks").beginArray();
        for (Backend backend : tasks.backendsOf(request.session())) {
            JsonRpcResponse response = forward(request, backend, JsonRpc.request(request.id(), McpMethods.TASKS_LIST, null), true, null);
            if (response == null || response.isError() || response.result().get("tasks") == null) {
                continue;
            }
            for (JsonValue task : response.result().get("tasks").elements()) {
                String taskId = task.getString("taskId");
                if (taskId != null && tasks.owner(taskId, request.session()) == backend) {
                    w.value(task);
                }
            }
        }
        return JsonRpc.result(request.id(), w.endArray().endObject().toJsonValue());
    }

    // ---- forwarding ----

    /**
     * Sends {@code outgoing} to {@code backend} through the pipeline and turns the answer into the
     * answer to the client request. Backend failures become error results, never exceptions; a
     * cancellation surfaces as {@link CallCancelledException}.
     */
    private JsonRpcResponse forward(ClientRequest request, Backend backend, JsonRpcRequest outgoing, boolean repeatable, String tool)
            throws CallCancelledException {
        CallOptions options = new CallOptions(request, backend.config().timeout(), repeatable);
        try {
            JsonRpcResponse response = pipeline.execute(new BackendCall(backend, request.session(), outgoing, options, tool));
            if (McpMethods.TOOLS_CALL.equals(outgoing.method()) && !response.isError()) {
                tasks.recordIfTask(response.result(), backend, request.session());
            }
            return response.withId(request.id());
        } catch (CallCancelledException e) {
            throw e;
        } catch (UpstreamException e) {
            LOG.debug("{} for {} failed: {}", outgoing.method(), request.session(), e.getMessage());
            return GatewayErrors.backendFailure(request.id(), outgoing.method(), backend.name(), e);
        }
    }

    // ---- notifications and responses from the client ----

    public void handleNotification(ClientSession session, JsonRpcNotification notification) {
        switch (notification.method()) {
            case McpMethods.NOTIFICATION_INITIALIZED -> session.markInitialized();
            case McpMethods.NOTIFICATION_CANCELLED -> {
                JsonValue requestId = notification.params() == null ? null : notification.params().get("requestId");
                ClientRequest inFlight = requestId == null ? null : session.inFlight(requestId);
                if (inFlight != null) {
                    String reason = notification.params().getString("reason");
                    inFlight.cancel(reason == null ? "cancelled by the client" : reason);
                }
            }
            case McpMethods.NOTIFICATION_ROOTS_LIST_CHANGED -> {
                for (Backend backend : backends) {
                    if (backend.perClient()) {
                        backend.notify(session, notification.method(), notification.params());
                    }
                }
            }
            default -> LOG.debug("ignoring notification {} from {}", notification.method(), session);
        }
    }

    /** A client's answer to a request the gateway forwarded to it (sampling, elicitation, roots). */
    public void handleResponse(ClientSession session, JsonRpcResponse response) {
        if (!session.deliverReply(response)) {
            LOG.debug("{} answered unknown request {}", session, response.id());
        }
    }
}
