package dev.mcpgateway.jsonrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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

    private static final byte FLAT_UNKNOWN = 0;
    private static final byte FLAT = 1;
    private static final byte MULTILINE = 2;

    private final byte[] buf;
    private final int start;
    private final int end;
    private int hash;
    /** Whether the bytes hold a raw CR/LF (whitespace only); children of a flat value are flat. Benign race. */
    private byte flatness;
    /**
     * For objects, the member spans {@code [nameStart, nameEnd, valueStart, valueEnd]*}, found on
     * first access: routing reads a few members of each message, and the values it skips can be
     * large. Volatile so a value shared between threads (catalog items) publishes it safely.
     */
    private volatile int[] members;

    /** For an object the scanner indexed: per member, the member spans of its value if that is an object, else null. */
    private final int[][] objectMembers;

    JsonValue(byte[] buf, int start, int end) {
        this(buf, start, end, null, null);
    }

    /** A value whose member spans (and those of its object members) the scanner found while validating. */
    JsonValue(byte[] buf, int start, int end, int[] members, int[][] objectMembers) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.members = members;
        this.objectMembers = objectMembers;
    }

    private JsonValue(byte[] buf, int start, int end, byte flatness) {
        this(buf, start, end);
        this.flatness = flatness == FLAT ? FLAT : FLAT_UNKNOWN;
    }

    /** A value the scanner validated; {@code flat} if no whitespace inside it held a CR or LF. */
    static JsonValue scanned(byte[] buf, int start, int end, int[] members, int[][] objectMembers, boolean flat) {
        JsonValue value = new JsonValue(buf, start, end, members, objectMembers);
        value.flatness = flat ? FLAT : MULTILINE;
        return value;
    }

    /**
     * A value the writer built; flat if every raw value spliced into it was; {@code members} and
     * {@code objectMembers}, if not null, the member spans its writer recorded (as the scanner's).
     */
    static JsonValue written(byte[] buf, int size, boolean flat, int[] members, int[][] objectMembers) {
        JsonValue value = new JsonValue(buf, 0, size, members, objectMembers);
        value.flatness = flat ? FLAT : FLAT_UNKNOWN;
        return value;
    }

    /** True if the value's bytes contain no raw CR or LF, so it can go on one line as it is. */
    public boolean isFlat() {
        byte f = flatness;
        if (f == FLAT_UNKNOWN) {
            f = JsonScanner.containsNewline(buf, start, end) ? MULTILINE : FLAT;
            flatness = f;
        }
        return f == FLAT;
    }

    private JsonValue child(int from, int to) {
        return new JsonValue(buf, from, to, flatness);
    }

    /** The value of member {@code i}, with its member spans if the scanner recorded them. */
    private JsonValue memberChild(int[] index, int i) {
        int[] members = objectMembers == null || i >= objectMembers.length ? null : objectMembers[i];
        if (members == null) {
            return child(index[4 * i + 2], index[4 * i + 3]);
        }
        JsonValue value = new JsonValue(buf, index[4 * i + 2], index[4 * i + 3], members, null);
        value.flatness = flatness == FLAT ? FLAT : FLAT_UNKNOWN; // as child(): only flatness is inherited
        return value;
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

    /** True if this is a string whose decoded text is {@code text} (no decoding for plain ASCII). */
    public boolean isString(String text) {
        return isString() && nameEquals(start, end, text);
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
        int[] index = memberIndex();
        for (int k = 0; k < index.length; k += 4) {
            if (nameEquals(index[k], index[k + 1], name)) {
                return memberChild(index, k / 4);
            }
        }
        return null;
    }

    /** Number of members of an object. */
    public int memberCount() {
        return isObject() ? memberIndex().length / 4 : 0;
    }

    /** True if member {@code i}'s name is {@code name}. */
    boolean memberNameIs(int i, String name) {
        int[] index = memberIndex();
        return nameEquals(index[4 * i], index[4 * i + 1], name);
    }

    /** The decoded name of member {@code i}. */
    String memberName(int i) {
        int[] index = memberIndex();
        return new JsonValue(buf, index[4 * i], index[4 * i + 1]).asString();
    }

    /** The value of member {@code i}. */
    JsonValue memberValue(int i) {
        return memberChild(memberIndex(), i);
    }

    /**
     * Writes member {@code i}'s value unchanged, as {@code out.value(memberValue(i))} does; a value
     * known to be flat is copied straight from its span, without a {@link JsonValue} for it (an
     * edit copies every member it does not change, and most messages are flat).
     */
    void writeMemberValue(int i, JsonWriter out) {
        if (flatness != FLAT) {
            out.value(memberValue(i));
            return;
        }
        int[] index = memberIndex();
        out.flatValue(buf, index[4 * i + 2], index[4 * i + 3] - index[4 * i + 2]);
    }

    /** Writes member {@code i}'s name exactly as it was written (quotes and escapes included). */
    void writeMemberName(int i, JsonWriter out) {
        int[] index = memberIndex();
        out.rawName(buf, index[4 * i], index[4 * i + 1] - index[4 * i]);
    }

    private int[] memberIndex() {
        int[] index = members;
        if (index != null) {
            return index;
        }
        int[] spans = new int[16];
        int count = 0;
        int i = JsonScanner.skipWhitespace(buf, start + 1, end);
        while (buf[i] != '}') {
            int nameEnd = JsonScanner.skipStringTrusted(buf, i);
            int valueStart = JsonScanner.skipWhitespace(buf, JsonScanner.skipWhitespace(buf, nameEnd, end) + 1, end);
            int valueEnd = JsonScanner.skipTrusted(buf, valueStart);
            if (count + 4 > spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
            }
            spans[count++] = i;
            spans[count++] = nameEnd;
            spans[count++] = valueStart;
            spans[count++] = valueEnd;
            i = JsonScanner.skipWhitespace(buf, valueEnd, end);
            if (buf[i] == ',') {
                i = JsonScanner.skipWhitespace(buf, i + 1, end);
            }
        }
        index = Arrays.copyOf(spans, count);
        members = index;
        return index;
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
        int n = memberCount();
        for (int k = 0; k < n; k++) {
            visitor.accept(memberName(k), memberValue(k));
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
            out.add(child(i, valueEnd));
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

    /**
     * The value's original bytes without a copy, to hand to a write: the buffer is the value's
     * own, so it must only be read.
     */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, start, end - start);
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

    /** Compares a string (a member name, or a string value: the quoted text at {@code [nameStart, nameEnd)}) with {@code name}, without allocating for ASCII. */
    private boolean nameEquals(int nameStart, int nameEnd, String name) {
        int from = nameStart + 1;
        int len = nameEnd - 1 - from;
        int n = name.length();
        if (len < n) {
            return false; // escapes and UTF-8 only make the text longer than the raw bytes
        }
        for (int k = 0; k < len; k++) {
            byte b = buf[from + k];
            if (b < 0 || b == '\\') {
                return new JsonValue(buf, nameStart, nameEnd).asString().equals(name); // rare: compare the decoded text
            }
            // up to here the text is its raw bytes: a difference, or more bytes than the name has, settles it
            if (k == n || b != name.charAt(k)) {
                return false;
            }
        }
        return true; // len == n: every byte matched
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
