package dev.mcpgateway.observability;

import java.time.Instant;
import java.util.Map;

/**
 * One backend's health as the endpoints and gauges report it, at one moment.
 *
 * @param status the connection status ({@code starting}, {@code ready}, {@code unavailable}, {@code disabled}, {@code stopped})
 * @param healthy whether calls to it are expected to work now
 * @param circuitState {@code closed}, {@code open} or {@code half_open}
 * @param retryAfterMs while the circuit is open, how long until it lets a trial call through; else 0
 * @param queued calls waiting in the gateway for a bulkhead slot
 * @param p50Ms latency percentiles in milliseconds over the recent window, or null if unknown
 * @param rejections calls refused by the gateway's own protection, by reason
 * @param lastError the last connection error (never carries secrets), or null
 */
public record BackendSnapshot(
        String backend,
        String transport,
        String status,
        boolean healthy,
        String circuitState,
        long retryAfterMs,
        long tripsCount,
        long requestCount,
        long successCount,
        long failureCount,
        long consecutiveFailures,
        long inFlight,
        long queued,
        Instant lastSuccess,
        Instant lastFailure,
        Double p50Ms,
        Double p95Ms,
        Double p99Ms,
        Map<String, Long> rejections,
        long restarts,
        String lastError) {

    public static final String CLOSED = "closed";
    public static final String OPEN = "open";
    public static final String HALF_OPEN = "half_open";

    public BackendSnapshot {
        rejections = Map.copyOf(rejections);
    }
}
