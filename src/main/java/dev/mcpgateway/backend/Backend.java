package dev.mcpgateway.backend;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.mcp.ProtocolVersion;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server and the gateway's sessions with it.
 *
 * <p>In {@code shared} mode (the default) one upstream session serves every client: it is opened
 * at startup in the background, reopened with jittered backoff when it fails, and reopened at
 * once on the next use after a crash. In {@code per_client} mode each client session gets its own
 * upstream session (its own child process or HTTP session), opened when the client initializes
 * and closed when it leaves, so everything the backend sends is attributable.
 *
 * <p>The backend's lists are kept as a {@link BackendCatalog}, fetched on connect and refetched
 * when the backend says they changed; aggregated lists are served from it without a round trip.
 */
public final class Backend implements UpstreamSession.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

    /**
     * Opening a session (initialize plus the first lists) may take longer than a call: an {@code npx}
     * server can spend many seconds installing itself. The call timeout applies when it is longer.
     */
    private static final Duration MIN_OPEN_TIMEOUT = Duration.ofSeconds(60);

    /** A session that dies sooner than this after opening counts as a failed start, for backoff. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

    /** Where a backend stands. */
    public enum Status {
        /** First connection attempt still running. */
        STARTING,
        READY,
        /** Not connected; the gateway is retrying. */
        UNAVAILABLE,
        /**
         * Cannot be started until the configuration or the machine changes (program not found or not
         * executable, missing directory, unusable URL); not retried.
         */
        FAILED,
        /** {@code enabled: false} in the config. */
        DISABLED,
        STOPPED
    }

    private final BackendConfig config;
    private final TransportFactory transports;
    private final BackendEvents events;
    private final JsonValue clientInfo;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final ReentrantLock connectLock = new ReentrantLock();
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private final ConcurrentMap<ClientSession, PerClient> perClient = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamSession, ClientSession> owners = new ConcurrentHashMap<>();
    private final CatalogRefresher refresher;
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile UpstreamSession shared;
    private volatile BackendCatalog sharedCatalog = BackendCatalog.EMPTY;
    private volatile Status status;
    private volatile String lastError;
    /** Set once a start failed for good; from then on calls fail at once and nothing is retried. */
    private volatile PermanentFailureException permanentFailure;
    private volatile long sharedOpenedAtNanos;
    private volatile int failedAttempts;
    /** Sessions in a row that died soon after opening: a crash loop is throttled, a single crash is not. */
    private volatile int quickCrashes;
    private volatile long nextAttemptNanos;
    private volatile ScheduledFuture<?> scheduledReconnect;

    public Backend(BackendConfig config, TransportFactory transports, BackendEvents events, JsonValue clientInfo, ScheduledExecutorService scheduler) {
        this(config, transports, events, clientInfo, scheduler, Backoff.RECONNECT);
    }

    Backend(BackendConfig config, TransportFactory transports, BackendEvents events, JsonValue clientInfo, ScheduledExecutorService scheduler, Backoff backoff) {
        this.config = config;
        this.transports = transports;
        this.events = events;
        this.clientInfo = clientInfo;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.refresher = new CatalogRefresher(config.name(), config.timeout(), this::currentCatalog, this::replaceCatalog);
        this.status = config.enabled() ? Status.STARTING : Status.DISABLED;
        if (!config.enabled()) {
            firstAttempt.complete(null);
        }
    }

    public String name() {
        return config.name();
    }

    public BackendConfig config() {
        return config;
    }

    public Status status() {
        return status;
    }

    /** The last connection error, or null. Never contains secrets (transports keep them out of messages). */
    public String lastError() {
        return lastError;
    }

    public int restarts() {
        return restarts.get();
    }

    public boolean perClient() {
        return config.sessionMode() == SessionMode.PER_CLIENT;
    }

    /** What the backend declared when it was last initialized (shared session), or null. */
    public InitializeResult server() {
        UpstreamSession session = shared;
        return session == null ? null : session.server();
    }

    /** The transport kind, as in logs and health output. */
    public String transportName() {
        return switch (config.transport()) {
            case STDIO -> "stdio";
            case STREAMABLE_HTTP -> "streamable_http";
            case SSE -> "sse";
        };
    }

    // ---- lifecycle ----

    /** Starts connecting in the background (warm start). Never blocks, never throws. */
    public void start() {
        if (!config.enabled()) {
            return;
        }
        if (perClient()) {
            // Nothing to open until a client arrives; the backend is ready to serve them.
            setStatus(Status.READY);
            firstAttempt.complete(null);
            return;
        }
        Thread.ofVirtual().name("connect-" + name()).start(this::backgroundConnect);
    }

    /** Waits (bounded) until the first connection attempt has finished, successfully or not. */
    public void awaitFirstAttempt(Duration timeout) {
        try {
            firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still starting: serve what is known
        }
    }

    private void backgroundConnect() {
        if (stopped.get() || permanentFailure != null) {
            return;
        }
        connectLock.lock();
        try {
            UpstreamSession current = shared;
            if (current != null && current.isOpen()) {
                return;
            }
            connectShared();
        } catch (UpstreamException e) {
            // recorded and rescheduled by connectShared
        } finally {
            connectLock.unlock();
            firstAttempt.complete(null);
        }
    }

    /** Opens the shared session and loads the catalog; on failure records it and schedules a retry. Holds connectLock. */
    private UpstreamSession connectShared() throws UpstreamException {
        UpstreamSession previous = shared;
        boolean restart = previous != null;
        // Why the old session ended: a crash is noticed by the next call before onClosed records it.
        String endedBecause = lastError != null ? lastError : previous == null ? null : previous.closedReason();
        try {
            UpstreamSession session = open(handshakeFor(null));
            BackendCatalog catalog = CatalogFetcher.fetch(session, openTimeout());
            Set<BackendCatalog.Kind> changed = catalog.changedSince(sharedCatalog);
            shared = session;
            sharedCatalog = catalog;
            refresher.installed(session);
            sharedOpenedAtNanos = System.nanoTime();
            lastError = null;
            failedAttempts = 0;
            nextAttemptNanos = 0;
            if (restart) {
                int count = restarts.incrementAndGet();
                String cause = endedBecause == null ? "the session ended" : endedBecause;
                LOG.info("backend `{}` restarted (restart {} since start; before: {}): {} over {}, {} tools", name(), count, cause,
                        session.server().serverName(), session.transportKind(), catalog.tools().size());
                events.onRestarted(this, cause);
            } else {
                LOG.info("backend `{}` ready: {} over {}, protocol {}, {} tools, {} prompts, {} resources",
                        name(), session.server().serverName(), session.transportKind(), session.server().protocolVersion(),
                        catalog.tools().size(), catalog.prompts().size(), catalog.resources().size());
            }
            setStatus(Status.READY);
            if (!changed.isEmpty()) {
                events.onCatalogChanged(this, null, changed);
            }
            return session;
        } catch (UpstreamException e) {
            if (e instanceof PermanentFailureException permanent) {
                recordPermanentFailure(permanent);
            } else {
                recordFailure(withoutBackendName(e.getMessage()));
            }
            throw unavailable(e);
        }
    }

    /** The failure as clients see it: always naming the backend. */
    private UpstreamException unavailable(UpstreamException cause) {
        String message = "backend `" + name() + "` is unavailable: " + withoutBackendName(cause.getMessage());
        if (cause instanceof PermanentFailureException) {
            return new PermanentFailureException(message + " (not retried: fix the configuration, then restart the gateway)", cause);
        }
        return new UpstreamException(message, cause.reachedServer(), cause);
    }

    /** A start that can never succeed as configured: reported once, loudly, and never retried. */
    private void recordPermanentFailure(PermanentFailureException e) {
        lastError = withoutBackendName(e.getMessage());
        boolean first = permanentFailure == null;
        permanentFailure = e;
        setStatus(Status.FAILED);
        if (first) {
            LOG.error("backend `{}` cannot be started and will not be retried: {}. Fix its configuration (or install the program),"
                    + " then restart the gateway.", name(), lastError);
        }
    }

    private String withoutBackendName(String message) {
        String prefix = "backend `" + name() + "` ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }

    private UpstreamSession open(UpstreamSession.Handshake handshake) throws UpstreamException {
        UpstreamTransport transport = transports.create(config);
        return UpstreamSession.open(name(), transport, handshake, this, openTimeout());
    }

    private Duration openTimeout() {
        return config.timeout().compareTo(MIN_OPEN_TIMEOUT) > 0 ? config.timeout() : MIN_OPEN_TIMEOUT;
    }

    private void recordFailure(String error) {
        lastError = error;
        int attempt = failedAttempts++;
        Duration delay = backoff.delay(attempt);
        nextAttemptNanos = System.nanoTime() + delay.toNanos();
        setStatus(Status.UNAVAILABLE);
        LOG.warn("backend `{}` unavailable: {}; retrying in {}", name(), error, Durations.format(delay));
        scheduleReconnect(delay);
    }

    private void scheduleReconnect(Duration delay) {
        if (stopped.get()) {
            return;
        }
        ScheduledFuture<?> previous = scheduledReconnect;
        if (previous != null) {
            previous.cancel(false);
        }
        scheduledReconnect = scheduler.schedule(() -> Thread.ofVirtual().name("reconnect-" + name()).start(this::backgroundConnect),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops every session with this backend (children are terminated). Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> pendingReconnect = scheduledReconnect;
        if (pendingReconnect != null) {
            pendingReconnect.cancel(false);
        }
        connectLock.lock();
        try {
            UpstreamSession session = shared;
            if (session != null) {
                session.close();
            }
        } finally {
            connectLock.unlock();
        }
        for (PerClient pc : perClient.values()) {
            pc.close();
        }
        perClient.clear();
        setStatus(Status.STOPPED);
    }

    // ---- serving clients ----

    /**
     * Sends a request for {@code client} and waits for the answer.
     *
     * @throws UpstreamException if the backend is unavailable, fails, times out or the call is cancelled
     */
    public JsonRpcResponse call(ClientSession client, JsonRpcRequest request, CallOptions options) throws UpstreamException {
        return AsyncCalls.await(callAsync(client, request, options));
    }

    /**
     * {@link #call} without waiting. With the session open (the usual case) nothing waits; when
     * it must first be opened or restarted, that happens on a virtual thread.
     */
    public CompletableFuture<JsonRpcResponse> callAsync(ClientSession client, JsonRpcRequest request, CallOptions options) {
        UpstreamSession open = config.enabled() && !stopped.get() && permanentFailure == null
                ? (perClient() ? openPerClient(client) : shared) : null;
        if (open != null && open.isOpen()) {
            return open.callAsync(request, options);
        }
        return AsyncCalls.onVirtualThread(() -> sessionFor(client, options.timeout()))
                .thenCompose(session -> session.callAsync(request, options));
    }

    /** Sends a notification to the upstream session serving {@code client}, if one is open. */
    public void notify(ClientSession client, String method, JsonValue params) {
        UpstreamSession session = perClient() ? openPerClient(client) : shared;
        if (session == null || !session.isOpen()) {
            return;
        }
        try {
            session.notify(method, params);
        } catch (UpstreamException e) {
            LOG.debug("[{}] could not send {}: {}", name(), method, e.getMessage());
        }
    }

    /** The catalog {@code client} sees: the shared one, or that of its own upstream session. */
    public BackendCatalog catalog(ClientSession client) {
        if (!perClient()) {
            return sharedCatalog;
        }
        PerClient pc = client == null ? null : perClient.get(client);
        return pc == null ? BackendCatalog.EMPTY : pc.catalog;
    }

    /** The upstream session's server description for {@code client}, or null if not connected. */
    public InitializeResult server(ClientSession client) {
        if (!perClient()) {
            return server();
        }
        UpstreamSession session = openPerClient(client);
        return session == null ? null : session.server();
    }

    /**
     * Makes sure the session serving {@code client} is open and its catalog loaded, waiting at most
     * {@code timeout}. Used before listing, so a client that connects early still sees every tool.
     */
    public void prepare(ClientSession client, Duration timeout) {
        if (!config.enabled() || stopped.get()) {
            return;
        }
        if (perClient()) {
            PerClient pc = perClientFor(client);
            try {
                pc.session.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // listed without this backend; it reports list_changed when it arrives
            }
        } else {
            awaitFirstAttempt(timeout);
        }
    }

    private UpstreamSession sessionFor(ClientSession client, Duration timeout) throws UpstreamException {
        if (!config.enabled()) {
            throw new UpstreamException("backend `" + name() + "` is disabled in the configuration", false);
        }
        if (stopped.get()) {
            throw new UpstreamException("backend `" + name() + "` is stopped", false);
        }
        if (permanentFailure != null) {
            throw unavailable(permanentFailure);
        }
        return perClient() ? perClientSession(client, timeout) : sharedSession();
    }

    /** The shared session, reconnecting now if it died ("restarted on next use"), unless a recent attempt failed. */
    private UpstreamSession sharedSession() throws UpstreamException {
        UpstreamSession session = shared;
        if (session != null && session.isOpen()) {
            return session;
        }
        if (status == Status.STARTING) {
            awaitFirstAttempt(config.timeout());
        }
        connectLock.lock();
        try {
            session = shared;
            if (session != null && session.isOpen()) {
                return session;
            }
            long wait = nextAttemptNanos - System.nanoTime();
            if (lastError != null && wait > 0) {
                throw new UpstreamException("backend `" + name() + "` is unavailable (" + lastError + "); next attempt in "
                        + Durations.format(Duration.ofNanos(wait)), false);
            }
            return connectShared();
        } finally {
            connectLock.unlock();
        }
    }

    private UpstreamSession perClientSession(ClientSession client, Duration timeout) throws UpstreamException {
        if (client == null) {
            throw new UpstreamException("backend `" + name() + "` runs one session per client and has no client here", false);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            PerClient pc = perClientFor(client);
            UpstreamSession session = pc.await(timeout);
            if (session.isOpen()) {
                return session;
            }
            // The client's child crashed: start a new one for it (restart on next use).
            perClient.remove(client, pc);
            int count = restarts.incrementAndGet();
            LOG.info("backend `{}`: restarting the session of {} (restart {} since start; before: {})", name(), client, count,
                    session.closedReason());
            events.onRestarted(this, "the session of " + client + " ended: " + session.closedReason());
        }
        throw new UpstreamException("backend `" + name() + "` closed the session again right after it was opened", true);
    }

    private UpstreamSession openPerClient(ClientSession client) {
        PerClient pc = client == null ? null : perClient.get(client);
        return pc == null ? null : pc.openedOrNull();
    }

    private PerClient perClientFor(ClientSession client) {
        PerClient pc = perClient.get(client);
        if (pc != null) {
            return pc;
        }
        PerClient created = new PerClient(client);
        pc = perClient.putIfAbsent(client, created);
        if (pc != null) {
            return pc;
        }
        client.onClose(() -> {
            PerClient removed = perClient.remove(client);
            if (removed != null) {
                removed.close();
            }
        });
        Thread.ofVirtual().name("connect-" + name() + "-client").start(created::open);
        return created;
    }

    /** Capabilities the gateway declares to the backend: only what it can honour. */
    private UpstreamSession.Handshake handshakeFor(ClientSession client) {
        String version = config.protocolVersion().orElse(ProtocolVersion.LATEST);
        // A shared session serves every client: sampling and elicitation can be routed to the client whose
        // call caused them, but roots cannot (one client's roots would apply to all), so they are not declared.
        // A per-client session declares exactly what its client declared.
        JsonValue capabilities = client == null
                ? JsonValue.parse("{\"sampling\":{},\"elicitation\":{\"form\":{},\"url\":{}}}")
                : client.capabilities();
        return new UpstreamSession.Handshake(clientInfo, capabilities, version);
    }

    // ---- active health checks ----

    /**
     * Active health check: sends MCP {@code ping} on every open upstream session directly (not
     * through the call pipeline, so an open circuit breaker does not stop it). A session that does
     * not answer within {@code timeout} is restarted: its stdio child replaced, its HTTP session
     * re-initialized.
     *
     * @return false if there was nothing to check (disabled, stopped, still starting, per-client
     *     without clients), true if every session answered
     * @throws UpstreamException if the backend is not connected or a session failed the ping
     */
    public boolean probe(Duration timeout) throws UpstreamException {
        if (!config.enabled() || stopped.get() || status == Status.STARTING) {
            return false;
        }
        if (permanentFailure != null) {
            throw unavailable(permanentFailure);
        }
        if (perClient()) {
            UpstreamException failed = null;
            boolean checked = false;
            for (PerClient pc : perClient.values()) {
                UpstreamSession session = pc.openedOrNull();
                if (session == null || !session.isOpen()) {
                    continue;
                }
                checked = true;
                try {
                    ping(session, timeout);
                } catch (UpstreamException e) {
                    LOG.warn("backend `{}`: the session of {} failed its health check ({}); restarting it", name(), pc.client, e.getMessage());
                    session.close(); // the client's next call opens a new one
                    failed = e;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return checked;
        }
        UpstreamSession session = shared;
        if (session == null || !session.isOpen()) {
            String why = lastError;
            throw new UpstreamException("backend `" + name() + "` is not connected" + (why == null ? "" : ": " + why), false);
        }
        try {
            ping(session, timeout);
            return true;
        } catch (UpstreamException e) {
            restartShared(session, "health check failed: " + withoutBackendName(e.getMessage()));
            throw e;
        }
    }

    private static void ping(UpstreamSession session, Duration timeout) throws UpstreamException {
        // Any answer, even a JSON-RPC error, shows the server is alive and reading.
        session.call(JsonRpc.request(JsonValue.number(0), McpMethods.PING, null), CallOptions.internal(timeout));
    }

    /** Replaces a shared session that stopped answering: closes it (stopping a stdio child) and connects again at once. */
    private void restartShared(UpstreamSession failed, String reason) {
        connectLock.lock();
        try {
            if (shared != failed || stopped.get()) {
                return; // already replaced
            }
            LOG.warn("backend `{}`: {}; restarting it", name(), reason);
            lastError = reason;
            setStatus(Status.UNAVAILABLE);
            failed.close(reason);
            try {
                connectShared();
            } catch (UpstreamException e) {
                // recorded; connectShared scheduled the next attempt with backoff
            }
        } finally {
            connectLock.unlock();
        }
    }

    // ---- UpstreamSession.Listener ----

    @Override
    public void onNotification(UpstreamSession session, JsonRpcNotification notification, ClientRequest origin) {
        String method = notification.method();
        if (method.endsWith("/list_changed")) {
            refresher.requested(session, method);
            return;
        }
        events.onNotification(this, notification, origin, ownerOf(session));
    }

    @Override
    public void onServerRequest(UpstreamSession session, JsonRpcRequest request, ClientRequest origin) {
        events.onServerRequest(this, session, request, origin, ownerOf(session));
    }

    @Override
    public void onReinitialized(UpstreamSession session) {
        refresher.requested(session, "reinitialized");
        events.onReinitialized(this, session, ownerOf(session));
    }

    @Override
    public void onClosed(UpstreamSession session, String reason) {
        refresher.forget(session);
        if (session != shared || stopped.get()) {
            return;
        }
        LOG.warn("backend `{}` disconnected: {}", name(), reason);
        lastError = reason;
        boolean diedSoon = System.nanoTime() - sharedOpenedAtNanos < STABLE_AFTER.toNanos();
        quickCrashes = diedSoon ? quickCrashes + 1 : 0;
        setStatus(Status.UNAVAILABLE);
        // One crash: restart at once on the next use (and soon in the background). A session that keeps dying
        // right after it opens is a crash loop: restarts then wait out a growing, jittered backoff.
        Duration delay = backoff.delay(Math.max(0, quickCrashes - 1));
        nextAttemptNanos = quickCrashes > 1 ? System.nanoTime() + delay.toNanos() : 0;
        scheduleReconnect(delay);
    }

    private ClientSession ownerOf(UpstreamSession session) {
        return perClient() ? owners.get(session) : null;
    }

    // ---- catalog refresh ----

    private BackendCatalog currentCatalog(UpstreamSession session) {
        ClientSession owner = ownerOf(session);
        return owner == null ? sharedCatalog : catalog(owner);
    }

    private void replaceCatalog(UpstreamSession session, BackendCatalog refreshed, Set<BackendCatalog.Kind> changed) {
        ClientSession owner = ownerOf(session);
        if (owner == null) {
            if (session != shared) {
                return; // a session that was replaced meanwhile
            }
            sharedCatalog = refreshed;
        } else {
            PerClient pc = perClient.get(owner);
            if (pc == null) {
                return;
            }
            pc.catalog = refreshed;
        }
        events.onCatalogChanged(this, owner, changed);
    }

    private void setStatus(Status newStatus) {
        Status old = status;
        status = newStatus;
        if (old != newStatus) {
            events.onStatusChanged(this);
        }
    }

    @Override
    public String toString() {
        return "backend `" + name() + "`";
    }

    /** One client's own upstream session (per_client mode). */
    private final class PerClient {
        final ClientSession client;
        final CompletableFuture<UpstreamSession> session = new CompletableFuture<>();
        volatile BackendCatalog catalog = BackendCatalog.EMPTY;

        PerClient(ClientSession client) {
            this.client = client;
        }

        void open() {
            try {
                UpstreamSession opened = Backend.this.open(handshakeFor(client));
                owners.put(opened, client);
                catalog = CatalogFetcher.fetch(opened, openTimeout());
                if (!session.complete(opened) || client.isClosed()) {
                    opened.close();
                    return;
                }
                refresher.installed(opened);
                Set<BackendCatalog.Kind> changed = catalog.changedSince(BackendCatalog.EMPTY);
                if (!changed.isEmpty()) {
                    events.onCatalogChanged(Backend.this, client, changed);
                }
            } catch (UpstreamException | RuntimeException e) {
                if (e instanceof PermanentFailureException permanent) {
                    recordPermanentFailure(permanent);
                }
                LOG.warn("backend `{}`: could not open a session for {}: {}", name(), client, e.getMessage());
                session.completeExceptionally(e instanceof UpstreamException upstream ? unavailable(upstream) : e);
            }
        }

        UpstreamSession await(Duration timeout) throws UpstreamException {
            try {
                return session.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallCancelledException("interrupted");
            } catch (TimeoutException e) {
                throw new UpstreamException("backend `" + name() + "` did not open a session within " + Durations.format(timeout), false);
            } catch (ExecutionException e) {
                perClient.remove(client, this);
                if (e.getCause() instanceof UpstreamException upstream) {
                    throw upstream;
                }
                throw new UpstreamException("backend `" + name() + "` failed to open a session: " + e.getCause(), false, e.getCause());
            }
        }

        UpstreamSession openedOrNull() {
            return session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
        }

        void close() {
            if (!session.completeExceptionally(new UpstreamException("client session ended", false))) {
                UpstreamSession opened = openedOrNull();
                if (opened != null) {
                    owners.remove(opened);
                    opened.close();
                }
            }
        }
    }
}
