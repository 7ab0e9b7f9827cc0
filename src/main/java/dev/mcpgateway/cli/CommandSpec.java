package dev.mcpgateway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command's command line looks like: its name, its description for help, the options and
 * positional arguments it takes, and which options exclude each other. Every command also takes
 * {@link #HELP} and {@link #VERSION}, which are not listed in {@code options}.
 *
 * <p>Options are matched by identity (==) wherever the parser or {@link ParsedArgs} looks them
 * up: a record's generated equals and hashCode are bootstrapped through invokedynamic on first
 * use, a startup cost the command line does not need.
 *
 * @param name the word after {@code mcp-gateway}
 * @param description the help text, one paragraph per element; the first is the command's
 *     one-line summary in the list of commands
 * @param options the options, in the order the help lists them
 * @param positionals the positional arguments, required ones first
 * @param groups the sets of mutually exclusive options
 */
record CommandSpec(String name, List<String> description, List<OptionSpec<?>> options,
        List<PositionalSpec<?>> positionals, List<ExclusiveGroup> groups) {

    static final OptionSpec<Boolean> HELP = OptionSpec.flag(List.of("-h", "--help"), "Show this help message and exit.");
    static final OptionSpec<Boolean> VERSION = OptionSpec.flag(List.of("-V", "--version"), "Print version information and exit.");

    CommandSpec {
        description = List.copyOf(description);
        options = List.copyOf(options);
        positionals = List.copyOf(positionals);
        groups = List.copyOf(groups);
        if (name == null || name.isBlank() || description.isEmpty()) {
            throw new IllegalArgumentException("a command needs a name and a description");
        }
        checkNamesAreUnique(name, options);
        checkGroups(name, options, groups);
        boolean optionalSeen = false;
        for (PositionalSpec<?> p : positionals) {
            if (p.required() && optionalSeen) {
                throw new IllegalArgumentException(name + ": required argument " + p.label() + " after an optional one");
            }
            optionalSeen |= !p.required();
        }
    }

    /** The one-line summary shown in the list of commands. */
    String summary() {
        return description.getFirst();
    }

    /** The index in {@link #options} of the option spelled {@code optionName}, or -1. */
    int indexOf(String optionName) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).hasName(optionName)) {
                return i;
            }
        }
        return -1;
    }

    /** The index in {@link #options} of {@code option} itself, or -1. */
    int indexOf(OptionSpec<?> option) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i) == option) {
                return i;
            }
        }
        return -1;
    }

    /** Every spelling this command accepts, help and version included: the candidates of "did you mean". */
    List<String> optionNames() {
        List<String> names = new ArrayList<>();
        for (OptionSpec<?> option : options) {
            names.addAll(option.names());
        }
        names.addAll(HELP.names());
        names.addAll(VERSION.names());
        return names;
    }

    /** The group {@code option} belongs to, or null. */
    ExclusiveGroup groupOf(OptionSpec<?> option) {
        for (ExclusiveGroup group : groups) {
            if (group.contains(option)) {
                return group;
            }
        }
        return null;
    }

    private static void checkNamesAreUnique(String command, List<OptionSpec<?>> options) {
        List<String> seen = new ArrayList<>(HELP.names());
        seen.addAll(VERSION.names());
        for (OptionSpec<?> option : options) {
            for (String n : option.names()) {
                if (seen.contains(n)) {
                    throw new IllegalArgumentException(command + ": option " + n + " is declared twice (or is -h/--help/-V/--version)");
                }
                seen.add(n);
            }
        }
    }

    private static void checkGroups(String command, List<OptionSpec<?>> options, List<ExclusiveGroup> groups) {
        List<OptionSpec<?>> grouped = new ArrayList<>();
        for (ExclusiveGroup group : groups) {
            for (OptionSpec<?> member : group.members()) {
                boolean declared = false;
                for (OptionSpec<?> option : options) {
                    declared |= option == member;
                }
                for (OptionSpec<?> other : grouped) {
                    if (other == member) {
                        throw new IllegalArgumentException(command + ": " + member.name() + " is in two groups");
                    }
                }
                if (!declared) {
                    throw new IllegalArgumentException(command + ": group member " + member.name() + " is not one of its options");
                }
                grouped.add(member);
            }
        }
    }
}
