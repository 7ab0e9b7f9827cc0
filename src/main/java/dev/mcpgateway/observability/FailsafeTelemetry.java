package dev.mcpgateway.observability;

import dev.mcpgateway.failsafe.CircuitTransition;
import dev.mcpgateway.failsafe.FailsafeListener;
import dev.mcpgateway.routing.GatewayErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;

/**
 * Turns what the failsafe does into metrics (transitions, rejections, retries) and span events.
 * Events land on the span current on the thread that caused them: a rejection or retry on the
 * request's SERVER span, a transition on the span of the request whose outcome moved the breaker
 * (transitions caused by a health check or a timer have no span, only the counter and the log line
 * the failsafe writes).
 */
final class FailsafeTelemetry implements FailsafeListener {

    static final String CIRCUIT_TRANSITION = "mcp_gateway.circuit.transition";
    static final String REJECTED = "mcp_gateway.call.rejected";
    static final String RETRY = "mcp_gateway.call.retry";
    static final String HEALTH_CHANGED = "mcp_gateway.backend.health_changed";

    private static final AttributeKey<String> FROM = AttributeKey.stringKey("from");
    private static final AttributeKey<String> TO = AttributeKey.stringKey("to");
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
    private static final AttributeKey<Long> CONSECUTIVE_FAILURES = AttributeKey.longKey("consecutive_failures");
    private static final AttributeKey<Long> TRIPS = AttributeKey.longKey("trips_count");
    private static final AttributeKey<Long> OPEN_MS = AttributeKey.longKey("open_ms");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    private static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("retry_after_ms");
    private static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("delay_ms");
    private static final AttributeKey<Boolean> HEALTHY = AttributeKey.booleanKey("healthy");

    private final GatewayMetrics metrics;

    FailsafeTelemetry(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onCircuitTransition(CircuitTransition t) {
        metrics.circuitTransition(t.backend(), t.from().wireName(), t.to().wireName());
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(CIRCUIT_TRANSITION, Attributes.builder()
                    .put(McpAttributes.BACKEND, t.backend())
                    .put(FROM, t.from().wireName())
                    .put(TO, t.to().wireName())
                    .put(CAUSE, LogRedaction.scrub(t.cause()))
                    .put(CONSECUTIVE_FAILURES, (long) t.consecutiveFailures())
                    .put(TRIPS, t.tripsCount())
                    .put(OPEN_MS, t.openMillis())
                    .build());
        }
    }

    @Override
    public void onRejected(String backend, String method, GatewayErrors.Reason reason, long retryAfterMs) {
        metrics.rejection(backend, reason.wireName());
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(REJECTED, Attributes.of(McpAttributes.BACKEND, backend, McpAttributes.METHOD, method,
                    REASON, reason.wireName(), RETRY_AFTER_MS, retryAfterMs));
        }
    }

    @Override
    public void onRetry(String backend, String method, int attempt, Duration delay, String cause) {
        metrics.retry(backend);
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(RETRY, Attributes.of(McpAttributes.BACKEND, backend, McpAttributes.ATTEMPT, (long) attempt,
                    DELAY_MS, delay.toMillis(), CAUSE, LogRedaction.scrub(cause)));
        }
    }

    @Override
    public void onHealthChanged(String backend, boolean healthy, String cause) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(HEALTH_CHANGED, Attributes.of(McpAttributes.BACKEND, backend, HEALTHY, healthy, CAUSE, LogRedaction.scrub(cause)));
        }
    }
}
