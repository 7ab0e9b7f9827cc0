package dev.mcpgateway.observability;

import org.slf4j.MDC;

/**
 * The fields every log line of a request carries (SLF4J MDC), and a precise way to set them.
 *
 * <p>Requests run on Jetty's threads or virtual threads and backend callbacks on transport
 * threads, and all are reused or nested (a batch runs on the HTTP thread that already carries the request id). So a
 * field is never just removed afterwards: {@link Saved#restore()} puts back exactly what the
 * thread carried before.
 */
public final class LogContext {

    public static final String REQUEST_ID = "request_id";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String SESSION = "session";
    public static final String BACKEND = "backend";
    public static final String METHOD = "method";
    public static final String LATENCY_MS = "latency_ms";

    private LogContext() {}

    /** Sets up to {@code keys.length} fields (a null value removes the field) and remembers the old values. */
    public static Saved set(String[] keys, String[] values) {
        String[] previous = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            previous[i] = MDC.get(keys[i]);
            put(keys[i], values[i]);
        }
        return new Saved(keys, previous);
    }

    /** Sets one field and remembers its old value. */
    public static Saved set(String key, String value) {
        return set(new String[] {key}, new String[] {value});
    }

    static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Fields as they were before {@link #set}; {@link #restore()} puts them back. */
    public static final class Saved {

        private final String[] keys;
        private final String[] previous;

        private Saved(String[] keys, String[] previous) {
            this.keys = keys;
            this.previous = previous;
        }

        public void restore() {
            for (int i = keys.length - 1; i >= 0; i--) {
                put(keys[i], previous[i]);
            }
        }
    }
}
