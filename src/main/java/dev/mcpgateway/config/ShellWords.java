package dev.mcpgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a command line into words the way a POSIX shell would, without running a shell.
 *
 * <p>A backend's {@code command} is usually written as one string ({@code "npx -y pkg"}); the
 * gateway starts the program directly, so quoting must be resolved here and nothing else a shell
 * does (variables, globs, pipes, redirections) happens. Rules:
 * <ul>
 *   <li>unquoted whitespace separates words;
 *   <li>{@code '...'} is taken literally;
 *   <li>{@code "..."} is literal except for {@code \"}, {@code \\}, {@code \$}, {@code \`}
 *       (the backslash is dropped) and backslash-newline (removed);
 *   <li>outside quotes a backslash takes the next character literally (backslash-newline is removed);
 *   <li>adjacent quoted and unquoted parts form one word ({@code --name="a b"} is one word);
 *       {@code ''} or {@code ""} alone is an empty word.
 * </ul>
 */
public final class ShellWords {

    private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {}

    /**
     * Splits {@code commandLine} into words.
     *
     * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
     */
    public static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int n = commandLine.length();
        int i = 0;
        while (i < n) {
            char c = commandLine.charAt(i);
            if (isBlank(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = commandLine.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated single quote (opened at character " + (i + 1) + ")");
                }
                word.append(commandLine, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(commandLine, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("ends with a backslash that escapes nothing");
                }
                char next = commandLine.charAt(i + 1);
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Reads a double-quoted part starting at the opening quote; returns the index after the closing quote. */
    private static int readDoubleQuoted(String s, int open, StringBuilder word) {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                switch (next) {
                    case '"', '\\', '$', '`' -> word.append(next);
                    case '\n' -> { /* line continuation */ }
                    default -> word.append(c).append(next);
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote (opened at character " + (open + 1) + ")");
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Quotes one word so that {@link #split} (or a POSIX shell) reads it back unchanged. */
    public static String quote(String word) {
        if (!word.isEmpty() && NEEDS_NO_QUOTES.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Joins words into one command line that {@link #split} turns back into the same words. */
    public static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(quote(w));
        }
        return out.toString();
    }
}
