package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults the demo server injects into {@code tools/call}, and the call counter they key on.
 *
 * <p>Semantics (the thresholds count {@code tools/call} requests only, never lists or pings, and
 * never calls of the {@code demo_faults} tool itself; the count restarts at 0 whenever the faults
 * are {@linkplain #configure replaced}):
 * <ul>
 *   <li>{@code latency} (+ {@code latency_jitter}): every call waits that long (plus a uniform
 *       random 0..jitter) before it is answered.
 *   <li>{@code error_rate}: that fraction of calls is answered with JSON-RPC -32603.
 *   <li>{@code crash_after N}: calls 1..N are answered; call N+1 is never answered and the
 *       process dies at once (stdio: exit code 3; HTTP: the listener goes away with the process).
 *   <li>{@code hang_after N}: calls after the Nth are accepted and never answered; everything
 *       else (ping, lists) is still answered.
 *   <li>{@code hang_all_after N}: the first call after the Nth wedges the server: from then on no
 *       request at all is answered, not even {@code ping} (for health-check tests).
 *   <li>{@code garbage_after N}: calls after the Nth are answered with a line of non-JSON text
 *       (HTTP: a 200 whose body is not JSON).
 *   <li>{@code drop_session_after N} (HTTP only): right after answering call N the server forgets
 *       every session once, so the next request with an old session id gets 404. (N=0 set through
 *       the {@code demo_faults} tool drops them right after that tool call is answered; N=0 at
 *       startup acts like N=1, since no session exists before the first call.)
 * </ul>
 * When several apply to one call, the first in this order wins: crash, hang-all, hang, then
 * latency, then garbage, then error_rate.
 *
 * <p>Thread safety: the settings and their counters form one immutable-reference {@code Epoch};
 * replacing the faults swaps the whole epoch, so a call never mixes old settings with new counts.
 */
public final class DemoFaults {

    /** Fault settings; a threshold of -1 means "off". */
    public record Settings(
            Duration latency,
            Duration latencyJitter,
            double errorRate,
            long crashAfter,
            long hangAfter,
            long hangAllAfter,
            long garbageAfter,
            long dropSessionAfter) {

        /** Declared before NONE: the constructor that builds NONE reads it. */
        static final Duration MAX_LATENCY = Duration.ofMinutes(10);

        public static final Settings NONE = new Settings(Duration.ZERO, Duration.ZERO, 0, -1, -1, -1, -1, -1);

        /** The keys accepted by {@link #parse}, the {@code demo_faults} tool and {@code MCP_DEMO_FAULTS}. */
        public static final List<String> KEYS = List.of(
                "latency", "latency_jitter", "error_rate", "crash_after", "hang_after",
                "hang_all_after", "garbage_after", "drop_session_after");

        public Settings {
            requireDuration("latency", latency);
            requireDuration("latency_jitter", latencyJitter);
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("error_rate must be between 0 and 1, got " + errorRate);
            }
            requireThreshold("crash_after", crashAfter);
            requireThreshold("hang_after", hangAfter);
            requireThreshold("hang_all_after", hangAllAfter);
            requireThreshold("garbage_after", garbageAfter);
            requireThreshold("drop_session_after", dropSessionAfter);
        }

        /**
         * Parses {@code key=value,key=value} (the {@code MCP_DEMO_FAULTS} format), for example
         * {@code latency=50ms,error_rate=0.1,crash_after=10}. Blank means no faults.
         *
         * @throws IllegalArgumentException naming the offending key or value
         */
        public static Settings parse(String spec) {
            Settings s = NONE;
            if (spec == null || spec.isBlank()) {
                return s;
            }
            for (String part : spec.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("fault \"" + part.trim() + "\" needs a value (key=value)");
                }
                s = s.with(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            return s;
        }

        /**
         * Reads the arguments of the {@code demo_faults} tool: an object with any of {@link #KEYS};
         * durations are milliseconds (numbers) or strings like {@code "50ms"}.
         */
        static Settings fromJson(JsonValue args) {
            Settings s = NONE;
            if (args == null) {
                return s;
            }
            if (!args.isObject()) {
                throw new IllegalArgumentException("arguments must be an object");
            }
            for (String key : args.memberNames()) {
                JsonValue v = args.get(key);
                if (v.isNull()) {
                    continue;
                }
                if (!v.isString() && !v.isNumber()) {
                    throw new IllegalArgumentException(key + " must be a number or a string");
                }
                s = s.with(key, v.isString() ? v.asString() : v.toString());
            }
            return s;
        }

        /** These settings with one key set from its text form. */
        public Settings with(String key, String value) {
            String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
            return switch (k) {
                case "latency" -> new Settings(parseDuration(k, value), latencyJitter, errorRate, crashAfter, hangAfter, hangAllAfter, garbageAfter, dropSessionAfter);
                case "latency_jitter" -> new Settings(latency, parseDuration(k, value), errorRate, crashAfter, hangAfter, hangAllAfter, garbageAfter, dropSessionAfter);
                case "error_rate" -> new Settings(latency, latencyJitter, parseRate(k, value), crashAfter, hangAfter, hangAllAfter, garbageAfter, dropSessionAfter);
                case "crash_after" -> new Settings(latency, latencyJitter, errorRate, parseCount(k, value), hangAfter, hangAllAfter, garbageAfter, dropSessionAfter);
                case "hang_after" -> new Settings(latency, latencyJitter, errorRate, crashAfter, parseCount(k, value), hangAllAfter, garbageAfter, dropSessionAfter);
                case "hang_all_after" -> new Settings(latency, latencyJitter, errorRate, crashAfter, hangAfter, parseCount(k, value), garbageAfter, dropSessionAfter);
                case "garbage_after" -> new Settings(latency, latencyJitter, errorRate, crashAfter, hangAfter, hangAllAfter, parseCount(k, value), dropSessionAfter);
                case "drop_session_after" -> new Settings(latency, latencyJitter, errorRate, crashAfter, hangAfter, hangAllAfter, garbageAfter, parseCount(k, value));
                default -> throw new IllegalArgumentException("unknown fault \"" + key + "\" (known: " + String.join(", ", KEYS) + ")");
            };
        }

        /** True when no fault is set. */
        public boolean isNone() {
            return equals(NONE);
        }

        /** The active faults as {@code key=value,...} (the format {@link #parse} reads); "none" if none. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!latency.isZero()) {
                parts.add("latency=" + latency.toMillis() + "ms");
            }
            if (!latencyJitter.isZero()) {
                parts.add("latency_jitter=" + latencyJitter.toMillis() + "ms");
            }
            if (errorRate > 0) {
                parts.add("error_rate=" + BigDecimal.valueOf(errorRate).stripTrailingZeros().toPlainString());
            }
            addThreshold(parts, "crash_after", crashAfter);
            addThreshold(parts, "hang_after", hangAfter);
            addThreshold(parts, "hang_all_after", hangAllAfter);
            addThreshold(parts, "garbage_after", garbageAfter);
            addThreshold(parts, "drop_session_after", dropSessionAfter);
            return parts.isEmpty() ? "none" : String.join(",", parts);
        }

        /** Writes the active faults as a JSON object (durations in milliseconds; unset keys omitted). */
        void writeJson(JsonWriter w) {
            w.beginObject();
            if (!latency.isZero()) {
                w.member("latency_ms", latency.toMillis());
            }
            if (!latencyJitter.isZero()) {
                w.member("latency_jitter_ms", latencyJitter.toMillis());
            }
            if (errorRate > 0) {
                w.name("error_rate").value(errorRate);
            }
            writeThreshold(w, "crash_after", crashAfter);
            writeThreshold(w, "hang_after", hangAfter);
            writeThreshold(w, "hang_all_after", hangAllAfter);
            writeThreshold(w, "garbage_after", garbageAfter);
            writeThreshold(w, "drop_session_after", dropSessionAfter);
            w.endObject();
        }

        private static void addThreshold(List<String> parts, String key, long n) {
            if (n >= 0) {
                parts.add(key + "=" + n);
            }
        }

        private static void writeThreshold(JsonWriter w, String key, long n) {
            if (n >= 0) {
                w.member(key, n);
            }
        }

        private static void requireDuration(String key, Duration d) {
            if (d == null || d.isNegative() || d.compareTo(MAX_LATENCY) > 0) {
                throw new IllegalArgumentException(key + " must be between 0 and " + MAX_LATENCY.toMinutes() + " minutes");
            }
        }

        private static void requireThreshold(String key, long n) {
            if (n < -1) {
                throw new IllegalArgumentException(key + " must be a count of calls (0 or more)");
            }
        }

        static Duration parseDuration(String key, String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            long factorNanos;
            String digits;
            if (t.endsWith("ms")) {
                factorNanos = 1_000_000L;
                digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                factorNanos = 1_000_000_000L;
                digits = t.substring(0, t.length() - 1);
            } else {
                factorNanos = 1_000_000L; // a bare number is milliseconds
                digits = t;
            }
            try {
                double value = Double.parseDouble(digits.trim());
                if (!(value >= 0) || Double.isInfinite(value) || value * factorNanos > MAX_LATENCY.toNanos()) {
                    throw new IllegalArgumentException(key + " must be between 0 and " + MAX_LATENCY.toMinutes() + " minutes, got \"" + text + "\"");
                }
                return Duration.ofNanos(Math.round(value * factorNanos));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a duration like 50ms or 2s, got \"" + text + "\"");
            }
        }

        private static double parseRate(String key, String text) {
            try {
                double rate = Double.parseDouble(text.trim());
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException(key + " must be between 0 and 1, got \"" + text + "\"");
                }
                return rate;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number between 0 and 1, got \"" + text + "\"");
            }
        }

        private static long parseCount(String key, String text) {
            try {
                long n = Long.parseLong(text.trim());
                if (n < 0) {
                    throw new IllegalArgumentException(key + " must be 0 or more, got \"" + text + "\"");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number of calls, got \"" + text + "\"");
            }
        }
    }

    /** What to do with one {@code tools/call}. */
    enum Action { ANSWER, CRASH, HANG, GARBAGE, INTERNAL_ERROR }

    /**
     * The verdict for one call: the action, the delay to wait before acting (only for
     * ANSWER/GARBAGE/INTERNAL_ERROR), and whether every HTTP session must be forgotten once this
     * call has been answered.
     */
    record Decision(Action action, long delayNanos, boolean dropSessions) {
        static final Decision ANSWER_NOW = new Decision(Action.ANSWER, 0, false);
    }

    /** One configuration and the counters that run under it. */
    private record Epoch(Settings settings, AtomicLong calls, AtomicBoolean sessionsDropped) {
        Epoch(Settings settings) {
            this(settings, new AtomicLong(), new AtomicBoolean());
        }
    }

    private volatile Epoch epoch;
    /** Latched by hang_all_after: the server answers nothing any more. Survives reconfiguration (a wedged process stays wedged). */
    private volatile boolean wedged;

    public DemoFaults(Settings settings) {
        this.epoch = new Epoch(settings);
    }

    public static DemoFaults none() {
        return new DemoFaults(Settings.NONE);
    }

    /** Parses {@code spec} as for {@link Settings#parse}. */
    public static DemoFaults parse(String spec) {
        return new DemoFaults(Settings.parse(spec));
    }

    public Settings settings() {
        return epoch.settings();
    }

    /** Replaces the faults; the call count restarts at 0. */
    public void configure(Settings settings) {
        epoch = new Epoch(settings);
    }

    /** Calls counted since the faults were last set. */
    public long toolCalls() {
        return epoch.calls().get();
    }

    /** True once a hang_all fault has fired: no request gets an answer any more. */
    public boolean wedged() {
        return wedged;
    }

    /**
     * After {@link #configure}: true (once) if the new settings drop sessions after 0 calls, that
     * is right away.
     */
    boolean takeImmediateSessionDrop() {
        Epoch e = epoch;
        return e.settings().dropSessionAfter() == 0 && e.sessionsDropped().compareAndSet(false, true);
    }

    /** Counts one {@code tools/call} and decides its fate. */
    Decision onToolCall() {
        Epoch e = epoch;
        Settings s = e.settings();
        if (s.isNone()) {
            e.calls().incrementAndGet();
            return Decision.ANSWER_NOW;
        }
        long n = e.calls().incrementAndGet();
        if (s.crashAfter() >= 0 && n > s.crashAfter()) {
            return new Decision(Action.CRASH, 0, false);
        }
        if (s.hangAllAfter() >= 0 && n > s.hangAllAfter()) {
            wedged = true;
            return new Decision(Action.HANG, 0, false);
        }
        if (s.hangAfter() >= 0 && n > s.hangAfter()) {
            return new Decision(Action.HANG, 0, false);
        }
        long delay = s.latency().toNanos();
        long jitter = s.latencyJitter().toNanos();
        if (jitter > 0) {
            delay += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        boolean drop = s.dropSessionAfter() >= 0 && n >= s.dropSessionAfter()
                && e.sessionsDropped().compareAndSet(false, true);
        if (s.garbageAfter() >= 0 && n > s.garbageAfter()) {
            return new Decision(Action.GARBAGE, delay, drop);
        }
        if (s.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.errorRate()) {
            return new Decision(Action.INTERNAL_ERROR, delay, drop);
        }
        return new Decision(Action.ANSWER, delay, drop);
    }
}
