package dev.mcpgateway.backend.stdio;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns bytes a child process wrote into a short single-line text that is safe to put in a log
 * line or an error message: control characters, line separators and bidi controls are escaped
 * (so a child cannot forge log lines or colour a terminal), and the text is cut to a length.
 */
final class Printable {

    private Printable() {}

    /**
     * Decodes the start of {@code bytes} as UTF-8 (malformed input becomes U+FFFD) and escapes
     * it; if anything was cut, the result ends with {@code "…"}.
     */
    static String excerpt(byte[] bytes, int length, int maxChars) {
        // A UTF-8 character is at most 4 bytes; decoding more than that is wasted work.
        int decode = (int) Math.min(length, 4L * maxChars + 4);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(decode + 1);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, decode);
        // Not end-of-input: a character split by a cut (ours, or where the bytes were cut before
        // they got here) is left out and marked as a cut, rather than shown as U+FFFD.
        decoder.decode(in, chars, false);
        chars.flip();
        return escape(chars, maxChars, decode < length || in.hasRemaining());
    }

    static String excerpt(byte[] bytes, int maxChars) {
        return excerpt(bytes, bytes.length, maxChars);
    }

    private static String escape(CharSequence text, int maxChars, boolean moreFollows) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (i < text.length() || moreFollows) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029'                 // line / paragraph separator
                || (c >= '\u202a' && c <= '\u202e')               // bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069')               // bidi isolates
                || c == '\ufeff';                                 // byte order mark
    }
}
