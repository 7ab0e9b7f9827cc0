package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamSession;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.LogLevel;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.SessionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what backends send on their own to the right client sessions, never broadcasting what
 * belongs to one client:
 *
 * <ul>
 *   <li>requests (sampling, elicitation, roots) go to the client whose call caused them (or the
 *       owner of a per-client session), if it declared the capability; the answer goes back;
 *   <li>{@code notifications/message} goes to the client it belongs to, or, when it belongs to no
 *       request, to every client that asked for logs with {@code logging/setLevel}, each filtered
 *       by its own level;
 *   <li>{@code notifications/resources/updated} goes to the subscribed sessions only;
 *   <li>list changes go to every client that can see the backend;
 *   <li>cancellations, task status and elicitation completions go to the session they concern.
 * </ul>
 */
public final class BackendMessageRouter implements BackendEvents {

    private static final Logger LOG = LoggerFactory.getLogger(BackendMessageRouter.class);

    /** A backend request we passed to a client, by the backend's id, so the backend can cancel it. */
    private record Forwarded(UpstreamSession upstream, JsonValue upstreamId) {}

    private record Delivered(ClientSession session, JsonValue gatewayId) {}

    private final SessionRegistry sessions;
    private final Subscriptions subscriptions = new Subscriptions();
    private final TaskOwners tasks = new TaskOwners();
    private final LogLevels logLevels;
    private final ConcurrentMap<Forwarded, Delivered> forwarded = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ClientSession> elicitations = new ConcurrentHashMap<>();

    public BackendMessageRouter(SessionRegistry sessions) {
        this.sessions = sessions;
        this.logLevels = new LogLevels(sessions);
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    LogLevels logLevels() {
        return logLevels;
    }

    TaskOwners tasks() {
        return tasks;
    }

    /**
     * Starts tracking a new client session: when it ends, its subscriptions are released (the
     * shared upstream subscription ends with its last subscriber).
     */
    public void onSessionStarted(ClientSession session, List<Backend> backends) {
        session.onClose(() -> {
            for (String[] entry : subscriptions.of(session)) {
                Backend backend = backends.stream().filter(b -> b.name().equals(entry[0])).findFirst().orElse(null);
                if (backend != null && subscriptions.remove(backend, entry[1], session) && !backend.perClient()) {
                    Thread.ofVirtual().start(() -> unsubscribeUpstream(backend, entry[1]));
                }
            }
        });
    }

    private static void unsubscribeUpstream(Backend backend, String uri) {
        JsonValue params = new JsonWriter(uri.length() + 16).beginObject().member("uri", uri).endObject().toJsonValue();
        try {
            backend.call(null, JsonRpc.request(JsonValue.number(0), McpMethods.RESOURCES_UNSUBSCRIBE, params), CallOptions.internal(Duration.ofSeconds(10)));
        } catch (UpstreamException e) {
            LOG.debug("backend `{}`: could not unsubscribe from {}: {}", backend.name(), uri, e.getMessage());
        }
    }

    // ---- notifications ----

    @Override
    public void onNotification(Backend backend, JsonRpcNotification notification, ClientRequest origin, ClientSession owner) {
        JsonValue params = notification.params();
        switch (notification.method()) {
            case McpMethods.NOTIFICATION_MESSAGE -> routeLogMessage(notification, origin, owner);
            case McpMethods.NOTIFICATION_RESOURCES_UPDATED -> {
                String uri = params == null ? null : params.getString("uri");
                for (ClientSession subscriber : uri == null ? Set.<ClientSession>of() : subscriptions.subscribers(backend, uri)) {
                    if (owner == null || owner == subscriber) {
                        subscriber.sendToClient(notification);
                    }
                }
            }
            case McpMethods.NOTIFICATION_CANCELLED -> relayCancellation(backend, notification);
            case McpMethods.NOTIFICATION_TASKS_STATUS -> {
                String taskId = params == null ? null : params.getString("taskId");
                ClientSession taskOwner = taskId == null ? null : tasks.sessionOf(taskId, backend);
                deliver(taskOwner != null ? taskOwner : owner, origin, notification);
            }
            case McpMethods.NOTIFICATION_ELICITATION_COMPLETE -> {
                String elicitationId = params == null ? null : params.getString("elicitationId");
                ClientSession target = elicitationId == null ? null : elicitations.remove(elicitationId);
                deliver(target != null ? target : owner, origin, notification);
            }
            default -> deliver(owner, origin, notification);
        }
    }

    private void routeLogMessage(JsonRpcNotification notification, ClientRequest origin, ClientSession owner) {
        LogLevel level = LogLevel.parse(notification.params() == null ? null : notification.params().getString("level"));
        ClientSession target = origin != null ? origin.session() : owner;
        if (target != null) {
            if (level == null || level.passes(target.logLevel())) {
                deliver(target, origin, notification);
            }
            return;
        }
        for (ClientSession session : sessions.all()) {
            LogLevel threshold = session.logLevel();
            if (threshold != null && (level == null || level.passes(threshold))) {
                session.sendToClient(notification);
            }
        }
    }

    /** Sends on the origin request's stream when there is one, else to the session; drops it if neither is known. */
    private static void deliver(ClientSession session, ClientRequest origin, JsonRpcMessage message) {
        if (origin != null && (session == null || origin.session() == session)) {
            origin.sendRelated(message);
        } else if (session != null) {
            session.sendToClient(message);
        } else {
            LOG.debug("dropping {}: it belongs to no known client", message.method());
        }
    }

    /** The backend cancelled a request it had sent us; tell the client that got it, with our id. */
    private void relayCancellation(Backend backend, JsonRpcNotification notification) {
        JsonValue upstreamId = notification.params() == null ? null : notification.params().get("requestId");
        if (upstreamId == null) {
            return;
        }
        for (var entry : forwarded.entrySet()) {
            if (entry.getKey().upstreamId().equals(upstreamId) && entry.getKey().upstream().backend().equals(backend.name())
                    && forwarded.remove(entry.getKey(), entry.getValue())) {
                Delivered delivered = entry.getValue();
                delivered.session().forgetRequest(delivered.gatewayId());
                JsonValue params = JsonObjectEdit.of(notification.params()).set("requestId", delivered.gatewayId()).apply();
                delivered.session().sendToClient(notification.withParams(params));
                return;
            }
        }
    }

    // ---- requests from backends ----

    @Override
    public void onServerRequest(Backend backend, UpstreamSession upstream, JsonRpcRequest request, ClientRequest origin, ClientSession owner) {
        ClientSession target = owner != null ? owner : origin == null ? null : origin.session();
        if (target == null) {
            upstream.reply(JsonRpc.error(request.id(), JsonRpcErrors.INTERNAL_ERROR,
                    "mcp-gateway cannot tell which client this " + request.method() + " request is for: it does not belong to a single call in flight "
                            + "on the shared session of backend `" + backend.name() + "`. Set `session_mode: per_client` for this backend to route "
                            + "every request to its client.", null));
            return;
        }
        String capability = requiredCapability(request.method());
        if (capability != null && !target.declares(capability)) {
            upstream.reply(JsonRpc.error(request.id(), JsonRpcErrors.METHOD_NOT_FOUND,
                    "the client (" + target.clientName() + ") does not support " + request.method() + " (it did not declare the `"
                            + capability + "` capability)", null));
            return;
        }
        Forwarded key = new Forwarded(upstream, request.id());
        ClientRequest route = origin != null && origin.session() == target ? origin : null;
        JsonValue gatewayId = target.requestClient(request.method(), request.params(), route, reply -> {
            forwarded.remove(key);
            upstream.reply(reply.withId(request.id()));
        });
        if (gatewayId == null) {
            upstream.reply(JsonRpc.error(request.id(), JsonRpcErrors.INTERNAL_ERROR, "the client session is gone", null));
            return;
        }
        forwarded.put(key, new Delivered(target, gatewayId));
        target.onClose(() -> forwarded.remove(key));
        if (McpMethods.ELICITATION_CREATE.equals(request.method()) && request.params() != null) {
            String elicitationId = request.params().getString("elicitationId");
            if (elicitationId != null) {
                elicitations.put(elicitationId, target);
                target.onClose(() -> elicitations.remove(elicitationId, target));
            }
        }
    }

    private static String requiredCapability(String method) {
        return switch (method) {
            case McpMethods.SAMPLING_CREATE_MESSAGE -> "sampling";
            case McpMethods.ELICITATION_CREATE -> "elicitation";
            case McpMethods.ROOTS_LIST -> "roots";
            default -> null;
        };
    }

    // ---- lists and sessions ----

    @Override
    public void onCatalogChanged(Backend backend, ClientSession owner, Set<BackendCatalog.Kind> changed) {
        if (owner != null) {
            sendListChanged(owner, changed);
            return;
        }
        for (ClientSession session : sessions.all()) {
            if (session.isInitialized()) {
                sendListChanged(session, changed);
            }
        }
    }

    private static void sendListChanged(ClientSession session, Set<BackendCatalog.Kind> changed) {
        for (BackendCatalog.Kind kind : changed) {
            session.sendToClient(JsonRpc.notification(switch (kind) {
                case TOOLS -> McpMethods.NOTIFICATION_TOOLS_LIST_CHANGED;
                case PROMPTS -> McpMethods.NOTIFICATION_PROMPTS_LIST_CHANGED;
                case RESOURCES -> McpMethods.NOTIFICATION_RESOURCES_LIST_CHANGED;
            }, null));
        }
    }

    @Override
    public void onReinitialized(Backend backend, UpstreamSession upstream, ClientSession owner) {
        // The backend forgot everything about the old session: subscribe again, set the log level again.
        List<String> uris = owner == null ? subscriptions.urisOf(backend) : subscriptions.of(owner).stream()
                .filter(entry -> entry[0].equals(backend.name())).map(entry -> entry[1]).toList();
        for (String uri : uris) {
            Thread.ofVirtual().start(() -> {
                try {
                    JsonValue params = new JsonWriter(uri.length() + 16).beginObject().member("uri", uri).endObject().toJsonValue();
                    upstream.call(JsonRpc.request(JsonValue.number(0), McpMethods.RESOURCES_SUBSCRIBE, params), CallOptions.internal(Duration.ofSeconds(10)));
                } catch (UpstreamException e) {
                    LOG.warn("backend `{}`: could not renew the subscription to {}: {}", backend.name(), uri, e.getMessage());
                }
            });
        }
        logLevels.reapply(backend, owner);
    }

    @Override
    public void onStatusChanged(Backend backend) {
        LOG.debug("backend `{}` is now {}", backend.name(), backend.status());
    }
}
