package dev.mcpgateway.jsonrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One JSON value inside a validated UTF-8 buffer, as the bytes it was written with.
 *
 * <p>Instances come only from {@link JsonScanner#parse} (or from navigating a parsed value), so
 * the bytes are known to be valid JSON. Reading a member or element scans the bytes; nothing is
 * decoded unless asked for, and {@link #writeTo} copies the original bytes unchanged.
 *
 * <p>Equality is by content bytes, so a value can key a map (request ids, progress tokens).
 */
public final class JsonValue {

    /** The JSON type of a value, known from its first byte. */
    public enum Type { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    public static final JsonValue NULL = JsonScanner.parse("null".getBytes(StandardCharsets.US_ASCII));
    public static final JsonValue EMPTY_OBJECT = JsonScanner.parse("{}".getBytes(StandardCharsets.US_ASCII));

    private final byte[] buf;
    private final int start;
    private final int end;
    private int hash;

    JsonValue(byte[] buf, int start, int end) {
        this.buf = buf;
        this.start = start;
        this.end = end;
    }

    /** Parses a complete JSON text; throws {@link JsonSyntaxException} if it is not valid. */
    public static JsonValue parse(byte[] json) {
        return JsonScanner.parse(json);
    }

    /** Parses a complete JSON text; throws {@link JsonSyntaxException} if it is not valid. */
    public static JsonValue parse(String json) {
        return JsonScanner.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string value holding {@code text}. */
    public static JsonValue string(String text) {
        return new JsonWriter(text.length() + 8).value(text).toJsonValue();
    }

    /** A JSON number value holding {@code number}. */
    public static JsonValue number(long number) {
        byte[] bytes = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
        return new JsonValue(bytes, 0, bytes.length);
    }

    public Type type() {
        return switch (buf[start]) {
            case '{' -> Type.OBJECT;
            case '[' -> Type.ARRAY;
            case '"' -> Type.STRING;
            case 't' -> Type.TRUE;
            case 'f' -> Type.FALSE;
            case 'n' -> Type.NULL;
            default -> Type.NUMBER;
        };
    }

    public boolean isObject() {
        return buf[start] == '{';
    }

    public boolean isArray() {
        return buf[start] == '[';
    }

    public boolean isString() {
        return buf[start] == '"';
    }

    public boolean isNumber() {
        return type() == Type.NUMBER;
    }

    public boolean isNull() {
        return buf[start] == 'n';
    }

    public boolean isBoolean() {
        return buf[start] == 't' || buf[start] == 'f';
    }

    /** True for {@code true}; false for anything else. */
    public boolean isTrue() {
        return buf[start] == 't';
    }

    /** True for a number written without fraction or exponent, such as {@code 42} or {@code -7}. */
    public boolean isIntegral() {
        if (!isNumber()) {
            return false;
        }
        for (int i = start; i < end; i++) {
            byte c = buf[i];
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /** The decoded text of a string value. */
    public String asString() {
        if (!isString()) {
            throw new IllegalStateException("not a JSON string: " + this);
        }
        int from = start + 1;
        int to = end - 1;
        for (int i = from; i < to; i++) {
            if (buf[i] == '\\') {
                return decodeEscaped(from, to);
            }
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** The string's text if this is a string, otherwise null. */
    public String asStringOrNull() {
        return isString() ? asString() : null;
    }

    /** The value of an integral number that fits a long. */
    public long asLong() {
        if (!isIntegral()) {
            throw new IllegalStateException("not an integer: " + this);
        }
        return Long.parseLong(new String(buf, start, end - start, StandardCharsets.US_ASCII));
    }

    /** The value of any number, as a double (for limits and comparisons only, never for forwarding). */
    public double asDouble() {
        if (!isNumber()) {
            throw new IllegalStateException("not a number: " + this);
        }
        return Double.parseDouble(new String(buf, start, end - start, StandardCharsets.US_ASCII));
    }

    /** The member called {@code name} of an object, or null if absent (or if this is not an object). */
    public JsonValue get(String name) {
        if (!isObject()) {
            return null;
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int i = JsonScanner.skipWhitespace(buf, start + 1, end);
        while (buf[i] != '}') {
            int nameEnd = JsonScanner.skipStringTrusted(buf, i);
            boolean match = nameMatches(i, nameEnd, wanted, name);
            int valueStart = JsonScanner.skipWhitespace(buf, JsonScanner.skipWhitespace(buf, nameEnd, end) + 1, end);
            int valueEnd = JsonScanner.skipTrusted(buf, valueStart);
            if (match) {
                return new JsonValue(buf, valueStart, valueEnd);
            }
            i = JsonScanner.skipWhitespace(buf, valueEnd, end);
            if (buf[i] == ',') {
                i = JsonScanner.skipWhitespace(buf, i + 1, end);
            }
        }
        return null;
    }

    /** The string member {@code name}, or null if absent or not a string. */
    public String getString(String name) {
        JsonValue v = get(name);
        return v != null && v.isString() ? v.asString() : null;
    }

    /** True if this is an object with a member called {@code name}. */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** Visits the members of an object in document order (decoded names, raw values). */
    public void forEachMember(BiConsumer<String, JsonValue> visitor) {
        if (!isObject()) {
            throw new IllegalStateException("not a JSON object: " + this);
        }
        int i = JsonScanner.skipWhitespace(buf, start + 1, end);
        while (buf[i] != '}') {
            int nameEnd = JsonScanner.skipStringTrusted(buf, i);
            String memberName = new JsonValue(buf, i, nameEnd).asString();
            int valueStart = JsonScanner.skipWhitespace(buf, JsonScanner.skipWhitespace(buf, nameEnd, end) + 1, end);
            int valueEnd = JsonScanner.skipTrusted(buf, valueStart);
            visitor.accept(memberName, new JsonValue(buf, valueStart, valueEnd));
            i = JsonScanner.skipWhitespace(buf, valueEnd, end);
            if (buf[i] == ',') {
                i = JsonScanner.skipWhitespace(buf, i + 1, end);
            }
        }
    }

    /** The member names of an object, in document order. */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>();
        forEachMember((n, v) -> names.add(n));
        return names;
    }

    /** The elements of an array, in order. */
    public List<JsonValue> elements() {
        if (!isArray()) {
            throw new IllegalStateException("not a JSON array: " + this);
        }
        List<JsonValue> out = new ArrayList<>();
        int i = JsonScanner.skipWhitespace(buf, start + 1, end);
        while (buf[i] != ']') {
            int valueEnd = JsonScanner.skipTrusted(buf, i);
            out.add(new JsonValue(buf, i, valueEnd));
            i = JsonScanner.skipWhitespace(buf, valueEnd, end);
            if (buf[i] == ',') {
                i = JsonScanner.skipWhitespace(buf, i + 1, end);
            }
        }
        return out;
    }

    /** Number of bytes of the value's text. */
    public int length() {
        return end - start;
    }

    /** Copies the value's original bytes. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, start, end - start);
    }

    void writeTo(JsonWriter out) {
        out.writeRawBytes(buf, start, end - start);
    }

    /** The value's original bytes (a copy unless the value spans its whole buffer). */
    public byte[] toBytes() {
        if (start == 0 && end == buf.length) {
            return buf;
        }
        return Arrays.copyOfRange(buf, start, end);
    }

    /** The value's original text. */
    @Override
    public String toString() {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonValue other
                && Arrays.equals(buf, start, end, other.buf, other.start, other.end);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (int i = start; i < end; i++) {
                h = 31 * h + buf[i];
            }
            hash = h;
        }
        return h;
    }

    private boolean nameMatches(int nameStart, int nameEnd, byte[] wanted, String name) {
        int len = nameEnd - nameStart - 2;
        boolean escaped = false;
        for (int k = nameStart + 1; k < nameEnd - 1; k++) {
            if (buf[k] == '\\') {
                escaped = true;
                break;
            }
        }
        if (escaped) {
            return new JsonValue(buf, nameStart, nameEnd).asString().equals(name);
        }
        return len == wanted.length && Arrays.equals(buf, nameStart + 1, nameEnd - 1, wanted, 0, wanted.length);
    }

    private String decodeEscaped(int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int runStart = i;
            while (i < to && buf[i] != '\\') {
                i++;
            }
            if (i > runStart) {
                sb.append(new String(buf, runStart, i - runStart, StandardCharsets.UTF_8));
            }
            if (i >= to) {
                break;
            }
            byte e = buf[i + 1];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int cp = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        cp = (cp << 4) | JsonScanner.hexDigit(buf[k]);
                    }
                    sb.append((char) cp);
                    i += 4;
                }
                default -> sb.append((char) e); // '"', '\\', '/'
            }
            i += 2;
        }
        return sb.toString();
    }
}
