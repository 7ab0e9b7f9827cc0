package dev.mcpgateway.failsafe;

import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.routing.GatewayErrors;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One backend's health at one moment: an immutable snapshot, cheap to take, for
 * {@code gateway_list_servers}, health endpoints and metrics.
 *
 * <p>Counts are of calls the gateway sent to the backend (each retry is a call); rejected calls
 * are counted apart, by reason. Active health checks move {@code healthy},
 * {@code consecutiveFailures} and the last success and failure, but are not calls.
 *
 * @param transport {@code stdio}, {@code streamable_http} or {@code sse}
 * @param healthy false after {@code health_check.unhealthy_threshold} failures in a row; the first success makes it true again
 * @param successCount calls the backend answered (tool results with {@code isError: true} included)
 * @param failureCount calls that failed (transport errors, timeouts, HTTP 5xx, crashes, garbage, -32603 if counted)
 * @param lastSuccess when a call or health check last succeeded, or null
 * @param lastFailure when a call or health check last failed, or null
 * @param latencyWindow percentiles over the sliding window (the last 60 s)
 * @param latencySinceStart percentiles over every call since the gateway started
 * @param requestCount calls sent: successes, failures and calls that count as neither (cancelled, HTTP 429)
 * @param inFlight calls sent and not yet answered
 * @param queued calls waiting in the bulkhead's line for a slot (0 without a bulkhead)
 * @param rejections calls the failsafe refused, by reason ({@code circuit_open}, {@code rate_limited}, {@code overloaded})
 * @param restarts how often the backend's session was replaced (crashed or unresponsive child restarted, HTTP session reconnected)
 */
public record HealthMetrics(
        String backend,
        boolean healthy,
        long successCount,
        long failureCount,
        int consecutiveFailures,
        Timestamp lastSuccess,
        Timestamp lastFailure,
        Latency latencyWindow,
        Latency latencySinceStart,
        long requestCount,
        int inFlight,
        int queued,
        Map<GatewayErrors.Reason, Long> rejections,
        Circuit circuit,
        int restarts,
        String transport) {

    public HealthMetrics {
        rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** A moment, in both forms: ISO-8601 (UTC) for people, epoch milliseconds for programs. */
    public record Timestamp(String iso, long epochMs) {

        /** Null for a negative value ("never"). */
        static Timestamp ofEpochMillis(long epochMs) {
            return epochMs < 0 ? null : new Timestamp(Instant.ofEpochMilli(epochMs).toString(), epochMs);
        }
    }

    /**
     * Latency percentiles in milliseconds (microsecond resolution, 1% precision).
     *
     * @param windowMs the window they cover, or 0 for "since start"
     * @param count calls measured
     */
    public record Latency(long windowMs, long count, double p50Ms, double p95Ms, double p99Ms) {}

    /**
     * @param retryAfterMs while open, milliseconds until trial calls are let through; else 0
     * @param tripsCount how many times the breaker opened since start
     */
    public record Circuit(CircuitState state, long retryAfterMs, long tripsCount) {}

    /** Rejections for {@code reason} (0 if none). */
    public long rejected(GatewayErrors.Reason reason) {
        return rejections.getOrDefault(reason, 0L);
    }

    /** The snapshot as JSON, keys in snake_case as in the configuration. */
    public JsonValue toJson() {
        JsonWriter w = new JsonWriter(768).beginObject()
                .member("backend", backend)
                .member("transport", transport)
                .member("healthy", healthy)
                .member("success_count", successCount)
                .member("failure_count", failureCount)
                .member("consecutive_failures", consecutiveFailures);
        timestamp(w, "last_success", lastSuccess);
        timestamp(w, "last_failure", lastFailure);
        w.member("request_count", requestCount).member("in_flight", inFlight).member("queued", queued);
        latency(w, "latency", latencyWindow);
        latency(w, "latency_since_start", latencySinceStart);
        w.name("rejections").beginObject();
        for (Map.Entry<GatewayErrors.Reason, Long> e : rejections.entrySet()) {
            w.member(e.getKey().wireName(), e.getValue());
        }
        w.endObject();
        w.name("circuit").beginObject().member("state", circuit.state().wireName()).member("retry_after_ms", circuit.retryAfterMs())
                .member("trips_count", circuit.tripsCount()).endObject();
        w.member("restarts", restarts);
        return w.endObject().toJsonValue();
    }

    private static void timestamp(JsonWriter w, String name, Timestamp t) {
        if (t == null) {
            w.name(name).nullValue();
            w.name(name + "_ms").nullValue();
        } else {
            w.member(name, t.iso()).member(name + "_ms", t.epochMs());
        }
    }

    static void latency(JsonWriter w, String name, Latency l) {
        w.name(name).beginObject();
        if (l.windowMs() > 0) {
            w.member("window_ms", l.windowMs());
        }
        w.member("count", l.count());
        w.name("p50_ms").value(l.p50Ms()).name("p95_ms").value(l.p95Ms()).name("p99_ms").value(l.p99Ms()).endObject();
    }
}
