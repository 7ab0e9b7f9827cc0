package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.InitializeResult;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.LogLevel;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.SessionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies clients' {@code logging/setLevel} to backends. A per-client backend session gets its
 * client's level. A shared one gets the most verbose level any client asked for; the gateway then
 * filters each message against each client's own level before delivering it.
 */
final class LogLevels {

    private static final Logger LOG = LoggerFactory.getLogger(LogLevels.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SessionRegistry sessions;
    private final ConcurrentMap<String, LogLevel> sharedLevels = new ConcurrentHashMap<>();

    LogLevels(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** {@code changed} set a new level: pass it on where it makes a difference. */
    void apply(ClientSession changed, List<Backend> backends) {
        for (Backend backend : backends) {
            InitializeResult server = backend.server(changed);
            if (server == null || !server.declares("logging")) {
                continue;
            }
            if (backend.perClient()) {
                send(backend, changed, changed.logLevel());
                continue;
            }
            LogLevel mostVerbose = mostVerbose();
            if (mostVerbose != null && sharedLevels.put(backend.name(), mostVerbose) != mostVerbose) {
                send(backend, changed, mostVerbose);
            }
        }
    }

    /** After a backend session was re-established, set its level again. */
    void reapply(Backend backend, ClientSession owner) {
        LogLevel level = owner != null ? owner.logLevel() : sharedLevels.get(backend.name());
        if (level != null) {
            Thread.ofVirtual().start(() -> send(backend, owner, level));
        }
    }

    private LogLevel mostVerbose() {
        LogLevel min = null;
        for (ClientSession session : sessions.all()) {
            LogLevel level = session.logLevel();
            if (level != null && (min == null || level.compareTo(min) < 0)) {
                min = level;
            }
        }
        return min;
    }

    private void send(Backend backend, ClientSession client, LogLevel level) {
        JsonValue params = new JsonWriter(32).beginObject().member("level", level.wireName()).endObject().toJsonValue();
        try {
            JsonRpcResponse response = backend.call(client, JsonRpc.request(JsonValue.number(0), McpMethods.LOGGING_SET_LEVEL, params),
                    CallOptions.internal(TIMEOUT));
            if (response.isError()) {
                LOG.debug("backend `{}` refused logging/setLevel {}: {}", backend.name(), level.wireName(), response.errorMessage());
            }
        } catch (UpstreamException e) {
            LOG.debug("backend `{}`: could not set log level: {}", backend.name(), e.getMessage());
        }
    }
}
