package dev.mcpgateway.bench.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code tools/call} the driver sends, pre-encoded: only the id changes between calls, so
 * building a request is two array copies and the driver stays cheap next to what it measures.
 *
 * @param tool the tool name as the target exposes it ({@code echo} direct, {@code demo__echo} through the gateway)
 * @param arguments the arguments object, compact JSON
 */
record ToolCall(String tool, String arguments) {

    /** {@code echo} with a message of {@code size} ASCII characters. */
    static ToolCall echo(String tool, int size) {
        StringBuilder message = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            message.append((char) ('a' + i % 26));
        }
        return new ToolCall(tool, "{\"message\":\"" + message + "\"}");
    }

    /** The demo's {@code slow} tool: answers after {@code millis}, in one step (no progress without a token). */
    static ToolCall slow(String tool, int millis) {
        return new ToolCall(tool, "{\"duration_ms\":" + millis + ",\"steps\":1}");
    }

    ToolCall withTool(String otherTool) {
        return new ToolCall(otherTool, arguments);
    }

    Encoder encoder() {
        return new Encoder(this);
    }

    /** Builds request bytes and checks answers; thread-safe (immutable). */
    static final class Encoder {
        private static final byte[] HEAD = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] RESULT = "\"result\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TOOL_ERROR = "\"isError\":true".getBytes(StandardCharsets.US_ASCII);
        private final byte[] tail;

        private Encoder(ToolCall call) {
            tail = (",\"method\":\"tools/call\",\"params\":{\"name\":\"" + call.tool() + "\",\"arguments\":" + call.arguments() + "}}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        byte[] request(long id) {
            byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[HEAD.length + digits.length + tail.length];
            System.arraycopy(HEAD, 0, out, 0, HEAD.length);
            System.arraycopy(digits, 0, out, HEAD.length, digits.length);
            System.arraycopy(tail, 0, out, HEAD.length + digits.length, tail.length);
            return out;
        }

        /** Null if {@code body} (JSON or an SSE stream) answers call {@code id} with a result; else what is wrong. */
        static String check(byte[] body, int length, long id) {
            if (indexOf(body, length, RESULT) < 0) {
                return "no result: " + excerpt(body, length);
            }
            if (indexOf(body, length, TOOL_ERROR) >= 0) {
                return "tool error: " + excerpt(body, length);
            }
            if (indexOf(body, length, ("\"id\":" + id).getBytes(StandardCharsets.US_ASCII)) < 0) {
                return "answer to another id: " + excerpt(body, length);
            }
            return null;
        }

        static String excerpt(byte[] body, int length) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(body, 0, Math.min(length, 300));
            return out.toString(StandardCharsets.UTF_8).replace('\n', ' ');
        }

        private static int indexOf(byte[] haystack, int length, byte[] needle) {
            outer:
            for (int i = 0; i <= length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
