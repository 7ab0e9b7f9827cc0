package dev.mcpgateway.jsonrpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Validates JSON text and finds where values begin and end, without building a tree.
 *
 * <p>This is the primitive behind byte-faithful forwarding: the gateway only needs to look at a
 * few fields of a message (id, method, a tool name, a progress token) and must copy everything
 * else exactly as it arrived ({@code 1.10} stays {@code 1.10}, {@code 1e400} stays {@code 1e400},
 * unknown keys survive). Jackson's streaming parser reports where a token starts but, because it
 * reads strings lazily, not reliably where a scalar ends; spans are what we need, so we scan.
 *
 * <p>The grammar is RFC 8259 exactly: no comments, no trailing commas, no leading zeros, no
 * unescaped control characters, well-formed UTF-8, nesting at most {@value #MAX_DEPTH} deep.
 */
public final class JsonScanner {

    /** Deeper nesting than this is rejected rather than risking the stack. */
    public static final int MAX_DEPTH = 512;

    /** Reads 8 bytes at a time: strings (text, base64 images) are most of a message's bytes. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;
    private static final long NEWLINES = ONES * '\n';
    private static final long RETURNS = ONES * '\r';

    private JsonScanner() {}

    /** Parses {@code buf} as one JSON text (one value with optional surrounding whitespace). */
    public static JsonValue parse(byte[] buf) {
        return parse(buf, 0, buf.length);
    }

    /** Parses {@code buf[from, to)} as one JSON text. */
    public static JsonValue parse(byte[] buf, int from, int to) {
        int start = skipWhitespace(buf, from, to);
        if (start >= to) {
            throw new JsonSyntaxException("empty input", start);
        }
        if (buf[start] == '{') {
            // A message is an object whose members routing reads (id, method, params, result) and
            // whose object members it reads one level down (params.name, params._meta): their
            // member spans are recorded while validating instead of being found by a second scan.
            ObjectIndex root = new ObjectIndex(true);
            Whitespace inside = new Whitespace();
            int end = skipObject(buf, start, to, 1, root, inside);
            requireEnd(buf, end, to);
            return JsonValue.scanned(buf, start, end, root.spans(), root.objectMembers(), !inside.hadNewline);
        }
        Whitespace inside = new Whitespace();
        int end = skipValue(buf, start, to, 0, inside);
        requireEnd(buf, end, to);
        return JsonValue.scanned(buf, start, end, null, null, !inside.hadNewline);
    }

    private static void requireEnd(byte[] buf, int end, int to) {
        int after = skipWhitespace(buf, end, to);
        if (after != to) {
            throw new JsonSyntaxException("unexpected data after the JSON value", after);
        }
    }

    /**
     * Member spans {@code [nameStart, nameEnd, valueStart, valueEnd]*} of an object, collected
     * while it is validated; with {@code nested}, also those of each member whose value is an
     * object (one level down only, so the extra work stays proportional to what routing reads).
     */
    static final class ObjectIndex {
        private final boolean nested;
        private int[] spans = new int[16];
        private int count;
        private int[][] objectMembers;

        ObjectIndex(boolean nested) {
            this.nested = nested;
        }

        private void add(int nameStart, int nameEnd, int valueStart, int valueEnd, int[] valueMembers) {
            if (count + 4 > spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
            }
            if (valueMembers != null) {
                int member = count / 4;
                if (objectMembers == null) {
                    objectMembers = new int[spans.length / 4][];
                } else if (member >= objectMembers.length) {
                    objectMembers = Arrays.copyOf(objectMembers, spans.length / 4);
                }
                objectMembers[member] = valueMembers;
            }
            spans[count++] = nameStart;
            spans[count++] = nameEnd;
            spans[count++] = valueStart;
            spans[count++] = valueEnd;
        }

        int[] spans() {
            return Arrays.copyOf(spans, count);
        }

        /** Per member, the spans of its value if that is an object indexed here, else null; null if none. */
        int[][] objectMembers() {
            return objectMembers;
        }
    }

    /**
     * What validation saw in the whitespace between tokens. A raw CR or LF can only be there (the
     * scanner refuses it inside strings), so a value whose whitespace had none is flat: it goes
     * on one line as it is, and nothing needs to scan it for newlines again.
     */
    private static final class Whitespace {
        boolean hadNewline;
    }

    /** As {@link #skipWhitespace(byte[], int, int)}, noting a CR or LF in {@code seen}. */
    private static int skipWhitespace(byte[] b, int i, int end, Whitespace seen) {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\n' || c == '\r') {
                seen.hadNewline = true;
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    static int skipWhitespace(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Validates the value starting at {@code i} and returns the offset just after it. */
    private static int skipValue(byte[] b, int i, int end, int depth, Whitespace seen) {
        if (i >= end) {
            throw new JsonSyntaxException("unexpected end of input, expected a value", i);
        }
        return switch (b[i]) {
            case '{' -> skipObject(b, i, end, depth + 1, null, seen);
            case '[' -> skipArray(b, i, end, depth + 1, seen);
            case '"' -> skipString(b, i, end);
            case 't' -> expectLiteral(b, i, end, "true");
            case 'f' -> expectLiteral(b, i, end, "false");
            case 'n' -> expectLiteral(b, i, end, "null");
            default -> skipNumber(b, i, end);
        };
    }

    /** Validates the object at {@code i}; records its member spans in {@code index} unless that is null. */
    private static int skipObject(byte[] b, int i, int end, int depth, ObjectIndex index, Whitespace seen) {
        checkDepth(depth, i);
        i = skipWhitespace(b, i + 1, end, seen);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                throw new JsonSyntaxException("expected a member name in double quotes", i);
            }
            int nameStart = i;
            int nameEnd = skipString(b, i, end);
            i = skipWhitespace(b, nameEnd, end, seen);
            if (i >= end || b[i] != ':') {
                throw new JsonSyntaxException("expected ':' after a member name", i);
            }
            int valueStart = skipWhitespace(b, i + 1, end, seen);
            int valueEnd;
            if (index == null) {
                valueEnd = skipValue(b, valueStart, end, depth, seen);
            } else if (index.nested && valueStart < end && b[valueStart] == '{') {
                ObjectIndex inner = new ObjectIndex(false);
                valueEnd = skipObject(b, valueStart, end, depth + 1, inner, seen);
                index.add(nameStart, nameEnd, valueStart, valueEnd, inner.spans());
            } else {
                valueEnd = skipValue(b, valueStart, end, depth, seen);
                index.add(nameStart, nameEnd, valueStart, valueEnd, null);
            }
            i = skipWhitespace(b, valueEnd, end, seen);
            if (i >= end) {
                throw new JsonSyntaxException("unterminated object", i);
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                throw new JsonSyntaxException("expected ',' or '}' in an object", i);
            }
            i = skipWhitespace(b, i + 1, end, seen);
        }
    }

    private static int skipArray(byte[] b, int i, int end, int depth, Whitespace seen) {
        checkDepth(depth, i);
        i = skipWhitespace(b, i + 1, end, seen);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = skipWhitespace(b, skipValue(b, i, end, depth, seen), end, seen);
            if (i >= end) {
                throw new JsonSyntaxException("unterminated array", i);
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                throw new JsonSyntaxException("expected ',' or ']' in an array", i);
            }
            i = skipWhitespace(b, i + 1, end, seen);
        }
    }

    private static void checkDepth(int depth, int at) {
        if (depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH, at);
        }
    }

    /** Validates a string literal starting at the opening quote; returns the offset after the closing quote. */
    static int skipString(byte[] b, int i, int end) {
        int start = i;
        i++;
        while (i < end) {
            // eight plain printable ASCII bytes at a time, then straight to the first special one
            // (most member names are shorter than eight bytes: without the jump, each of their
            // bytes would cost a failed eight-byte test)
            while (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                long special = (w & HIGHS) | hasZero(w ^ QUOTES) | hasZero(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS);
                if (special != 0) {
                    i += firstFlaggedByte(special);
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                break;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = skipEscape(b, i, end);
            } else if (c < 0x20) {
                throw new JsonSyntaxException("unescaped control character in a string", i);
            } else if (c < 0x80) {
                i++;
            } else {
                i = skipUtf8Sequence(b, i, end);
            }
        }
        throw new JsonSyntaxException("unterminated string", start);
    }

    private static int skipEscape(byte[] b, int i, int end) {
        if (i + 1 >= end) {
            throw new JsonSyntaxException("unterminated escape sequence", i);
        }
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                if (i + 6 > end) {
                    throw new JsonSyntaxException("truncated \\u escape", i);
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (hexDigit(b[k]) < 0) {
                        throw new JsonSyntaxException("invalid hex digit in a \\u escape", k);
                    }
                }
                return i + 6;
            }
            default -> throw new JsonSyntaxException("invalid escape sequence", i);
        }
    }

    static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF). */
    private static int skipUtf8Sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int length;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            throw new JsonSyntaxException("invalid UTF-8 lead byte", i);
        }
        if (i + length > end) {
            throw new JsonSyntaxException("truncated UTF-8 sequence", i);
        }
        int codePoint = c & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            int cont = b[i + k] & 0xFF;
            if ((cont & 0xC0) != 0x80) {
                throw new JsonSyntaxException("invalid UTF-8 continuation byte", i + k);
            }
            codePoint = (codePoint << 6) | (cont & 0x3F);
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new JsonSyntaxException("invalid UTF-8 sequence", i);
        }
        return i + length;
    }

    private static int expectLiteral(byte[] b, int i, int end, String literal) {
        int n = literal.length();
        if (i + n > end) {
            throw new JsonSyntaxException("invalid literal, expected " + literal, i);
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != literal.charAt(k)) {
                throw new JsonSyntaxException("invalid literal, expected " + literal, i);
            }
        }
        return i + n;
    }

    private static int skipNumber(byte[] b, int i, int end) {
        int start = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            throw new JsonSyntaxException("invalid number", start);
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = skipDigits(b, i, end);
        } else {
            throw new JsonSyntaxException(start == i ? "unexpected character, expected a value" : "invalid number", start);
        }
        if (i < end && b[i] == '.') {
            int digits = i + 1;
            i = skipDigits(b, digits, end);
            if (i == digits) {
                throw new JsonSyntaxException("invalid number: no digits after the decimal point", start);
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = i;
            i = skipDigits(b, digits, end);
            if (i == digits) {
                throw new JsonSyntaxException("invalid number: no digits in the exponent", start);
            }
        }
        return i;
    }

    private static int skipDigits(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * Skips a value that is already known to be valid: only brackets and strings are tracked.
     * Used when walking a value that {@link #parse} has checked.
     */
    static int skipTrusted(byte[] b, int i) {
        byte c = b[i];
        if (c == '"') {
            return skipStringTrusted(b, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                c = b[i];
                if (c == '"') {
                    i = skipStringTrusted(b, i);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
        }
        // literal or number: runs until a structural character or whitespace
        while (i < b.length) {
            c = b[i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    static int skipStringTrusted(byte[] b, int i) {
        i++;
        while (true) {
            while (i + 8 <= b.length) {
                long w = (long) LONGS.get(b, i);
                long special = hasZero(w ^ QUOTES) | hasZero(w ^ BACKSLASHES);
                if (special != 0) {
                    i += firstFlaggedByte(special);
                    break;
                }
                i += 8;
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /**
     * Nonzero iff some byte of {@code w} is zero (the classic SWAR test). A borrow can also flag
     * a byte after the first zero one, never one before it, so the lowest flag is exact.
     */
    private static long hasZero(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /** The index of the first flagged byte in a word read little-endian (the lowest flag bit). */
    private static int firstFlaggedByte(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    /** True if {@code b[from, to)} holds a raw CR or LF (in valid JSON: only as whitespace between tokens). */
    static boolean containsNewline(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if ((hasZero(w ^ NEWLINES) | hasZero(w ^ RETURNS)) != 0) {
                return true;
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                return true;
            }
        }
        return false;
    }
}
