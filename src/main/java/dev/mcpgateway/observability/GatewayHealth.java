package dev.mcpgateway.observability;

import dev.mcpgateway.GatewayVersion;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.config.ServerConfig;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.session.SessionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The answers of the health and status endpoints, computed from the live gateway.
 *
 * <ul>
 *   <li><b>/health/live</b>: 200 while the process runs.
 *   <li><b>/health/ready</b>: 200 when the configuration is loaded (always, once serving), the MCP
 *       listener is up and not shutting down, and every backend named in
 *       {@code server.ready_requires} ({@code "*"}: every enabled one) is healthy; else 503 with the reasons.
 *   <li><b>/health</b>: {@code healthy} (every enabled backend healthy, or none configured),
 *       {@code degraded} (some but not all healthy: the rest keep working) or {@code unhealthy}
 *       (no enabled backend is healthy, or the gateway is shutting down). 200 for healthy and
 *       degraded, 503 for unhealthy. A backend is healthy when it is connected, its recent calls
 *       succeed and its circuit is not open.
 *   <li><b>/health/backends</b>: each backend's full figures ({@link BackendSnapshot}).
 *   <li><b>/api/status</b>: version, uptime, sessions, and per backend its health, circuit state and request count.
 * </ul>
 * None of them show configuration values (commands, URLs, headers, environment): only names,
 * transports, states and counts.
 */
public final class GatewayHealth {

    /** An answer: HTTP status and JSON body. */
    public record Answer(int status, JsonValue body) {}

    private final List<Backend> backends;
    private final Supplier<BackendHealthSource> health;
    private final List<String> readyRequires;
    private final SessionRegistry sessions;
    private final BooleanSupplier listening;
    private final BooleanSupplier stopping;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();

    /**
     * @param listening whether the MCP listener (HTTP or stdio) is up
     * @param stopping whether a graceful shutdown has begun
     */
    public GatewayHealth(List<Backend> backends, Supplier<BackendHealthSource> health, List<String> readyRequires,
            SessionRegistry sessions, BooleanSupplier listening, BooleanSupplier stopping) {
        this.backends = backends.stream().filter(b -> b.config().enabled()).toList();
        this.health = health;
        this.readyRequires = List.copyOf(readyRequires);
        this.sessions = sessions;
        this.listening = listening;
        this.stopping = stopping;
    }

    public Answer live() {
        return new Answer(200, new JsonWriter(32).beginObject().member("status", "live").endObject().toJsonValue());
    }

    public Answer ready() {
        List<String> reasons = new ArrayList<>();
        if (stopping.getAsBoolean()) {
            reasons.add("the gateway is shutting down");
        } else if (!listening.getAsBoolean()) {
            reasons.add("the MCP listener is not up");
        }
        List<String> required = readyRequires.contains(ServerConfig.ALL_BACKENDS)
                ? backends.stream().map(Backend::name).toList() : readyRequires;
        Map<String, Boolean> checked = new LinkedHashMap<>();
        for (Backend backend : backends) {
            if (required.contains(backend.name())) {
                boolean healthy = health.get().snapshot(backend).healthy();
                checked.put(backend.name(), healthy);
                if (!healthy) {
                    reasons.add("backend `" + backend.name() + "` is not healthy");
                }
            }
        }
        JsonWriter w = new JsonWriter(256).beginObject().member("status", reasons.isEmpty() ? "ready" : "not_ready");
        w.name("required_backends").beginObject();
        checked.forEach((name, healthy) -> w.member(name, healthy ? "healthy" : "unhealthy"));
        w.endObject();
        w.name("reasons").beginArray();
        reasons.forEach(w::value);
        w.endArray();
        return new Answer(reasons.isEmpty() ? 200 : 503, w.endObject().toJsonValue());
    }

    public Answer summary() {
        List<BackendSnapshot> snapshots = snapshots();
        long healthy = snapshots.stream().filter(BackendSnapshot::healthy).count();
        boolean down = stopping.getAsBoolean() || (!snapshots.isEmpty() && healthy == 0);
        String status = down ? "unhealthy" : healthy == snapshots.size() ? "healthy" : "degraded";
        JsonWriter w = new JsonWriter(512).beginObject()
                .member("status", status)
                .member("version", GatewayVersion.get())
                .member("uptime_seconds", uptime().toSeconds())
                .member("healthy_backends", healthy)
                .member("enabled_backends", snapshots.size());
        if (stopping.getAsBoolean()) {
            w.member("reason", "the gateway is shutting down");
        }
        w.name("backends").beginObject();
        for (BackendSnapshot s : snapshots) {
            w.name(s.backend()).beginObject()
                    .member("healthy", s.healthy())
                    .member("status", s.status())
                    .member("circuit_state", s.circuitState())
                    .member("transport", s.transport())
                    .endObject();
        }
        w.endObject();
        return new Answer(down ? 503 : 200, w.endObject().toJsonValue());
    }

    public Answer backends() {
        BackendHealthSource source = health.get();
        JsonWriter w = new JsonWriter(1024).beginObject();
        for (Backend backend : backends) {
            w.member(backend.name(), source.details(backend));
        }
        return new Answer(200, w.endObject().toJsonValue());
    }

    public Answer status() {
        JsonWriter w = new JsonWriter(1024).beginObject()
                .member("name", "mcp-gateway")
                .member("version", GatewayVersion.get())
                .member("started_at", startedAt.toString())
                .member("uptime_seconds", uptime().toSeconds());
        w.name("sessions").beginObject().member("active", sessions.size()).endObject();
        w.name("backends").beginArray();
        for (BackendSnapshot s : snapshots()) {
            w.beginObject()
                    .member("name", s.backend())
                    .member("transport", s.transport())
                    .member("status", s.status())
                    .member("healthy", s.healthy())
                    .member("circuit_state", s.circuitState())
                    .member("request_count", s.requestCount())
                    .member("in_flight", s.inFlight())
                    .member("queued", s.queued())
                    .endObject();
        }
        w.endArray();
        return new Answer(200, w.endObject().toJsonValue());
    }

    private List<BackendSnapshot> snapshots() {
        BackendHealthSource source = health.get();
        return backends.stream().map(source::snapshot).toList();
    }

    private Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** One backend's figures, with the field names of the failsafe's HealthMetrics. */
    static void writeSnapshot(JsonWriter w, BackendSnapshot s) {
        w.beginObject()
                .member("backend", s.backend())
                .member("transport", s.transport())
                .member("status", s.status())
                .member("healthy", s.healthy());
        w.name("circuit").beginObject()
                .member("state", s.circuitState())
                .member("retry_after_ms", s.retryAfterMs())
                .member("trips_count", s.tripsCount())
                .endObject();
        w.member("request_count", s.requestCount())
                .member("success_count", s.successCount())
                .member("failure_count", s.failureCount())
                .member("consecutive_failures", s.consecutiveFailures())
                .member("in_flight", s.inFlight())
                .member("queued", s.queued());
        instant(w, "last_success", s.lastSuccess());
        instant(w, "last_failure", s.lastFailure());
        w.name("latency_ms").beginObject();
        number(w, "p50", s.p50Ms());
        number(w, "p95", s.p95Ms());
        number(w, "p99", s.p99Ms());
        w.endObject();
        w.name("rejections").beginObject();
        for (Map.Entry<String, Long> e : s.rejections().entrySet()) {
            w.member(e.getKey(), e.getValue());
        }
        w.endObject();
        w.member("restarts", s.restarts());
        if (s.lastError() != null) {
            // a backend may echo a credential in an error body: scrub it like a log line
            w.member("last_error", LogRedaction.scrub(s.lastError()));
        } else {
            w.name("last_error").nullValue();
        }
        w.endObject();
    }

    private static void instant(JsonWriter w, String name, Instant at) {
        if (at == null) {
            w.name(name).nullValue();
            w.name(name + "_epoch_ms").nullValue();
        } else {
            w.member(name, at.toString());
            w.member(name + "_epoch_ms", at.toEpochMilli());
        }
    }

    private static void number(JsonWriter w, String name, Double value) {
        if (value == null) {
            w.name(name).nullValue();
        } else {
            w.name(name).value((double) value);
        }
    }
}
