package dev.mcpgateway.cli;

import java.util.List;

/**
 * One option of a command. A command declares its options as constants: the parser accepts
 * what they say, the help shows them, and the command reads each value back with its constant
 * ({@link ParsedArgs#value(OptionSpec)}), so one declaration is the only source of truth.
 *
 * @param names every spelling, short ones ({@code -c}) first, then long ones ({@code --config});
 *     messages use the last
 * @param paramLabel the placeholder of the value in help ({@code FILE}); null for a flag
 * @param type how the value's text becomes the value; null for a flag
 * @param description what the option does, for help
 * @param defaultText the default as a user would type it, shown in help; null if none
 * @param defaultValue {@code defaultText} converted by {@code type}: what the command gets when
 *     the option is absent
 * @param <T> the type of the value ({@link Boolean} for a flag)
 */
record OptionSpec<T>(List<String> names, String paramLabel, ValueType<T> type, String description,
        String defaultText, T defaultValue) {

    OptionSpec {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an option needs a name");
        }
        boolean longSeen = false;
        for (String name : names) {
            boolean isLong = isLongName(name);
            if (!isLong && !isShortName(name)) {
                throw new IllegalArgumentException("not an option name: '" + name + "' (use -x or --name)");
            }
            if (longSeen && !isLong) {
                throw new IllegalArgumentException("short names come before long ones: " + names);
            }
            longSeen |= isLong;
        }
        if ((paramLabel == null) != (type == null)) {
            throw new IllegalArgumentException(names + ": an option with a value needs both a label and a type");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException(names + ": needs a description");
        }
    }

    /** An option without a value: present or not. */
    static OptionSpec<Boolean> flag(List<String> names, String description) {
        return new OptionSpec<>(names, null, null, description, null, null);
    }

    /** An option that takes one value: {@code --name VALUE} or {@code --name=VALUE}. */
    static <T> OptionSpec<T> value(List<String> names, String paramLabel, ValueType<T> type, String description) {
        return new OptionSpec<>(names, paramLabel, type, description, null, null);
    }

    /** This option with a default, converted now: a bad default fails when the command class loads. */
    OptionSpec<T> withDefault(String text) {
        if (isFlag()) {
            throw new IllegalArgumentException(name() + ": a flag has no default");
        }
        return new OptionSpec<>(names, paramLabel, type, description, text, type.parse(text));
    }

    boolean isFlag() {
        return type == null;
    }

    /** The name messages use: the last, long one. */
    String name() {
        return names.getLast();
    }

    boolean hasName(String candidate) {
        for (String name : names) {
            if (name.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --http PORT} or {@code --stdio}: the long name with the label, for messages. */
    String usage() {
        return isFlag() ? name() : name() + " " + paramLabel;
    }

    private static boolean isShortName(String name) {
        return name.length() == 2 && name.charAt(0) == '-' && name.charAt(1) != '-' && name.charAt(1) != '=';
    }

    private static boolean isLongName(String name) {
        return name.length() > 3 && name.startsWith("--") && name.charAt(2) != '-' && name.indexOf('=') < 0
                && name.indexOf(' ') < 0;
    }
}
