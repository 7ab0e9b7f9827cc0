package dev.mcpgateway.transport;

import dev.mcpgateway.jsonrpc.JsonValue;
import java.nio.ByteBuffer;

/** Puts a JSON message on one line, as stdio and SSE framing need. */
public final class Framing {

    private Framing() {}

    /**
     * The message's bytes with raw CR and LF replaced by spaces. In valid JSON those bytes can only
     * be insignificant whitespace (inside strings they must be escaped), so the value is unchanged;
     * they appear when a peer pretty-prints.
     */
    public static byte[] singleLine(JsonValue json) {
        return json.isFlat() ? json.toBytes() : singleLine(json.toBytes());
    }

    /**
     * As {@link #singleLine(JsonValue)}, without a copy when the message is already one line (it
     * nearly always is: the gateway writes compact JSON): a view of its bytes, to be only read.
     */
    public static ByteBuffer singleLineView(JsonValue json) {
        return json.isFlat() ? json.toByteBuffer() : ByteBuffer.wrap(singleLine(json.toBytes()));
    }

    /** As {@link #singleLine(JsonValue)}; copies only if there is a newline (never changes {@code json}). */
    public static byte[] singleLine(byte[] json) {
        byte[] line = json;
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n' || line[i] == '\r') {
                if (line == json) {
                    line = json.clone(); // the caller's buffer may be shared with the message
                }
                line[i] = ' ';
            }
        }
        return line;
    }
}
