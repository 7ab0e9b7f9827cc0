package dev.mcpgateway.failsafe;

import dev.mcpgateway.routing.GatewayErrors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands failsafe events to the registered {@link FailsafeListener}s, each isolated from the others'
 * exceptions, and writes the log lines every deployment needs: each circuit transition and health
 * change once (WARN when it gets worse), retries and rejections at DEBUG. Messages carry backend
 * names and failure descriptions, which transports keep free of secrets.
 */
final class FailsafeEvents {

    private static final Logger LOG = LoggerFactory.getLogger("dev.mcpgateway.failsafe");

    private final List<FailsafeListener> listeners = new CopyOnWriteArrayList<>();

    void add(FailsafeListener listener) {
        listeners.add(listener);
    }

    void remove(FailsafeListener listener) {
        listeners.remove(listener);
    }

    void circuitTransition(CircuitTransition t) {
        LOG.warn("backend `{}` circuit {} -> {}: {} (consecutive failures: {}, trips: {}{})", t.backend(), t.from().wireName(),
                t.to().wireName(), t.cause(), t.consecutiveFailures(), t.tripsCount(),
                t.openMillis() > 0 ? ", open for " + HumanDuration.millis(t.openMillis()) : "");
        each(l -> l.onCircuitTransition(t));
    }

    void rejected(String backend, String method, GatewayErrors.Reason reason, long retryAfterMs) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("backend `{}`: {} rejected ({}, retry after {} ms)", backend, method, reason.wireName(), retryAfterMs);
        }
        each(l -> l.onRejected(backend, method, reason, retryAfterMs));
    }

    void retry(String backend, String method, int attempt, Duration delay, String cause) {
        LOG.debug("backend `{}`: retrying {} (attempt {}) in {} after: {}", backend, method, attempt, HumanDuration.millis(delay.toMillis()), cause);
        each(l -> l.onRetry(backend, method, attempt, delay, cause));
    }

    void healthChanged(String backend, boolean healthy, String cause) {
        if (healthy) {
            LOG.info("backend `{}` is healthy again: {}", backend, cause);
        } else {
            LOG.warn("backend `{}` is unhealthy: {}", backend, cause);
        }
        each(l -> l.onHealthChanged(backend, healthy, cause));
    }

    void restarted(String backend, String cause) {
        each(l -> l.onRestarted(backend, cause));
    }

    /** Called for every call: no logging, nothing allocated when nobody listens. */
    void callCompleted(String backend, String method, CallOutcome outcome, long durationNanos) {
        if (listeners.isEmpty()) {
            return;
        }
        for (FailsafeListener l : listeners) {
            try {
                l.onCallCompleted(backend, method, outcome, durationNanos);
            } catch (RuntimeException e) {
                LOG.warn("a failsafe listener failed: {}", e.toString());
            }
        }
    }

    private void each(Consumer<FailsafeListener> event) {
        for (FailsafeListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("a failsafe listener failed: {}", e.toString());
            }
        }
    }
}
