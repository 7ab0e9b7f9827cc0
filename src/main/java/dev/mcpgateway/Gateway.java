package dev.mcpgateway;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.config.ServerConfig;
import dev.mcpgateway.failsafe.FailsafeRegistry;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.observability.AdminEndpoints;
import dev.mcpgateway.observability.LogRedaction;
import dev.mcpgateway.observability.Observability;
import dev.mcpgateway.observability.Telemetry;
import dev.mcpgateway.routing.BackendMessageRouter;
import dev.mcpgateway.routing.CallPipeline;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.routing.Dispatcher;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.SessionRegistry;
import dev.mcpgateway.transport.http.GatewayHttpServer;
import dev.mcpgateway.transport.http.McpHttpHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: its backends, client sessions, dispatcher and (unless it serves stdio only)
 * its HTTP listener. Built from a validated {@link GatewayConfig}.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** Page size of aggregated lists. */
    static final int PAGE_SIZE = 100;
    /** How long a list waits for backends that are still starting, so early clients see every tool. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final ScheduledExecutorService scheduler;
    private final SessionRegistry sessions;
    private final List<Backend> backends;
    private final Dispatcher dispatcher;
    private final FailsafeRegistry failsafe;
    private final GatewayHttpServer http;
    private final TransportFactory transports;
    private final Observability observability;
    private final boolean servesHttp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(GatewayConfig config, TransportFactory transports, boolean serveHttp, Telemetry telemetry) throws Exception {
        this.config = config;
        this.transports = transports;
        this.servesHttp = serveHttp;
        checkPrefixes(config);
        LogRedaction.registerSecretsOf(config);
        this.observability = new Observability(telemetry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-scheduler").factory());
        this.sessions = new SessionRegistry(config.server().sessionIdleTimeout());
        BackendMessageRouter router = new BackendMessageRouter(sessions);
        this.failsafe = new FailsafeRegistry();
        // backends report to the failsafe (availability, restarts), then to observability (log fields, span events), then to routing
        BackendEvents events = failsafe.observing(observability.observe(router));
        JsonValue clientInfo = new JsonWriter(64).beginObject().member("name", "mcp-gateway").member("version", GatewayVersion.get()).endObject().toJsonValue();
        List<Backend> all = new ArrayList<>();
        for (BackendConfig backend : config.backends().values()) {
            all.add(new Backend(backend, transports, events, clientInfo, scheduler));
        }
        this.backends = List.copyOf(all);
        failsafe.register(backends);
        JsonValue serverInfo = new JsonWriter(96).beginObject().member("name", "mcp-gateway").member("title", "MCP Gateway")
                .member("version", GatewayVersion.get()).endObject().toJsonValue();
        Dispatcher.Settings settings = new Dispatcher.Settings(config.metaMcp().enabled(), config.metaMcp().surfacedTools(), PAGE_SIZE,
                STARTUP_WAIT, serverInfo);
        // Outermost first: the call observer counts each logical call once, the failsafe retries and guards each
        // attempt, the attempt tracer (last, next to the backend) traces every attempt that was let through.
        List<CallStage> stages = new ArrayList<>();
        stages.add(observability.callObserver());
        stages.addAll(failsafe.stages());
        stages.add(observability.attemptTracer());
        this.dispatcher = new Dispatcher(settings, backends, new CallPipeline(stages), router, failsafe, observability.requestObserver());
        observability.useFailsafe(failsafe);
        AdminEndpoints admin = observability.bind(backends, sessions, config.server().readyRequires(), this::listening, closed::get);
        backends.forEach(Backend::start);
        failsafe.start(scheduler);
        ServerConfig server = config.server();
        if (serveHttp || server.adminPort().isPresent()) {
            McpHttpHandler mcp = serveHttp ? new McpHttpHandler(dispatcher, sessions, server.host(), server.allowedOrigins(),
                    server.allowedHosts(), server.maxBodyBytes()) : null;
            this.http = new GatewayHttpServer(server.host(), serveHttp ? OptionalInt.of(server.port()) : OptionalInt.empty(),
                    server.adminPort(), mcp, admin);
            try {
                http.start();
            } catch (Exception e) {
                failsafe.close();
                stopBackends();
                scheduler.shutdownNow();
                observability.close();
                throw e;
            }
        } else {
            this.http = null;
        }
    }

    /**
     * Starts backends (in the background) and, if {@code serveHttp}, the HTTP listener; tracing as
     * {@code telemetry:} and the {@code OTEL_*} environment variables say.
     */
    public static Gateway start(GatewayConfig config, TransportFactory transports, boolean serveHttp) throws Exception {
        return start(config, transports, serveHttp, Telemetry.fromConfig(config.telemetry(), System.getenv()));
    }

    /** As {@link #start(GatewayConfig, TransportFactory, boolean)}, with the given tracing (closed with the gateway). */
    public static Gateway start(GatewayConfig config, TransportFactory transports, boolean serveHttp, Telemetry telemetry) throws Exception {
        try {
            return new Gateway(config, transports, serveHttp, telemetry);
        } catch (Exception | Error e) {
            telemetry.close();
            throw e;
        }
    }

    /** Whether the MCP listener is up: the HTTP listener, or (stdio) the gateway itself until shutdown. */
    private boolean listening() {
        if (closed.get()) {
            return false;
        }
        return !servesHttp || (http != null && http.isRunning());
    }

    /**
     * Two backends with the same non-empty prefix would expose clashing names: refuse to start.
     * (Empty prefixes are an explicit choice; clashes among them are resolved at runtime.)
     */
    private static void checkPrefixes(GatewayConfig config) {
        Map<String, String> owners = new HashMap<>();
        for (BackendConfig backend : config.backends().values()) {
            if (!backend.enabled() || backend.prefix().isEmpty()) {
                continue;
            }
            String other = owners.putIfAbsent(backend.prefix(), backend.name());
            if (other != null) {
                throw new IllegalArgumentException("backends `" + other + "` and `" + backend.name() + "` both use the tool prefix `"
                        + backend.prefix() + "`, so their tool and prompt names would collide; give one of them a different `prefix:`");
            }
        }
    }

    /**
     * Waits (bounded) until every backend has finished its first connection attempt, successful
     * or not. Serving does not depend on it; it tells when the catalog is complete.
     */
    public void awaitStartup(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Backend backend : backends) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            backend.awaitFirstAttempt(Duration.ofNanos(left));
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public List<Backend> backends() {
        return backends;
    }

    /** The backends' failsafe: health snapshots ({@link FailsafeRegistry#health()}) and events for metrics and tracing. */
    public FailsafeRegistry failsafe() {
        return failsafe;
    }

    /** The HTTP listener (MCP and/or admin port), or null in stdio mode without an admin port. */
    public GatewayHttpServer http() {
        return http;
    }

    /** Metrics, tracing and the operator endpoints. */
    public Observability observability() {
        return observability;
    }

    /**
     * Graceful shutdown: refuse new MCP requests, let requests in flight finish (up to
     * {@code drainTimeout}), end the sessions and their streams, stop the listener, then stop every
     * backend (children get stdin closed, then SIGTERM, then SIGKILL). Idempotent.
     */
    public void shutdown(Duration drainTimeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (http != null) {
            http.drain();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int abandoned = inFlight();
        if (abandoned > 0) {
            LOG.warn("shutting down with {} request(s) still in flight after {}", abandoned, drainTimeout);
        }
        sessions.close();
        if (http != null) {
            try {
                http.close();
            } catch (Exception e) {
                LOG.warn("stopping the HTTP listener failed: {}", e.toString());
            }
        }
        failsafe.close();
        stopBackends();
        scheduler.shutdownNow();
        if (transports instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing backend transports failed: {}", e.toString());
            }
        }
        observability.close();
    }

    private int inFlight() {
        int total = 0;
        for (ClientSession session : sessions.all()) {
            total += session.inFlightCount();
        }
        return total;
    }

    /** Stops every backend in parallel (each may take a few seconds to terminate its child). */
    private void stopBackends() {
        List<Thread> stopping = new ArrayList<>();
        for (Backend backend : backends) {
            stopping.add(Thread.ofVirtual().name("stop-" + backend.name()).start(backend::stop));
        }
        for (Thread thread : stopping) {
            try {
                thread.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        shutdown(config.server().shutdownTimeout());
    }
}
