package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The demo server's tools: their definitions (one prebuilt {@code tools/list} result) and what
 * each does when called.
 *
 * <p>Invalid tool arguments are answered as tool errors ({@code isError: true}) rather than
 * JSON-RPC errors, as the 2025-11-25 spec asks, so a model can read and fix them. Only an unknown
 * tool and the {@code fail} tool's {@code rpc_error} mode produce JSON-RPC errors.
 */
final class DemoTools {

    /** One running call: what a tool may use besides its arguments. */
    record Call(DemoSession session, JsonValue progressToken, DemoOutbound out, DemoSession.Cancellation cancellation) {

        /** Sleeps; false if the client cancelled meanwhile (the tool must then stop, unanswered). */
        boolean sleep(long nanos) {
            return cancellation.sleep(nanos);
        }

        /** Sends notifications/progress if the client asked for progress (sent a progressToken). */
        void progress(long progress, long total, String message) {
            if (progressToken == null) {
                return;
            }
            boolean withMessage = !"2024-11-05".equals(session.protocolVersion()); // message arrived in 2025-03-26
            out.send(DemoMessages.notification("notifications/progress", w -> {
                w.beginObject().member("progressToken", progressToken).member("progress", progress).member("total", total);
                if (withMessage) {
                    w.member("message", message);
                }
                w.endObject();
            }));
        }

        /** Sends notifications/message if the client set a log level that lets it through. */
        void log(String level, String logger, String text) {
            if (session.wantsLog(level)) {
                out.send(DemoMessages.notification("notifications/message",
                        w -> w.beginObject().member("level", level).member("logger", logger).member("data", text).endObject()));
            }
        }
    }

    @FunctionalInterface
    private interface Impl {
        /** The CallToolResult JSON, or null if the call was cancelled (it gets no answer). */
        byte[] call(JsonValue args, Call call);
    }

    /** Bad tool arguments: answered as an isError result naming the problem. */
    private static final class InvalidArguments extends RuntimeException {
        InvalidArguments(String message) {
            super(message, null, false, false);
        }
    }

    static final String DEMO_FAULTS = "demo_faults";
    static final String SLOW = "slow";

    private static final long MAX_SLOW_MS = 600_000;
    private static final int MAX_SLOW_STEPS = 1_000;
    /** Operands beyond this many digits (or this exponent) are refused, so a sum cannot take gigabytes. */
    private static final int MAX_DIGITS = 1_000;

    private final DemoFaults faults;
    private final Runnable dropSessions;
    private final Map<String, Impl> tools = new LinkedHashMap<>();
    private final byte[] listResult;

    DemoTools(DemoFaults faults, Runnable dropSessions) {
        this.faults = faults;
        this.dropSessions = dropSessions;
        tools.put("echo", this::echo);
        tools.put("add", this::add);
        tools.put("current_time", this::currentTime);
        tools.put(SLOW, this::slow);
        tools.put("flaky", this::flaky);
        tools.put("fail", this::fail);
        tools.put(DEMO_FAULTS, this::demoFaults);
        this.listResult = CompactJson.compact(DemoToolDefinitions.TOOLS_LIST);
    }

    /** The complete {@code tools/list} result (the demo fits on one page). */
    byte[] listResult() {
        return listResult;
    }

    boolean exists(String name) {
        return tools.containsKey(name);
    }

    /**
     * Runs tool {@code name} (which must {@linkplain #exists exist}).
     *
     * @return the CallToolResult JSON, or null if the client cancelled the call
     * @throws DemoRpcError for the fail tool's JSON-RPC modes
     */
    byte[] call(String name, JsonValue args, Call call) {
        if (args != null && !args.isObject()) {
            return toolError("Invalid arguments for tool " + name + ": arguments must be an object");
        }
        try {
            return tools.get(name).call(args == null ? JsonValue.EMPTY_OBJECT : args, call);
        } catch (InvalidArguments e) {
            return toolError("Invalid arguments for tool " + name + ": " + e.getMessage());
        }
    }

    // ---- the tools ----

    private byte[] echo(JsonValue args, Call call) {
        String message = requiredString(args, "message");
        return result(message, w -> w.beginObject().member("message", message).endObject());
    }

    private byte[] add(JsonValue args, Call call) {
        // BigDecimal on the number's own text: 9007199254740993 + 1 stays exact (a double would not).
        BigDecimal sum = number(args, "a").add(number(args, "b"));
        String text = canonical(sum);
        JsonValue sumJson = JsonValue.parse(text);
        return result(text, w -> w.beginObject().member("sum", sumJson).endObject());
    }

    private byte[] currentTime(JsonValue args, Call call) {
        String zoneId = optionalString(args, "timezone");
        ZoneId zone;
        if (zoneId == null || zoneId.isEmpty()) {
            zone = ZoneOffset.UTC;
        } else {
            try {
                zone = ZoneId.of(zoneId);
            } catch (DateTimeException e) {
                return toolError("Unknown time zone \"" + zoneId + "\": use an IANA time zone id such as Europe/Paris or UTC");
            }
        }
        return text(ZonedDateTime.now(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    private byte[] slow(JsonValue args, Call call) {
        long durationMs = optionalLong(args, "duration_ms", 2000, 0, MAX_SLOW_MS);
        long steps = optionalLong(args, "steps", 5, 1, MAX_SLOW_STEPS);
        long startNanos = System.nanoTime();
        long totalNanos = durationMs * 1_000_000L;
        for (long step = 1; step <= steps; step++) {
            // Sleep to each step's deadline, not by a fixed amount, so the total stays close to duration_ms.
            long due = startNanos + totalNanos * step / steps;
            if (!call.sleep(due - System.nanoTime())) {
                return null;
            }
            String message = "step " + step + " of " + steps;
            call.progress(step, steps, message);
            call.log("info", "slow", message);
        }
        return text("done after " + steps + " steps");
    }

    private byte[] flaky(JsonValue args, Call call) {
        double failureRate = optionalDouble(args, "failure_rate", 0.5, 0, 1);
        if (ThreadLocalRandom.current().nextDouble() < failureRate) {
            return toolError("flaky failure");
        }
        return text("flaky success");
    }

    private byte[] fail(JsonValue args, Call call) {
        String mode = requiredString(args, "mode");
        return switch (mode) {
            case "tool_error" -> toolError("fail: the tool failed as requested (mode tool_error)");
            case "rpc_error" -> throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "fail: invalid params as requested (mode rpc_error)");
            case "internal_error" -> throw new DemoRpcError(JsonRpcErrors.INTERNAL_ERROR, "fail: internal error as requested (mode internal_error)");
            default -> throw new InvalidArguments("mode must be one of tool_error, rpc_error, internal_error; got \"" + mode + "\"");
        };
    }

    private byte[] demoFaults(JsonValue args, Call call) {
        DemoFaults.Settings settings;
        try {
            settings = DemoFaults.Settings.fromJson(args);
        } catch (IllegalArgumentException e) {
            throw new InvalidArguments(e.getMessage());
        }
        faults.configure(settings);
        if (faults.takeImmediateSessionDrop()) {
            dropSessions.run();
        }
        return result("faults: " + settings.describe(), w -> writeFaultState(w, faults));
    }

    /** {@code {"faults":{...},"summary":"latency=50ms,...","tool_calls":N}}: also the demo://config resource. */
    static void writeFaultState(JsonWriter w, DemoFaults faults) {
        DemoFaults.Settings s = faults.settings();
        w.beginObject().name("faults");
        s.writeJson(w);
        w.member("summary", s.describe()).member("tool_calls", faults.toolCalls()).endObject();
    }

    // ---- results ----

    static byte[] text(String text) {
        JsonWriter w = new JsonWriter(64 + text.length());
        w.beginObject();
        writeTextContent(w, text);
        w.endObject();
        return w.toByteArray();
    }

    static byte[] toolError(String message) {
        JsonWriter w = new JsonWriter(80 + message.length());
        w.beginObject();
        writeTextContent(w, message);
        w.member("isError", true).endObject();
        return w.toByteArray();
    }

    /** A result with a text block and structuredContent (for tools that declare an outputSchema). */
    private static byte[] result(String text, Consumer<JsonWriter> structured) {
        JsonWriter w = new JsonWriter(96 + 2 * text.length());
        w.beginObject();
        writeTextContent(w, text);
        w.name("structuredContent");
        structured.accept(w);
        w.endObject();
        return w.toByteArray();
    }

    private static void writeTextContent(JsonWriter w, String text) {
        w.name("content").beginArray().beginObject().member("type", "text").member("text", text).endObject().endArray();
    }

    // ---- argument reading ----

    private static String requiredString(JsonValue args, String name) {
        JsonValue v = args.get(name);
        if (v == null) {
            throw new InvalidArguments(name + " is required");
        }
        if (!v.isString()) {
            throw new InvalidArguments(name + " must be a string");
        }
        return v.asString();
    }

    private static String optionalString(JsonValue args, String name) {
        JsonValue v = args.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new InvalidArguments(name + " must be a string");
        }
        return v.asString();
    }

    private static BigDecimal number(JsonValue args, String name) {
        JsonValue v = args.get(name);
        if (v == null) {
            throw new InvalidArguments(name + " is required");
        }
        if (!v.isNumber()) {
            throw new InvalidArguments(name + " must be a number");
        }
        BigDecimal n = new BigDecimal(v.toString());
        if (n.precision() > MAX_DIGITS || Math.abs((long) n.scale()) > MAX_DIGITS) {
            throw new InvalidArguments(name + " is too large or too precise (at most " + MAX_DIGITS + " digits and exponents up to " + MAX_DIGITS + ")");
        }
        return n;
    }

    private static long optionalLong(JsonValue args, String name, long defaultValue, long min, long max) {
        JsonValue v = args.get(name);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            throw new InvalidArguments(name + " must be an integer between " + min + " and " + max);
        }
        BigDecimal n = new BigDecimal(v.toString());
        if (n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidArguments(name + " must be an integer between " + min + " and " + max + ", got " + v);
        }
        return n.longValueExact();
    }

    private static double optionalDouble(JsonValue args, String name, double defaultValue, double min, double max) {
        JsonValue v = args.get(name);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            throw new InvalidArguments(name + " must be a number between " + min + " and " + max);
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw new InvalidArguments(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return d;
    }

    /**
     * A sum as a JSON number without needless zeros: {@code 2 + 3} is {@code 5}, {@code 0.1 + 0.2}
     * is {@code 0.3}, {@code 1e20 + 1} is {@code 100000000000000000001}; very large exponents
     * stay in exponent form ({@code 1E+400}).
     */
    static String canonical(BigDecimal value) {
        BigDecimal s = value.stripTrailingZeros();
        boolean plainIsShort = s.scale() > 0 ? s.scale() <= 64 : s.precision() - s.scale() <= 64;
        return plainIsShort ? s.toPlainString() : s.toString();
    }
}
