package dev.mcpgateway.routing;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.SurfacedTool;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.mcp.LogLevel;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;
import dev.mcpgateway.session.MessageSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles every message a client sends, whatever transport it came over: answers what the
 * gateway knows itself (initialize, ping, aggregated lists, meta-tools) and routes the rest to
 * the backend that owns it through the {@link CallPipeline}.
 *
 * <p>{@link #handle} may block on a backend (callers run it on a virtual thread);
 * {@link #handleAsync} does not block.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The outcome of initialize: a new session (not yet registered), or an error and no session. */
    public record Initialized(ClientSession session, JsonRpcResponse response) {}

    /** What the dispatcher needs to know from the configuration. */
    public record Settings(boolean metaMode, List<SurfacedTool> surfacedTools, int pageSize, Duration startupWait, JsonValue serverInfo) {}

    private final List<Backend> backends;
    private final GatewayView view;
    private final Pages pages;
    private final LogLevels logLevels;
    private final SessionOpener opener;
    private final ToolRoutes tools;
    private final ResourceRoutes resources;
    private final TaskRoutes tasks;
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
        this.observer = observer;
        this.view = new GatewayView(backends, availability, settings.startupWait());
        this.backends = view.backends();
        this.pages = new Pages(new Cursors(), settings.pageSize());
        this.logLevels = router.logLevels();
        Forwarder forwarder = new Forwarder(pipeline, router.tasks());
        this.opener = new SessionOpener(this.backends, router, settings.serverInfo(), settings.metaMode());
        this.tools = new ToolRoutes(view, forwarder, pages, settings.metaMode(), settings.surfacedTools());
        this.resources = new ResourceRoutes(view, forwarder, router.subscriptions());
        this.tasks = new TaskRoutes(router.tasks(), forwarder);
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
            outcome = opener.open(request, outOfBand);
            return outcome;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            observation.ended(outcome == null ? null : outcome.response(), failure, outcome == null ? null : outcome.session());
        }
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

    /**
     * {@link #handle} without waiting, for transports that answer from whatever thread has the
     * answer. A tools/call for a backend's tool goes out on the calling thread and no thread waits
     * for its answer (the hot path); every other request runs {@link #handle} on a virtual thread.
     * The future holds null when no answer must be sent.
     */
    public CompletableFuture<JsonRpcResponse> handleAsync(ClientRequest request) {
        if (!McpMethods.TOOLS_CALL.equals(request.method())) {
            return AsyncCalls.onVirtualThread(() -> handle(request));
        }
        RequestObserver.Observation observation = observer.started(request);
        CompletableFuture<JsonRpcResponse> answer;
        try {
            answer = tools.callAsync(request);
        } catch (RuntimeException | Error e) {
            observation.ended(null, e, request.session());
            throw e;
        }
        if (!answer.isDone()) {
            observation.detach();
        }
        return answer.handle((response, failure) -> {
            Throwable cause = failure == null ? null : AsyncCalls.cause(failure);
            JsonRpcResponse reply = switch (cause) {
                case null -> response;
                case CallCancelledException cancelled -> null;
                case UpstreamException e -> GatewayErrors.backendFailure(request.id(), request.method(), "gateway", e);
                default -> {
                    observation.ended(null, cause, request.session());
                    throw new CompletionException(cause);
                }
            };
            observation.ended(reply, null, request.session());
            return reply;
        });
    }

    private JsonRpcResponse answer(ClientRequest request) {
        JsonRpcRequest message = request.message();
        JsonValue id = message.id();
        if (AGGREGATED_LISTS.contains(message.method())) {
            JsonRpcResponse refused = view.failClosed(request, false);
            if (refused != null) {
                return refused;
            }
        }
        try {
            return switch (message.method()) {
                case McpMethods.PING -> JsonRpc.result(id, JsonValue.EMPTY_OBJECT);
                case McpMethods.INITIALIZE -> JsonRpc.error(id, JsonRpcErrors.INVALID_REQUEST, "this session is already initialized", null);
                case McpMethods.TOOLS_LIST -> tools.list(request);
                case McpMethods.TOOLS_CALL -> tools.call(request);
                case McpMethods.PROMPTS_LIST -> pages.page(id, message.params(), "prompts",
                        exposed(view.catalogFor(request).prompts(), GatewayCatalog.Prompt::exposed));
                case McpMethods.PROMPTS_GET -> resources.getPrompt(request);
                case McpMethods.RESOURCES_LIST -> pages.page(id, message.params(), "resources",
                        exposed(view.catalogFor(request).resources(), GatewayCatalog.Resource::item));
                case McpMethods.RESOURCES_TEMPLATES_LIST -> pages.page(id, message.params(), "resourceTemplates",
                        exposed(view.catalogFor(request).templates(), GatewayCatalog.Template::item));
                case McpMethods.RESOURCES_READ -> resources.read(request);
                case McpMethods.RESOURCES_SUBSCRIBE -> resources.subscribe(request, true);
                case McpMethods.RESOURCES_UNSUBSCRIBE -> resources.subscribe(request, false);
                case McpMethods.COMPLETION_COMPLETE -> resources.complete(request);
                case McpMethods.LOGGING_SET_LEVEL -> setLogLevel(request);
                case McpMethods.TASKS_GET, McpMethods.TASKS_RESULT, McpMethods.TASKS_CANCEL -> tasks.forward(request);
                case McpMethods.TASKS_LIST -> tasks.list(request);
                case MetaTools.LIST_SERVERS, MetaTools.LIST_TOOLS, MetaTools.SEARCH_TOOLS, MetaTools.INVOKE -> tools.metaMethod(request);
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
    static final Set<String> AGGREGATED_LISTS = Set.of(McpMethods.TOOLS_LIST, McpMethods.PROMPTS_LIST,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, MetaTools.LIST_TOOLS, MetaTools.SEARCH_TOOLS);

    private static <T> List<JsonValue> exposed(List<T> items, Function<T, JsonValue> json) {
        List<JsonValue> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(json.apply(item));
        }
        return out;
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
