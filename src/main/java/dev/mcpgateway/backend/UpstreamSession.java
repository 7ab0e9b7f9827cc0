package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.mcp.ProtocolVersion;
import dev.mcpgateway.session.ClientRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MCP client session with one backend, over one transport.
 *
 * <p>It runs the initialize handshake, gives every outgoing request a fresh id (many client
 * sessions share one upstream session, so client ids would collide), matches responses to the
 * waiting calls, maps progress tokens, cancels upstream when a client cancels or a call times
 * out, and re-initializes transparently when a Streamable HTTP backend forgets the session.
 *
 * <p>Messages the backend starts (notifications other than progress, and requests such as
 * sampling) go to the {@link Listener} together with the client request they can be attributed
 * to, if any.
 *
 * <p>Thread safety: calls come from many threads at once; transport callbacks come from the
 * transport's reader threads, and a call's answer completes its future there (see
 * {@link AsyncCalls}). Pending calls live in concurrent maps; re-initialization is
 * serialised by a lock and a generation counter.
 */
public final class UpstreamSession implements UpstreamTransport.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSession.class);

    /** Receives what the backend starts. Callbacks run on transport threads and must not block. */
    public interface Listener {

        /** A notification other than progress; {@code origin} is the client request it belongs to, if known. */
        void onNotification(UpstreamSession session, JsonRpcNotification notification, ClientRequest origin);

        /** A request from the backend (other than ping); answer with {@link UpstreamSession#reply}. */
        void onServerRequest(UpstreamSession session, JsonRpcRequest request, ClientRequest origin);

        /** The session was re-established after the backend forgot it (state such as subscriptions is gone). */
        void onReinitialized(UpstreamSession session);

        /** The connection is gone; every pending call has failed. */
        void onClosed(UpstreamSession session, String reason);
    }

    /**
     * What the gateway says about itself in initialize.
     *
     * @param capabilities the client capabilities to declare to this backend
     * @param protocolVersion the version to request
     */
    public record Handshake(JsonValue clientInfo, JsonValue capabilities, String protocolVersion) {}

    private final String backend;
    private final UpstreamTransport transport;
    private final Handshake handshake;
    private final Listener listener;
    private final AtomicLong nextId = new AtomicLong(1);
    private final ConcurrentMap<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final ConcurrentMap<JsonValue, PendingCall> byProgressToken = new ConcurrentHashMap<>();
    private final ReentrantLock reinitializeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long generation;
    private volatile InitializeResult server;
    private volatile String closedReason;

    private UpstreamSession(String backend, UpstreamTransport transport, Handshake handshake, Listener listener) {
        this.backend = backend;
        this.transport = transport;
        this.handshake = handshake;
        this.listener = listener;
    }

    /**
     * Starts the transport and runs the initialize handshake.
     *
     * @throws UpstreamException if the backend cannot be reached or the handshake fails; the
     *     transport is closed in that case
     */
    public static UpstreamSession open(String backend, UpstreamTransport transport, Handshake handshake, Listener listener, Duration timeout)
            throws UpstreamException {
        UpstreamSession session = new UpstreamSession(backend, transport, handshake, listener);
        try {
            transport.start(session);
            session.initialize(timeout);
            return session;
        } catch (UpstreamException | RuntimeException e) {
            session.closeQuietly("initialization failed");
            throw e;
        }
    }

    public String backend() {
        return backend;
    }

    /** What the backend declared in its (latest) initialize response. */
    public InitializeResult server() {
        return server;
    }

    public String transportKind() {
        return transport.kind();
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Why the session closed, or null while open. */
    public String closedReason() {
        return closedReason;
    }

    /** Number of calls waiting for a response. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Sends {@code request} (its id is replaced by a fresh upstream id, its progress token by an
     * upstream token) and waits for the response.
     *
     * @throws CallTimeoutException if no response came within the timeout (the call was cancelled upstream)
     * @throws CallCancelledException if the origin request was cancelled meanwhile
     * @throws UpstreamException if the backend could not be reached or the connection broke
     */
    public JsonRpcResponse call(JsonRpcRequest request, CallOptions options) throws UpstreamException {
        return AsyncCalls.await(callAsync(request, options));
    }

    /**
     * {@link #call} without waiting: the future completes with the response, or fails with what
     * {@code call} would throw. It completes on the thread that delivers the answer (see
     * {@link AsyncCalls}). A lost session is re-initialized on a virtual thread.
     */
    public CompletableFuture<JsonRpcResponse> callAsync(JsonRpcRequest request, CallOptions options) {
        long startGeneration = generation;
        return attempt(request, options).exceptionallyCompose(failure -> {
            if (!(AsyncCalls.cause(failure) instanceof SessionExpiredException expired)) {
                return CompletableFuture.failedFuture(AsyncCalls.cause(failure));
            }
            return AsyncCalls.onVirtualThread(() -> {
                reinitialize(startGeneration, options.timeout());
                if (!options.repeatable() && expired.sent()) {
                    throw new SessionLostException("backend `" + backend + "` lost its session before processing " + describe(request)
                            + "; the gateway re-initialized it but did not repeat the call because it is not known to be safe to repeat"
                            + " (not read-only or idempotent). Retry it.");
                }
                return AsyncCalls.await(attempt(request, options));
            });
        });
    }

    private CompletableFuture<JsonRpcResponse> attempt(JsonRpcRequest request, CallOptions options) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(notConnected());
        }
        long id = nextId.getAndIncrement();
        JsonValue upstreamId = JsonValue.number(id);
        ClientRequest origin = options.origin();
        JsonValue clientToken = origin == null ? null : origin.progressToken();
        PendingCall call = new PendingCall(id, request.method(), origin, clientToken, clientToken == null ? null : upstreamId);
        JsonRpcRequest outgoing = clientToken == null ? request.withId(upstreamId) : request.withIdAndParams(upstreamId, withProgressToken(request.params(), upstreamId));
        pending.put(id, call);
        if (call.upstreamToken != null) {
            byProgressToken.put(call.upstreamToken, call);
        }
        Duration timeout = options.timeout();
        CompletableFuture<JsonRpcResponse> result = new CompletableFuture<>();
        CallTimeouts.failAfter(call.future, timeout.toNanos());
        call.future.whenComplete((response, failure) -> {
            forget(call);
            if (failure == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(outcomeOf(call, AsyncCalls.cause(failure), timeout));
            }
        });
        try {
            if (origin != null) {
                origin.onCancel(() -> cancelUpstream(call, origin.cancelReason()));
            }
            transport.sendAsync(outgoing).whenComplete((sent, failure) -> {
                if (failure != null) {
                    call.future.completeExceptionally(AsyncCalls.cause(failure));
                }
            });
        } catch (RuntimeException e) {
            call.future.completeExceptionally(e);
        }
        return result;
    }

    /** What a call's failure means to its caller. */
    private Throwable outcomeOf(PendingCall call, Throwable failure, Duration timeout) {
        return switch (failure) {
            case TimeoutException e -> {
                tellCancelled(call, "timed out after " + Durations.format(timeout));
                yield new CallTimeoutException(backend, call.method, timeout);
            }
            case CancellationException e -> new CallCancelledException(e.getMessage() == null ? "cancelled" : e.getMessage());
            case UpstreamException e -> e;
            case RuntimeException e -> e;
            case Error e -> e;
            default -> new UpstreamException("backend `" + backend + "` call failed: " + failure, true, failure);
        };
    }

    /** Sends a notification to the backend (best effort ordering with calls, as the transport sends it). */
    public void notify(String method, JsonValue params) throws UpstreamException {
        ensureOpen();
        transport.send(JsonRpc.notification(method, params));
    }

    /** Answers a request the backend sent us ({@code response} must carry the backend's id). */
    public void reply(JsonRpcResponse response) {
        if (closed.get()) {
            return;
        }
        // Without waiting: replies are sent from transport threads too (a backend's ping).
        transport.sendAsync(response).whenComplete((sent, failure) -> {
            if (failure != null) {
                LOG.debug("[{}] could not deliver a reply: {}", backend, AsyncCalls.cause(failure).getMessage());
            }
        });
    }

    /** Cancels a pending call: tells the backend, stops waiting, wakes the caller. */
    private void cancelUpstream(PendingCall call, String reason) {
        if (!pending.remove(call.id, call)) {
            return;
        }
        call.future.completeExceptionally(new CancellationException(reason));
        tellCancelled(call, reason);
    }

    /** Sends {@code notifications/cancelled} for a call (without waiting) and stops reading its answer. */
    private void tellCancelled(PendingCall call, String reason) {
        if (closed.get()) {
            return;
        }
        JsonWriter params = new JsonWriter(64).beginObject().member("requestId", call.id);
        if (reason != null) {
            params.member("reason", reason);
        }
        transport.sendAsync(JsonRpc.notification(McpMethods.NOTIFICATION_CANCELLED, params.endObject().toJsonValue()))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        LOG.debug("[{}] could not send notifications/cancelled: {}", backend, AsyncCalls.cause(failure).getMessage());
                    }
                });
        transport.abandon(JsonValue.number(call.id));
    }

    private void forget(PendingCall call) {
        pending.remove(call.id, call);
        if (call.upstreamToken != null) {
            byProgressToken.remove(call.upstreamToken, call);
        }
    }

    // ---- handshake ----

    private void initialize(Duration timeout) throws UpstreamException {
        JsonValue params = new JsonWriter(256).beginObject()
                .member("protocolVersion", handshake.protocolVersion())
                .member("capabilities", handshake.capabilities())
                .member("clientInfo", handshake.clientInfo())
                .endObject().toJsonValue();
        JsonRpcResponse response = AsyncCalls.await(attempt(JsonRpc.request(JsonValue.number(0), McpMethods.INITIALIZE, params),
                CallOptions.internal(timeout)));
        if (response.isError()) {
            throw new UpstreamException("backend `" + backend + "` refused initialize: " + response.errorMessage() + " (code " + response.errorCode() + ")", true);
        }
        JsonValue result = response.result();
        String version = result.getString("protocolVersion");
        if (!ProtocolVersion.isSupported(version)) {
            throw new UpstreamException("backend `" + backend + "` answered initialize with protocol version " + version
                    + ", which mcp-gateway does not support (supported: " + String.join(", ", ProtocolVersion.SUPPORTED) + ")", true);
        }
        server = new InitializeResult(version, orEmpty(result.get("capabilities")), orEmpty(result.get("serverInfo")), result.getString("instructions"));
        transport.initialized(version);
        transport.send(JsonRpc.notification(McpMethods.NOTIFICATION_INITIALIZED, null));
        generation++;
        LOG.debug("[{}] initialized: {} {}, protocol {}", backend, server.serverName(), server.serverInfo().getString("version"), version);
    }

    /** Runs the handshake again after the backend forgot our session (once, however many calls noticed). */
    private void reinitialize(long seenGeneration, Duration timeout) throws UpstreamException {
        reinitializeLock.lock();
        try {
            if (generation != seenGeneration) {
                return; // another call already re-initialized
            }
            LOG.warn("[{}] the backend no longer knows our session; re-initializing", backend);
            initialize(timeout);
        } finally {
            reinitializeLock.unlock();
        }
        listener.onReinitialized(this);
    }

    // ---- messages from the backend ----

    @Override
    public void onMessage(JsonRpcMessage message, JsonValue relatedRequestId) {
        switch (message) {
            case JsonRpcResponse response -> completeCall(response);
            case JsonRpcNotification notification -> onNotification(notification, relatedRequestId);
            case JsonRpcRequest request -> onRequest(request, relatedRequestId);
        }
    }

    private void completeCall(JsonRpcResponse response) {
        PendingCall call = response.id().isIntegral() ? pending.get(response.id().asLong()) : null;
        if (call == null) {
            LOG.debug("[{}] response to unknown or abandoned request {}", backend, response.id());
            return;
        }
        call.future.complete(response);
    }

    private void onNotification(JsonRpcNotification notification, JsonValue relatedRequestId) {
        if (McpMethods.NOTIFICATION_PROGRESS.equals(notification.method())) {
            relayProgress(notification);
            return;
        }
        listener.onNotification(this, notification, attribute(relatedRequestId));
    }

    /** Progress carries our upstream token; the client gets it back with its own token, on its request's stream. */
    private void relayProgress(JsonRpcNotification progress) {
        JsonValue token = progress.params() == null ? null : progress.params().get("progressToken");
        PendingCall call = token == null ? null : byProgressToken.get(token);
        if (call == null || call.origin == null) {
            LOG.debug("[{}] progress for unknown token {}", backend, token);
            return;
        }
        JsonValue params = JsonObjectEdit.of(progress.params()).set("progressToken", call.clientToken).apply();
        call.origin.sendRelated(progress.withParams(params));
    }

    private void onRequest(JsonRpcRequest request, JsonValue relatedRequestId) {
        if (McpMethods.PING.equals(request.method())) {
            reply(JsonRpc.result(request.id(), JsonValue.EMPTY_OBJECT));
            return;
        }
        listener.onServerRequest(this, request, attribute(relatedRequestId));
    }

    /**
     * The client request a backend-initiated message belongs to: the call whose response stream
     * carried it, else the only call in flight, else none.
     */
    private ClientRequest attribute(JsonValue relatedRequestId) {
        if (relatedRequestId != null && relatedRequestId.isIntegral()) {
            PendingCall call = pending.get(relatedRequestId.asLong());
            if (call != null) {
                return call.origin;
            }
        }
        ClientRequest only = null;
        for (PendingCall call : pending.values()) {
            if (call.origin == null) {
                continue;
            }
            if (only != null && only != call.origin) {
                return null;
            }
            only = call.origin;
        }
        return only;
    }

    @Override
    public void onResponseLost(JsonValue requestId, String reason) {
        PendingCall call = requestId.isIntegral() ? pending.get(requestId.asLong()) : null;
        if (call != null) {
            call.future.completeExceptionally(new UpstreamException("backend `" + backend + "` dropped the response: " + reason, true));
        }
    }

    @Override
    public void onGarbage(String excerpt) {
        // Unparseable output can't be matched to a request; if only one is waiting, it was surely its answer.
        if (pending.size() == 1) {
            for (PendingCall call : pending.values()) {
                call.future.completeExceptionally(new UpstreamException(
                        "backend `" + backend + "` answered with something that is not JSON-RPC: " + excerpt, true));
            }
        }
    }

    @Override
    public void onClosed(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closedReason = reason;
        failPending("backend `" + backend + "` connection closed: " + reason);
        listener.onClosed(this, reason);
    }

    private void failPending(String message) {
        for (PendingCall call : pending.values()) {
            call.future.completeExceptionally(new UpstreamException(message, true));
        }
    }

    // ---- lifecycle ----

    private void ensureOpen() throws UpstreamException {
        if (closed.get()) {
            throw notConnected();
        }
    }

    private UpstreamException notConnected() {
        return new UpstreamException("backend `" + backend + "` is not connected: " + closedReason, false);
    }

    /** Closes the session and its transport (stdio children are stopped). Idempotent. */
    public void close() {
        closeQuietly("closed by the gateway");
    }

    /**
     * Closes the session for {@code reason}, which calls still waiting get as their failure: a
     * restart after a failed health check names what failed (a stdio child's exit and last words),
     * which says more than that the gateway closed it.
     */
    public void close(String reason) {
        closeQuietly(reason);
    }

    private void closeQuietly(String reason) {
        if (closed.compareAndSet(false, true)) {
            closedReason = reason;
            failPending("backend `" + backend + "` session closed: " + reason);
        }
        transport.close();
    }

    /** The params with {@code _meta.progressToken} set, as an edit written in the same copy as the new id. */
    private static JsonObjectEdit withProgressToken(JsonValue params, JsonValue token) {
        return JsonObjectEdit.of(params).set("_meta", JsonObjectEdit.ofMember(params, "_meta").set("progressToken", token));
    }

    private static JsonValue orEmpty(JsonValue value) {
        return value == null || !value.isObject() ? JsonValue.EMPTY_OBJECT : value;
    }

    private static String describe(JsonRpcRequest request) {
        if (McpMethods.TOOLS_CALL.equals(request.method()) && request.params() != null) {
            return "tools/call `" + request.params().getString("name") + "`";
        }
        return request.method();
    }

    @Override
    public String toString() {
        return "upstream session of `" + backend + "` over " + transport.kind();
    }

    /** A call waiting for its response. */
    private static final class PendingCall {
        final long id;
        final String method;
        final ClientRequest origin;
        final JsonValue clientToken;
        final JsonValue upstreamToken;
        final CompletableFuture<JsonRpcResponse> future = new CompletableFuture<>();

        PendingCall(long id, String method, ClientRequest origin, JsonValue clientToken, JsonValue upstreamToken) {
            this.id = id;
            this.method = method;
            this.origin = origin;
            this.clientToken = clientToken;
            this.upstreamToken = upstreamToken;
        }
    }
}
