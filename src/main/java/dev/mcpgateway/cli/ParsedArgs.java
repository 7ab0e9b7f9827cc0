package dev.mcpgateway.cli;

/**
 * What {@link CommandLineParser} found on a command line, read back with the command's own
 * option and argument constants, so each value comes out with its declared type. Or: that
 * {@code --help} or {@code --version} was asked for instead.
 */
final class ParsedArgs {

    private final CommandSpec command;
    /** By the option's index in the command's option list; null where the option was not given. */
    private final Object[] options;
    private final Object[] positionals;
    private final boolean helpRequested;
    private final boolean versionRequested;

    ParsedArgs(CommandSpec command, Object[] options, Object[] positionals) {
        this(command, options, positionals, false, false);
    }

    private ParsedArgs(CommandSpec command, Object[] options, Object[] positionals, boolean help, boolean version) {
        this.command = command;
        this.options = options;
        this.positionals = positionals;
        this.helpRequested = help;
        this.versionRequested = version;
    }

    static ParsedArgs helpRequest(CommandSpec command) {
        return new ParsedArgs(command, new Object[command.options().size()], new Object[command.positionals().size()], true, false);
    }

    static ParsedArgs versionRequest(CommandSpec command) {
        return new ParsedArgs(command, new Object[command.options().size()], new Object[command.positionals().size()], false, true);
    }

    boolean helpRequested() {
        return helpRequested;
    }

    boolean versionRequested() {
        return versionRequested;
    }

    /** Whether the flag was given. */
    boolean flag(OptionSpec<Boolean> option) {
        if (!option.isFlag()) {
            throw new IllegalArgumentException(option.name() + " takes a value; read it with value()");
        }
        return options[index(option)] != null;
    }

    /** The option's value: as given, else its default, else null. */
    @SuppressWarnings("unchecked") // the parser stored what the option's own type produced
    <T> T value(OptionSpec<T> option) {
        Object given = options[index(option)];
        return given != null ? (T) given : option.defaultValue();
    }

    /** Whether the option was on the command line (a default does not count). */
    boolean given(OptionSpec<?> option) {
        return options[index(option)] != null;
    }

    /** The argument's value, or null if it was not given. */
    @SuppressWarnings("unchecked")
    <T> T value(PositionalSpec<T> positional) {
        for (int i = 0; i < positionals.length; i++) {
            if (command.positionals().get(i) == positional) {
                return (T) positionals[i];
            }
        }
        throw new IllegalArgumentException(positional.label() + " is not an argument of " + command.name());
    }

    private int index(OptionSpec<?> option) {
        int index = command.indexOf(option);
        if (index < 0) {
            throw new IllegalArgumentException(option.name() + " is not an option of " + command.name());
        }
        return index;
    }
}
