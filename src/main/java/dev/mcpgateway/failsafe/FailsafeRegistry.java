package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.config.HealthCheckConfig;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.routing.BackendAvailability;
import dev.mcpgateway.routing.CallStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failsafe of every backend: one {@link BackendGuard} per backend, the two pipeline stages
 * that apply them, the active health checks, and the read side for everything else (health
 * snapshots, availability for routing, events for metrics and tracing).
 *
 * <p>Wiring (see {@code Gateway}): {@link #observing} wraps the routing layer's backend events
 * before the backends are built; {@link #register} the backends; put {@link #stages()} in the
 * call pipeline; pass the registry as the dispatcher's {@link BackendAvailability}; then
 * {@link #start} the health checks. {@link #close()} stops them.
 *
 * <p>Stage order, outermost first: {@code RetryStage} (deadline, retries) around
 * {@code GuardStage} (breaker, rate limit, bulkhead, outcome). So every retry is a call of its own
 * for the breaker, the limits and the health record, and the gateway's own rejections end the
 * retrying instead of being retried.
 */
public final class FailsafeRegistry implements BackendAvailability, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailsafeRegistry.class);

    /** Latency percentiles in {@link HealthMetrics} cover this much recent time. */
    public static final Duration DEFAULT_LATENCY_WINDOW = Duration.ofSeconds(60);

    private final FailsafeClock clock;
    private final long latencyWindowNanos;
    private final FailsafeEvents events = new FailsafeEvents();
    private final ConcurrentMap<Backend, BackendGuard> guards = new ConcurrentHashMap<>();
    private final List<BackendGuard> ordered = new CopyOnWriteArrayList<>();
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    private final List<CallStage> stages;
    private volatile BackendEvents routing;
    private volatile boolean closed;

    public FailsafeRegistry() {
        this(FailsafeClock.SYSTEM, DEFAULT_LATENCY_WINDOW);
    }

    public FailsafeRegistry(FailsafeClock clock, Duration latencyWindow) {
        this(clock, latencyWindow, Pause.PARKING);
    }

    FailsafeRegistry(FailsafeClock clock, Duration latencyWindow, Pause pause) {
        this.clock = clock;
        this.latencyWindowNanos = latencyWindow.toNanos();
        this.stages = List.of(new RetryStage(this::guardFor, clock, pause), new GuardStage(this::guardFor, clock));
    }

    /**
     * The backend events to give the backends: everything reaches {@code routing} unchanged; status
     * changes and restarts also reach the failsafe, which announces list changes through
     * {@code routing} when {@code hide_unavailable_tools} hides or shows a backend's tools.
     */
    public BackendEvents observing(BackendEvents routing) {
        this.routing = routing;
        return new ObservedBackendEvents(routing, this);
    }

    /** Sets up the failsafe of {@code backends} now (a backend not registered gets it on first use). */
    public void register(List<Backend> backends) {
        backends.forEach(this::guardFor);
    }

    /** The failsafe stages of the call pipeline, outermost first: retries around the per-attempt guard. */
    public List<CallStage> stages() {
        return stages;
    }

    /**
     * Starts the timers on {@code scheduler}: each enabled backend's active health check every
     * {@code health_check.interval} (first one at a random point in the first interval, so
     * backends are not all pinged at once), and the rotation of the latency windows.
     */
    public void start(ScheduledExecutorService scheduler) {
        long slot = 0;
        for (BackendGuard guard : ordered) {
            guard.useTimer(scheduler);
            slot = guard.health().latencySlotNanos();
            HealthCheckConfig check = guard.backend().config().failsafe().healthCheck();
            if (!guard.backend().config().enabled() || !check.enabled()) {
                continue;
            }
            long interval = check.interval().toNanos();
            long first = ThreadLocalRandom.current().nextLong(interval / 2, interval + 1);
            timers.add(scheduler.scheduleWithFixedDelay(() -> safely("health check of `" + guard.name() + "`", guard::checkHealth),
                    first, interval, TimeUnit.NANOSECONDS));
        }
        if (slot > 0) {
            timers.add(scheduler.scheduleAtFixedRate(() -> safely("latency window rotation", this::rotateLatencyWindows),
                    slot, slot, TimeUnit.NANOSECONDS));
        }
    }

    private void rotateLatencyWindows() {
        for (BackendGuard guard : ordered) {
            guard.health().rotate();
        }
    }

    private void safely(String what, Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            // a timer task that throws is never run again: keep it alive
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    BackendGuard guardFor(Backend backend) {
        BackendGuard guard = guards.get(backend);
        if (guard != null) {
            return guard;
        }
        return guards.computeIfAbsent(backend, b -> {
            BackendGuard created = new BackendGuard(b, clock, events, latencyWindowNanos);
            created.onAvailabilityChange(() -> availabilityChanged(b));
            ordered.add(created);
            return created;
        });
    }

    /** {@code hide_unavailable_tools}: tell clients the lists changed when a backend's tools are hidden or shown again. */
    private void availabilityChanged(Backend backend) {
        BackendEvents target = routing;
        if (target != null && backend.config().failsafe().hideUnavailableTools()) {
            target.onCatalogChanged(backend, null, EnumSet.allOf(BackendCatalog.Kind.class));
        }
    }

    void statusChanged(Backend backend) {
        BackendGuard guard = guards.get(backend);
        if (guard != null) {
            guard.reassess();
        }
    }

    void restarted(Backend backend, String cause) {
        events.restarted(backend.name(), cause);
    }

    // ---- the read side ----

    /** Health of every registered backend, in registration (configuration) order. */
    public List<HealthMetrics> health() {
        List<HealthMetrics> out = new ArrayList<>(ordered.size());
        for (BackendGuard guard : ordered) {
            out.add(guard.metrics());
        }
        return out;
    }

    /** Health of one backend by name. */
    public Optional<HealthMetrics> health(String backend) {
        for (BackendGuard guard : ordered) {
            if (guard.name().equals(backend)) {
                return Optional.of(guard.metrics());
            }
        }
        return Optional.empty();
    }

    /**
     * The circuit state a call to {@code backend} meets now, without taking a health snapshot (cheap
     * enough for every call: tracing records it per attempt); {@code CLOSED} for a backend not registered.
     */
    public CircuitState circuitState(Backend backend) {
        BackendGuard guard = guards.get(backend);
        return guard == null ? CircuitState.CLOSED : guard.breaker().snapshot().state();
    }

    /** Subscribes to failsafe events (circuit transitions, rejections, retries, health changes, restarts, calls). */
    public void addListener(FailsafeListener listener) {
        events.add(listener);
    }

    public void removeListener(FailsafeListener listener) {
        events.remove(listener);
    }

    @Override
    public Unavailable unavailable(Backend backend) {
        BackendGuard guard = guards.get(backend);
        return guard == null ? null : guard.unavailable();
    }

    /** {@code gateway_list_servers}: health, circuit and restarts of the backend. */
    @Override
    public void describe(Backend backend, JsonWriter server) {
        BackendGuard guard = guards.get(backend);
        if (guard == null) {
            return;
        }
        HealthMetrics m = guard.metrics();
        server.name("health").beginObject()
                .member("healthy", m.healthy())
                .member("consecutive_failures", m.consecutiveFailures());
        if (m.lastSuccess() != null) {
            server.member("last_success", m.lastSuccess().iso());
        }
        if (m.lastFailure() != null) {
            server.member("last_failure", m.lastFailure().iso());
        }
        server.member("in_flight", m.inFlight()).member("queued", m.queued());
        HealthMetrics.latency(server, "latency", m.latencyWindow());
        server.endObject();
        server.name("circuit").beginObject().member("state", m.circuit().state().wireName());
        if (m.circuit().retryAfterMs() > 0) {
            server.member("retry_after_ms", m.circuit().retryAfterMs());
        }
        server.member("trips_count", m.circuit().tripsCount()).endObject();
        server.member("restarts", m.restarts());
    }

    /** Stops the timers (running health checks end within their timeout). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (ScheduledFuture<?> timer : timers) {
            timer.cancel(false);
        }
        timers.clear();
    }
}
