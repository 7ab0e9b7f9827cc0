package dev.mcpgateway.session;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.mcp.LogLevel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's MCP session with the gateway: what it negotiated, what it is waiting for, and how
 * to reach it.
 *
 * <p>Thread safety: every field is either final, volatile or a concurrent collection; a session
 * is touched by the client's concurrent requests and by backend reader threads at once.
 */
public final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final String id;
    private final String protocolVersion;
    private final JsonValue capabilities;
    private final JsonValue clientInfo;
    private final MessageSink outOfBand;
    private final ConcurrentMap<JsonValue, ClientRequest> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<JsonValue, Consumer<JsonRpcResponse>> awaitingClient = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LogLevel logLevel;
    private volatile boolean initialized;
    private volatile long lastActiveNanos = System.nanoTime();

    /**
     * @param outOfBand where messages go that do not belong to a request still being answered
     *     (the GET stream over HTTP, stdout over stdio)
     */
    public ClientSession(String id, String protocolVersion, JsonValue capabilities, JsonValue clientInfo, MessageSink outOfBand) {
        this.id = id;
        this.protocolVersion = protocolVersion;
        this.capabilities = capabilities == null ? JsonValue.EMPTY_OBJECT : capabilities;
        this.clientInfo = clientInfo == null ? JsonValue.EMPTY_OBJECT : clientInfo;
        this.outOfBand = outOfBand;
    }

    public String id() {
        return id;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** The capabilities the client declared in initialize, as it sent them. */
    public JsonValue capabilities() {
        return capabilities;
    }

    /** True if the client declared the top-level capability {@code name} (roots, sampling, elicitation, tasks...). */
    public boolean declares(String name) {
        return capabilities.get(name) != null;
    }

    public JsonValue clientInfo() {
        return clientInfo;
    }

    /** The client's name from clientInfo, for logs. */
    public String clientName() {
        String name = clientInfo.getString("name");
        return name == null ? "unknown" : name;
    }

    public boolean isInitialized() {
        return initialized;
    }

    public void markInitialized() {
        initialized = true;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public void setLogLevel(LogLevel level) {
        this.logLevel = level;
    }

    public void touch() {
        lastActiveNanos = System.nanoTime();
    }

    public long lastActiveNanos() {
        return lastActiveNanos;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Sends a message that is not tied to a request in flight (a notification, or a request to the client). */
    public boolean sendToClient(JsonRpcMessage message) {
        return !closed.get() && outOfBand.send(message);
    }

    // ---- requests from the client ----

    /** Registers a request the client sent; false if a request with the same id is already in flight. */
    public boolean begin(ClientRequest request) {
        return inFlight.putIfAbsent(request.id(), request) == null;
    }

    void end(ClientRequest request) {
        inFlight.remove(request.id(), request);
    }

    public ClientRequest inFlight(JsonValue clientRequestId) {
        return inFlight.get(clientRequestId);
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    // ---- requests to the client ----

    /**
     * Sends a request to the client (sampling, elicitation, roots) and calls {@code onReply} with
     * its answer. The gateway picks the id; {@code route} is where it goes (the stream of the
     * client request that caused it, when there is one).
     *
     * @return the id used, or null if the session is closed or the route refused the message
     */
    public JsonValue requestClient(String method, JsonValue params, ClientRequest route, Consumer<JsonRpcResponse> onReply) {
        if (closed.get()) {
            return null;
        }
        JsonValue gatewayId = JsonValue.number(nextRequestId.getAndIncrement());
        awaitingClient.put(gatewayId, onReply);
        JsonRpcRequest request = JsonRpc.request(gatewayId, method, params);
        boolean sent = route != null ? route.sendRelated(request) : sendToClient(request);
        if (!sent) {
            awaitingClient.remove(gatewayId);
            return null;
        }
        return gatewayId;
    }

    /** Routes the client's answer to one of our requests; false if we were not waiting for it. */
    public boolean deliverReply(JsonRpcResponse response) {
        Consumer<JsonRpcResponse> onReply = awaitingClient.remove(response.id());
        if (onReply == null) {
            return false;
        }
        onReply.accept(response);
        return true;
    }

    /** Stops waiting for a reply (the requester cancelled it); returns true if it was pending. */
    public boolean forgetRequest(JsonValue gatewayId) {
        return awaitingClient.remove(gatewayId) != null;
    }

    // ---- lifecycle ----

    /** Runs {@code listener} once when the session closes (at once if it already has). */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (closed.get() && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    /**
     * Ends the session: cancels its requests in flight, tells whoever waits for a client reply
     * that none will come, and runs the close listeners. Idempotent.
     */
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ClientRequest request : inFlight.values()) {
            request.cancel("client session ended: " + reason);
        }
        for (var entry : awaitingClient.entrySet()) {
            if (awaitingClient.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().accept(JsonRpc.error(entry.getKey(), JsonRpcErrors.INTERNAL_ERROR,
                        "the client session ended before it answered (" + reason + ")", null));
            }
        }
        for (Runnable listener : closeListeners) {
            closeListeners.remove(listener);
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("session close listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "session " + SessionIds.abbreviate(id) + " (" + clientName() + ")";
    }
}
