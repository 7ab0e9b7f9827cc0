package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.failsafe.CircuitState;
import dev.mcpgateway.failsafe.FailsafeRegistry;
import dev.mcpgateway.failsafe.HealthMetrics;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.GatewayErrors;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Backend health as the failsafe sees it ({@link HealthMetrics}: breaker, counts, latency
 * percentiles, rejections, restarts), with the connection status and last error the backend
 * itself knows. A backend counts as healthy when the failsafe's record says so, it is connected
 * and its circuit is not open; {@code /health/backends} shows {@code healthy} in that sense too.
 */
final class FailsafeHealthSource implements BackendHealthSource {

    private final FailsafeRegistry failsafe;

    FailsafeHealthSource(FailsafeRegistry failsafe) {
        this.failsafe = failsafe;
    }

    @Override
    public BackendSnapshot snapshot(Backend backend) {
        HealthMetrics m = failsafe.health(backend.name()).orElse(null);
        String status = backend.status().name().toLowerCase(Locale.ROOT);
        if (m == null) {
            return new BackendSnapshot(backend.name(), backend.transportName(), status, backend.status() == Backend.Status.READY,
                    BackendSnapshot.CLOSED, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, Map.of(), backend.restarts(), backend.lastError());
        }
        Map<String, Long> rejections = new LinkedHashMap<>();
        for (Map.Entry<GatewayErrors.Reason, Long> e : m.rejections().entrySet()) {
            rejections.put(e.getKey().wireName(), e.getValue());
        }
        boolean healthy = healthy(backend, m);
        HealthMetrics.Latency window = m.latencyWindow();
        boolean measured = window != null && window.count() > 0;
        return new BackendSnapshot(backend.name(), m.transport(), status, healthy, m.circuit().state().wireName(),
                m.circuit().retryAfterMs(), m.circuit().tripsCount(), m.requestCount(), m.successCount(), m.failureCount(),
                m.consecutiveFailures(), m.inFlight(), m.queued(), instant(m.lastSuccess()), instant(m.lastFailure()),
                measured ? window.p50Ms() : null, measured ? window.p95Ms() : null, measured ? window.p99Ms() : null,
                rejections, m.restarts(), backend.lastError());
    }

    private static boolean healthy(Backend backend, HealthMetrics m) {
        return m.healthy() && backend.status() == Backend.Status.READY && m.circuit().state() != CircuitState.OPEN;
    }

    @Override
    public String circuitState(Backend backend) {
        return failsafe.circuitState(backend).wireName();
    }

    /** The failsafe's own JSON ({@link HealthMetrics#toJson()}), plus the connection status and last error. */
    @Override
    public JsonValue details(Backend backend) {
        HealthMetrics m = failsafe.health(backend.name()).orElse(null);
        if (m == null) {
            return BackendHealthSource.super.details(backend);
        }
        // "healthy" as everywhere else in the gateway (endpoints, gauges, readiness): the failsafe's record, a live
        // connection and a circuit that is not open; a backend that never connected has no failed calls yet
        JsonObjectEdit edit = JsonObjectEdit.of(m.toJson())
                .set("healthy", JsonValue.parse(Boolean.toString(healthy(backend, m))))
                .set("status", backend.status().name().toLowerCase(Locale.ROOT));
        String lastError = backend.lastError();
        edit.set("last_error", lastError == null ? JsonValue.NULL : JsonValue.string(LogRedaction.scrub(lastError)));
        return edit.apply();
    }

    private static Instant instant(HealthMetrics.Timestamp t) {
        return t == null ? null : Instant.ofEpochMilli(t.epochMs());
    }
}
