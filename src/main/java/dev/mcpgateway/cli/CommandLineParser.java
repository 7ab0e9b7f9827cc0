package dev.mcpgateway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a command's arguments against its {@link CommandSpec}.
 *
 * <p>The rules: {@code --name VALUE} and {@code --name=VALUE} (also {@code -c VALUE} and
 * {@code -c=VALUE}); a flag takes no value; each option at most once; {@code --} ends the options
 * (what follows is positional even if it starts with {@code -}); a value that is itself an option
 * of the command, or starts with {@code --}, is taken as a missing value (give such a value as
 * {@code --name=--value}). {@code -h}/{@code --help} and {@code -V}/{@code --version} end parsing
 * where they appear: what came before must be valid, what comes after is not looked at.
 *
 * <p>Every mistake is a {@link UsageException} whose message names the option as typed. The
 * parser writes nothing, anywhere: in {@code --stdio} mode stdout carries MCP.
 */
final class CommandLineParser {

    private CommandLineParser() {}

    /** Parses {@code args[from..]} for {@code command}. */
    static ParsedArgs parse(CommandSpec command, String[] args, int from) {
        List<OptionSpec<?>> options = command.options();
        List<PositionalSpec<?>> positionalSpecs = command.positionals();
        Object[] given = new Object[options.size()];
        Object[] positionals = new Object[positionalSpecs.size()];
        int positionalCount = 0;
        boolean optionsEnded = false;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !looksLikeOption(arg)) {
                if (positionalCount == positionals.length) {
                    throw unexpectedArgument(command, arg);
                }
                PositionalSpec<?> positional = positionalSpecs.get(positionalCount);
                positionals[positionalCount++] = convert(positional.type(), positional.label(), arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String attached = eq < 0 ? null : arg.substring(eq + 1);
            boolean help = CommandSpec.HELP.hasName(name);
            if (help || CommandSpec.VERSION.hasName(name)) {
                if (attached != null) {
                    throw flagWithValue(name, arg);
                }
                return help ? ParsedArgs.helpRequest(command) : ParsedArgs.versionRequest(command);
            }
            int index = command.indexOf(name);
            if (index < 0) {
                throw unknownOption(name, command.optionNames());
            }
            OptionSpec<?> option = options.get(index);
            if (given[index] != null) {
                throw new UsageException(option.name() + " was given more than once");
            }
            if (option.isFlag()) {
                if (attached != null) {
                    throw flagWithValue(name, arg);
                }
                given[index] = Boolean.TRUE;
                continue;
            }
            String text = attached;
            if (text == null) {
                if (i + 1 == args.length || isOptionName(command, args[i + 1])) {
                    throw new UsageException(name + " needs a value: " + name + " " + option.paramLabel());
                }
                text = args[++i];
            }
            given[index] = convert(option.type(), name, text);
        }
        for (int p = positionalCount; p < positionals.length; p++) {
            if (positionalSpecs.get(p).required()) {
                throw new UsageException("missing " + positionalSpecs.get(p).label());
            }
        }
        for (ExclusiveGroup group : command.groups()) {
            checkGroup(command, group, given);
        }
        return new ParsedArgs(command, given, positionals);
    }

    /** {@code -x}, {@code --xyz}, {@code --}; not {@code -} alone (by convention: stdin, a value). */
    static boolean looksLikeOption(String arg) {
        return arg.length() > 1 && arg.charAt(0) == '-';
    }

    static UsageException unknownOption(String name, List<String> candidates) {
        return new UsageException("unknown option '" + name + "'" + Suggestions.didYouMean(name, candidates));
    }

    static UsageException flagWithValue(String name, String arg) {
        return new UsageException(name + " is a flag and takes no value (got '" + arg + "')");
    }

    /** Whether {@code next}, following an option that needs a value, is rather the next option. */
    private static boolean isOptionName(CommandSpec command, String next) {
        if (next.startsWith("--")) {
            return true;
        }
        if (!looksLikeOption(next)) {
            return false; // includes "-" alone
        }
        int eq = next.indexOf('=');
        String name = eq < 0 ? next : next.substring(0, eq);
        // "-1" or "-x" that is not an option of ours is a value: a port check will then say what is wrong with it
        return command.indexOf(name) >= 0 || CommandSpec.HELP.hasName(name) || CommandSpec.VERSION.hasName(name);
    }

    private static Object convert(ValueType<?> type, String what, String text) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    private static UsageException unexpectedArgument(CommandSpec command, String arg) {
        List<PositionalSpec<?>> positionals = command.positionals();
        if (positionals.isEmpty()) {
            return new UsageException("unexpected argument '" + arg + "' (" + command.name() + " takes no arguments, only options)");
        }
        List<String> usage = new ArrayList<>();
        for (PositionalSpec<?> p : positionals) {
            usage.add(p.usage());
        }
        return new UsageException("unexpected argument '" + arg + "' (" + command.name() + " takes only "
                + String.join(" ", usage) + ")");
    }

    private static void checkGroup(CommandSpec command, ExclusiveGroup group, Object[] given) {
        List<String> present = new ArrayList<>(2);
        for (OptionSpec<?> member : group.members()) {
            if (given[command.indexOf(member)] != null) {
                present.add(member.name());
            }
        }
        if (present.size() > 1) {
            throw new UsageException(Suggestions.joinWith(present, "and") + " are mutually exclusive; give only one");
        }
        if (present.isEmpty() && group.required()) {
            List<String> choices = new ArrayList<>();
            for (OptionSpec<?> member : group.members()) {
                choices.add(member.usage());
            }
            throw new UsageException("give one of " + Suggestions.joinWith(choices, "or"));
        }
    }
}
