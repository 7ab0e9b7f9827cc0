package dev.mcpgateway.backend;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * A thread's log fields (SLF4J MDC), taken and put back as a whole when a call moves between
 * threads, at the least copying the logging backend allows.
 *
 * <p>A call hops threads several times and each hop takes the fields of one thread and puts them
 * on another; done through {@link MDC#getCopyOfContextMap()} and {@link MDC#setContextMap} that is
 * four or five map copies per hop (8% of the gateway's CPU samples in an overloaded run, JFR).
 * Logback keeps a read-only snapshot of each thread's fields, rebuilt only after a change, so
 * taking the fields costs nothing while they stay the same; putting them on a thread copies once,
 * and a thread that had none (a selector or pool thread, the usual case) is cleared rather than
 * given a copy back.
 */
public final class ThreadLogFields {

    private static final MDCAdapter ADAPTER = MDC.getMDCAdapter();
    private static final LogbackMDCAdapter LOGBACK = ADAPTER instanceof LogbackMDCAdapter logback ? logback : null;

    private ThreadLogFields() {}

    /**
     * This thread's fields, or null if it has none: a map nobody may change (the logging
     * backend's own snapshot, or a copy where it keeps none).
     */
    public static Map<String, String> current() {
        Map<String, String> fields = LOGBACK != null ? LOGBACK.getPropertyMap() : ADAPTER.getCopyOfContextMap();
        return fields == null || fields.isEmpty() ? null : fields;
    }

    /** Makes {@code fields} (from {@link #current()}, null for none) this thread's fields. */
    public static void install(Map<String, String> fields) {
        if (fields == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(fields);
        }
    }
}
