package dev.mcpgateway.jsonrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes compact JSON into a growable byte array, splicing in raw {@link JsonValue}s unchanged.
 *
 * <p>Used to build the envelopes the gateway sends: a forwarded message is rewritten by writing
 * a new envelope around the original bytes of every value the gateway does not own.
 * Commas are inserted automatically; the writer trusts its caller to nest correctly.
 */
public final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;
    /** Bit {@code d} of this mask is set when the container at depth d already has a member. */
    private long hasMember;
    private int depth;
    private boolean afterName;
    /** False once a spliced raw value contained a raw CR/LF (the writer itself never writes one). */
    private boolean flat = true;

    public JsonWriter() {
        this(256);
    }

    public JsonWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public JsonWriter beginObject() {
        beforeValue();
        writeByte('{');
        push();
        return this;
    }

    public JsonWriter endObject() {
        pop();
        writeByte('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        writeByte('[');
        push();
        return this;
    }

    public JsonWriter endArray() {
        pop();
        writeByte(']');
        return this;
    }

    /** Writes a member name given as its original JSON text (quotes and escapes included). */
    JsonWriter rawName(byte[] src, int off, int len) {
        separator();
        writeRawBytes(src, off, len);
        writeByte(':');
        afterName = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separator();
        writeString(name);
        writeByte(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String text) {
        if (text == null) {
            return nullValue();
        }
        beforeValue();
        writeString(text);
        return this;
    }

    public JsonWriter value(long number) {
        beforeValue();
        writeAscii(Long.toString(number));
        return this;
    }

    public JsonWriter value(double number) {
        beforeValue();
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            writeAscii(Long.toString((long) number));
        } else {
            writeAscii(Double.toString(number));
        }
        return this;
    }

    public JsonWriter value(boolean flag) {
        beforeValue();
        writeAscii(flag ? "true" : "false");
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        writeAscii("null");
        return this;
    }

    /** Writes a value's original bytes unchanged. */
    public JsonWriter value(JsonValue raw) {
        if (raw == null) {
            return nullValue();
        }
        beforeValue();
        flat &= raw.isFlat();
        raw.writeTo(this);
        return this;
    }

    /** Writes the bytes of a value known to be valid and flat (no raw CR or LF), unchanged. */
    void flatValue(byte[] src, int off, int len) {
        beforeValue();
        writeRawBytes(src, off, len);
    }

    /** Writes a complete, already valid JSON text (for example one produced by Jackson). */
    public JsonWriter rawValue(byte[] json) {
        beforeValue();
        flat &= !JsonScanner.containsNewline(json, 0, json.length);
        writeRawBytes(json, 0, json.length);
        return this;
    }

    /** Shorthand for {@code name(name).value(text)}. */
    public JsonWriter member(String name, String text) {
        return name(name).value(text);
    }

    public JsonWriter member(String name, long number) {
        return name(name).value(number);
    }

    public JsonWriter member(String name, boolean flag) {
        return name(name).value(flag);
    }

    public JsonWriter member(String name, JsonValue raw) {
        return name(name).value(raw);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The written text as a value (must be one complete JSON value). */
    public JsonValue toJsonValue() {
        return JsonValue.written(buf, size, flat, null, null);
    }

    /**
     * The written object as a value whose member spans (and, per member, those of its object
     * value, or null) the caller recorded while writing it: see {@link JsonObjectEdit}.
     */
    JsonValue toJsonValue(int[] members, int[][] objectMembers) {
        return JsonValue.written(buf, size, flat, members, objectMembers);
    }

    public int size() {
        return size;
    }

    void writeRawBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    private void push() {
        depth++;
        if (depth >= 64) {
            throw new IllegalStateException("JsonWriter nests at most 63 levels");
        }
        hasMember &= ~(1L << depth);
    }

    private void pop() {
        depth--;
        afterName = false;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        separator();
    }

    private void separator() {
        if (depth == 0) {
            return;
        }
        long bit = 1L << depth;
        if ((hasMember & bit) != 0) {
            writeByte(',');
        } else {
            hasMember |= bit;
        }
    }

    private void writeString(String s) {
        ensure(s.length() + 2);
        buf[size++] = '"';
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[size++] = (byte) c;
            } else if (c < 0x80) {
                writeEscaped(c);
            } else {
                // Encode the rest (and any surrogate pairs) through the JDK's UTF-8 encoder.
                int runEnd = i;
                while (runEnd < n && s.charAt(runEnd) >= 0x80) {
                    runEnd++;
                }
                byte[] utf8 = s.substring(i, runEnd).getBytes(StandardCharsets.UTF_8);
                writeRawBytes(utf8, 0, utf8.length);
                i = runEnd - 1;
            }
        }
        ensure(1);
        buf[size++] = '"';
    }

    private void writeEscaped(char c) {
        switch (c) {
            case '"' -> writeAscii("\\\"");
            case '\\' -> writeAscii("\\\\");
            case '\n' -> writeAscii("\\n");
            case '\r' -> writeAscii("\\r");
            case '\t' -> writeAscii("\\t");
            case '\b' -> writeAscii("\\b");
            case '\f' -> writeAscii("\\f");
            default -> {
                ensure(6);
                buf[size++] = '\\';
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[(c >> 4) & 0xF];
                buf[size++] = HEX[c & 0xF];
            }
        }
    }

    private void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void writeByte(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
