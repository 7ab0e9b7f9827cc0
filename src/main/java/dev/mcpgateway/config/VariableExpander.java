package dev.mcpgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} (default when VAR is unset or empty, as in a
 * shell; the default may itself contain {@code ${...}}). {@code $$} is a literal {@code $}; a
 * {@code $} before anything else is kept as is.
 *
 * <p>Results are often secrets: callers must show the original text in messages, never the result.
 */
final class VariableExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Either the expanded text, or why expansion failed (the message quotes no expanded value). */
    sealed interface Result {
        /** {@code unset}: variables that were unset in lenient mode and expanded to "". */
        record Expanded(String text, List<String> unset) implements Result {}

        record Failed(String message) implements Result {}
    }

    private final Map<String, String> environment;

    VariableExpander(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Expands {@code raw}. With {@code lenient}, an unset variable without a default becomes the
     * empty string instead of an error (used for disabled backends).
     */
    Result expand(String raw, boolean lenient) {
        if (raw.indexOf('$') < 0) {
            return new Result.Expanded(raw, List.of());
        }
        Parse parse = new Parse(raw);
        String text;
        try {
            text = parse.until(false);
        } catch (IllegalArgumentException e) {
            return new Result.Failed(e.getMessage());
        }
        if (!lenient && !parse.missing.isEmpty()) {
            return new Result.Failed(missingMessage(parse.missing));
        }
        return new Result.Expanded(text, List.copyOf(parse.missing));
    }

    /** The variables {@code raw} refers to (without a default) that are not set. */
    List<String> unsetIn(String raw) {
        return expand(raw, true) instanceof Result.Expanded e ? e.unset() : List.of();
    }

    static String missingMessage(List<String> names) {
        String first = names.getFirst();
        if (names.size() == 1) {
            return "environment variable " + first + " is not set; set it, or give a default: ${" + first + ":-default}";
        }
        return "environment variables " + String.join(", ", names) + " are not set; set them, or give defaults: ${"
                + first + ":-default}";
    }

    /** A recursive-descent pass over one string (defaults may nest). */
    private final class Parse {
        private final String s;
        private final List<String> missing = new ArrayList<>();
        private int i;

        Parse(String s) {
            this.s = s;
        }

        /** Expands up to the end, or (inside a default) up to the closing brace, which it consumes. */
        String until(boolean closingBrace) {
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (closingBrace && c == '}') {
                    i++;
                    return out.toString();
                }
                if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                    out.append('$');
                    i += 2;
                } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                    out.append(reference());
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (closingBrace) {
                throw new IllegalArgumentException("unterminated ${ in a default value: missing }");
            }
            return out.toString();
        }

        /** At "${": reads NAME, then "}" or ":-default}". */
        private String reference() {
            int start = i;
            i += 2;
            int nameEnd = i;
            while (nameEnd < s.length() && s.charAt(nameEnd) != '}' && !s.startsWith(":-", nameEnd)) {
                nameEnd++;
            }
            if (nameEnd >= s.length()) {
                throw new IllegalArgumentException("unterminated " + s.substring(start, Math.min(s.length(), start + 40))
                        + ": missing }");
            }
            String name = s.substring(i, nameEnd);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("\"${" + name + "}\" is not a valid variable reference; names are letters,"
                        + " digits and _ (write $$ for a literal $)");
            }
            String value = environment.get(name);
            if (s.charAt(nameEnd) == '}') {
                i = nameEnd + 1;
                if (value == null) {
                    if (!missing.contains(name)) {
                        missing.add(name);
                    }
                    return "";
                }
                return value;
            }
            i = nameEnd + 2;
            String fallback = until(true);
            return value == null || value.isEmpty() ? fallback : value;
        }
    }
}
