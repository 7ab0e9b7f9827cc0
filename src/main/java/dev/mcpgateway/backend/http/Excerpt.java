package dev.mcpgateway.backend.http;

import java.nio.charset.StandardCharsets;

/** Short, printable, single-line excerpts of what a server sent, for logs and error messages. */
final class Excerpt {

    static final int DEFAULT_CHARS = 200;

    private Excerpt() {}

    static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** At most {@value #DEFAULT_CHARS} characters of {@code bytes[from, to)} as UTF-8. */
    static String of(byte[] bytes, int from, int to) {
        int len = Math.min(to - from, DEFAULT_CHARS * 4);
        String text = new String(bytes, from, len, StandardCharsets.UTF_8);
        return printable(text, to - from > len);
    }

    static String of(String text) {
        return printable(text, false);
    }

    private static String printable(String text, boolean truncated) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), DEFAULT_CHARS) + 8);
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            if (count == DEFAULT_CHARS) {
                truncated = true;
                break;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(cp) || cp == 0xFFFD
                    || Character.getType(cp) == Character.FORMAT) {
                out.append('?');
            } else {
                out.appendCodePoint(cp);
            }
            count++;
        }
        if (truncated) {
            out.append('…');
        }
        return out.toString();
    }
}
