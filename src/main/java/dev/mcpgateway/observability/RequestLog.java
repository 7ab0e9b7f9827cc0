package dev.mcpgateway.observability;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request log lines: one DEBUG line per answered request on {@value #REQUESTS}, and the
 * optional access log, one INFO line per request on {@value #ACCESS} (off unless that logger is
 * set to info: {@code --access-log} or {@code MCP_GATEWAY_LOG=dev.mcpgateway.access=info}).
 * Both carry {@code latency_ms} as a log field besides the request's other fields.
 */
final class RequestLog {

    static final String REQUESTS = "dev.mcpgateway.requests";
    static final String ACCESS = "dev.mcpgateway.access";

    private static final Logger REQUEST_LOG = LoggerFactory.getLogger(REQUESTS);
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger(ACCESS);

    private RequestLog() {}

    static boolean enabled() {
        return REQUEST_LOG.isDebugEnabled() || ACCESS_LOG.isInfoEnabled();
    }

    /** Logs one answered request; the caller has checked {@link #enabled()}. */
    static void answered(String what, String id, String outcome, long nanos) {
        String latency = String.format(Locale.ROOT, "%.3f", nanos / 1e6);
        LogContext.Saved saved = LogContext.set(LogContext.LATENCY_MS, latency);
        try {
            if (ACCESS_LOG.isInfoEnabled()) {
                ACCESS_LOG.info("{} id={} {} {} ms", what, id, outcome, latency);
            }
            if (REQUEST_LOG.isDebugEnabled()) {
                REQUEST_LOG.debug("{} (id {}) answered: {} in {} ms", what, id, outcome, latency);
            }
        } finally {
            saved.restore();
        }
    }
}
