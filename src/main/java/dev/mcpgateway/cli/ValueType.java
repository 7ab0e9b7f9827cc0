package dev.mcpgateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the text of an option's value or of a positional argument becomes a value. The parser
 * converts while it parses, so a bad value is a usage error before the command starts doing
 * anything. The set of kinds is closed and small; a switch keeps it to one class.
 *
 * @param <T> the type of the value
 */
final class ValueType<T> {

    private enum Kind { STRING, PATH, PORT, CHOICE }

    /** The text as given (it may be empty). */
    static final ValueType<String> STRING = new ValueType<>(Kind.STRING, null);

    /** A file system path; empty text is rejected (it would silently mean the current directory). */
    static final ValueType<Path> PATH = new ValueType<>(Kind.PATH, null);

    /** A TCP port, 0 to 65535 (0: any free port). */
    static final ValueType<Integer> PORT = new ValueType<>(Kind.PORT, null);

    private final Kind kind;
    private final Enum<?>[] choices;

    private ValueType(Kind kind, Enum<?>[] choices) {
        this.kind = kind;
        this.choices = choices;
    }

    /**
     * One of {@code constants}, named case-insensitively ({@code json}, {@code JSON}). The
     * constants are passed in, not looked up, so no reflection is involved.
     */
    static <E extends Enum<E>> ValueType<E> oneOf(E[] constants) {
        if (constants.length == 0) {
            throw new IllegalArgumentException("a choice needs at least one value");
        }
        return new ValueType<>(Kind.CHOICE, constants.clone());
    }

    /**
     * The value of {@code text}.
     *
     * @throws IllegalArgumentException with a message that completes {@code "--option: "}
     */
    @SuppressWarnings("unchecked")
    T parse(String text) {
        Object value = switch (kind) {
            case STRING -> text;
            case PATH -> path(text);
            case PORT -> port(text);
            case CHOICE -> choice(text);
        };
        return (T) value;
    }

    /** The names a choice accepts, lower case as users type them; empty for other kinds. */
    List<String> choiceNames() {
        List<String> names = new ArrayList<>();
        if (choices != null) {
            for (Enum<?> c : choices) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static Path path(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected a path, got an empty value");
        }
        return Path.of(text); // InvalidPathException is an IllegalArgumentException with a clear message
    }

    private static Integer port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got '" + text + "'");
        }
        return port;
    }

    private Enum<?> choice(String text) {
        for (Enum<?> c : choices) {
            if (c.name().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", choiceNames()) + ", got '" + text + "'");
    }
}
