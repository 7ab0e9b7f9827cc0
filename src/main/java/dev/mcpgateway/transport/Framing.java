package dev.mcpgateway.transport;

import dev.mcpgateway.jsonrpc.JsonValue;

/** Puts a JSON message on one line, as stdio and SSE framing need. */
public final class Framing {

    private Framing() {}

    /**
     * The message's bytes with raw CR and LF replaced by spaces. In valid JSON those bytes can only
     * be insignificant whitespace (inside strings they must be escaped), so the value is unchanged;
     * they appear when a peer pretty-prints.
     */
    public static byte[] singleLine(JsonValue json) {
        byte[] bytes = json.toBytes();
        int i = 0;
        while (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
            i++;
        }
        if (i == bytes.length) {
            return bytes;
        }
        byte[] copy = bytes.clone(); // toBytes() may share the message buffer
        for (; i < copy.length; i++) {
            if (copy[i] == '\n' || copy[i] == '\r') {
                copy[i] = ' ';
            }
        }
        return copy;
    }
}
