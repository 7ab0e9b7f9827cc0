package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the demo server remembers about one client: the negotiated protocol version, the log
 * level it asked for, and the requests it may still cancel. Over stdio there is one per process;
 * over HTTP one per {@code Mcp-Session-Id}.
 *
 * <p>Fields are written by whichever request thread handles {@code initialize} or
 * {@code logging/setLevel} and read by others, hence volatile; in-flight requests live in a
 * concurrent map.
 */
final class DemoSession {

    /** RFC 5424 levels, in increasing severity, as MCP names them. */
    static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private volatile String protocolVersion;
    /** Index into {@link #LOG_LEVELS}; -1 until the client calls logging/setLevel (then we send logs). */
    private volatile int logLevel = -1;
    private final Map<JsonValue, Cancellation> inFlight = new ConcurrentHashMap<>();

    /** The negotiated protocol version, or null before initialize. */
    String protocolVersion() {
        return protocolVersion;
    }

    void protocolVersion(String version) {
        this.protocolVersion = version;
    }

    void logLevel(String level) {
        this.logLevel = LOG_LEVELS.indexOf(level);
    }

    /** True if the client asked for log messages at {@code level} or below. */
    boolean wantsLog(String level) {
        int wanted = logLevel;
        return wanted >= 0 && LOG_LEVELS.indexOf(level) >= wanted;
    }

    /** Registers a request that can be cancelled; pair with {@link #finished}. */
    Cancellation started(JsonValue requestId) {
        Cancellation c = new Cancellation();
        inFlight.put(requestId, c);
        return c;
    }

    void finished(JsonValue requestId, Cancellation c) {
        inFlight.remove(requestId, c);
    }

    /** Handles notifications/cancelled: unknown or finished ids are ignored, as the spec allows. */
    void cancel(JsonValue requestId) {
        Cancellation c = inFlight.get(requestId);
        if (c != null) {
            c.cancel();
        }
    }

    /** Cancels everything still running (the session ended). */
    void cancelAll() {
        inFlight.values().forEach(Cancellation::cancel);
    }

    /** A request's cancel flag; waiting on it doubles as a cancellable sleep (no thread interrupts). */
    static final class Cancellation {
        private final CountDownLatch cancelled = new CountDownLatch(1);

        void cancel() {
            cancelled.countDown();
        }

        boolean isCancelled() {
            return cancelled.getCount() == 0;
        }

        /** Waits up to {@code nanos}; true if the time passed, false if cancelled meanwhile. */
        boolean sleep(long nanos) {
            if (nanos <= 0) {
                return !isCancelled();
            }
            try {
                return !cancelled.await(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
