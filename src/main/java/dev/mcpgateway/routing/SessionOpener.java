package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.InitializeResult;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.ProtocolVersion;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.MessageSink;
import dev.mcpgateway.session.SessionIds;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code initialize}: negotiates the protocol version, creates the client's session, says
 * what the gateway offers, and starts the client's own sessions with per_client backends.
 */
final class SessionOpener {

    private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);
    private static final JsonValue TASKS_CAPABILITY = JsonValue.parse("{\"list\":{},\"cancel\":{},\"requests\":{\"tools\":{\"call\":{}}}}");
    private static final int MAX_BACKEND_INSTRUCTIONS = 2000;

    private final List<Backend> backends;
    private final BackendMessageRouter router;
    private final JsonValue serverInfo;
    private final boolean metaMode;

    SessionOpener(List<Backend> backends, BackendMessageRouter router, JsonValue serverInfo, boolean metaMode) {
        this.backends = backends;
        this.router = router;
        this.serverInfo = serverInfo;
        this.metaMode = metaMode;
    }

    Dispatcher.Initialized open(JsonRpcRequest request, MessageSink outOfBand) {
        JsonValue params = request.params();
        JsonValue requested = params == null ? null : params.get("protocolVersion");
        if (requested == null || !requested.isString()) {
            return new Dispatcher.Initialized(null, GatewayErrors.invalidParams(request.id(),
                    "initialize needs params.protocolVersion (a string such as \"" + ProtocolVersion.LATEST + "\")"));
        }
        JsonValue capabilities = params.get("capabilities");
        if (capabilities != null && !capabilities.isObject()) {
            return new Dispatcher.Initialized(null, GatewayErrors.invalidParams(request.id(), "initialize params.capabilities must be an object"));
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
        result.member("serverInfo", serverInfo);
        result.member("instructions", instructions());
        LOG.info("new {} ({}), protocol {}", session, session.clientInfo().getString("version"), version);
        return new Dispatcher.Initialized(session, JsonRpc.result(request.id(), result.endObject().toJsonValue()));
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

    /** A short description of what is behind the gateway, followed by each backend's own instructions. */
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
        if (metaMode) {
            sb.append("Find tools with gateway_search_tools or gateway_list_tools and call them with gateway_invoke.");
        } else {
            sb.append("Tool and prompt names carry their server's prefix, e.g. server__tool.");
        }
        for (Backend backend : backends) {
            InitializeResult server = backend.server();
            if (server != null && server.instructions() != null && !server.instructions().isBlank()) {
                String text = server.instructions().strip();
                sb.append("\n\n## ").append(backend.name()).append("\n")
                        .append(text.length() > MAX_BACKEND_INSTRUCTIONS ? text.substring(0, MAX_BACKEND_INSTRUCTIONS) + "…" : text);
            }
        }
        return sb.toString();
    }
}
