package dev.mcpgateway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The help texts, laid out for an 80-column terminal: a usage line, the description, then tables
 * whose second column is aligned and wrapped at word boundaries (a word longer than a line is
 * left whole rather than cut).
 */
final class HelpRenderer {

    static final int WIDTH = 80;
    private static final String INDENT = "  ";
    private static final int GAP = 2;
    /** A first cell longer than this puts its description on the next line, so one long option does not squeeze every description. */
    private static final int MAX_CELL = 24;

    private HelpRenderer() {}

    /** {@code mcp-gateway --help}: the commands with their summaries. */
    static List<String> programHelp(String description, List<CommandSpec> commands) {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + GatewayCommand.PROGRAM + " COMMAND [OPTIONS]");
        lines.addAll(fill(words(description), "", ""));
        lines.add("");
        lines.add("Commands:");
        List<String[]> rows = new ArrayList<>();
        for (CommandSpec command : commands) {
            rows.add(new String[] {command.name(), command.summary()});
        }
        lines.addAll(table(rows));
        lines.add("");
        lines.add("Options:");
        lines.addAll(table(List.of(optionRow(CommandSpec.HELP), optionRow(CommandSpec.VERSION))));
        lines.add("");
        lines.add("Run '" + GatewayCommand.PROGRAM + " COMMAND --help' for the options of a command.");
        return lines;
    }

    /** {@code mcp-gateway <command> --help}. */
    static List<String> commandHelp(CommandSpec command) {
        List<String> lines = new ArrayList<>();
        String usage = "Usage: " + GatewayCommand.PROGRAM + " " + command.name();
        List<String> synopsis = synopsis(command);
        if (synopsis.isEmpty()) {
            lines.add(usage);
        } else {
            lines.addAll(fill(synopsis, usage + " ", " ".repeat(usage.length() + 1)));
        }
        for (String paragraph : command.description()) {
            lines.addAll(fill(words(paragraph), "", ""));
        }
        if (!command.positionals().isEmpty()) {
            lines.add("");
            lines.add("Arguments:");
            List<String[]> rows = new ArrayList<>();
            for (PositionalSpec<?> positional : command.positionals()) {
                rows.add(new String[] {positional.usage(), positional.description()});
            }
            lines.addAll(table(rows));
        }
        lines.add("");
        lines.add("Options:");
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec<?> option : command.options()) {
            rows.add(optionRow(option));
        }
        rows.add(optionRow(CommandSpec.HELP));
        rows.add(optionRow(CommandSpec.VERSION));
        lines.addAll(table(rows));
        return lines;
    }

    static void print(PrintWriter out, List<String> lines) {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /**
     * The usage line's items: {@code [-c FILE]} per option in declaration order, a group as
     * {@code (--stdio | --http PORT)} (required) or {@code [... | ...]} where its first member is,
     * then the positional arguments. Help and version are left to the table.
     */
    private static List<String> synopsis(CommandSpec command) {
        List<String> items = new ArrayList<>();
        for (OptionSpec<?> option : command.options()) {
            ExclusiveGroup group = command.groupOf(option);
            if (group == null) {
                items.add("[" + synopsisItem(option) + "]");
            } else if (group.members().getFirst() == option) {
                List<String> members = new ArrayList<>();
                for (OptionSpec<?> member : group.members()) {
                    members.add(synopsisItem(member));
                }
                String alternatives = String.join(" | ", members);
                items.add(group.required() ? "(" + alternatives + ")" : "[" + alternatives + "]");
            }
        }
        for (PositionalSpec<?> positional : command.positionals()) {
            items.add(positional.usage());
        }
        return items;
    }

    private static String synopsisItem(OptionSpec<?> option) {
        String first = option.names().getFirst();
        return option.isFlag() ? first : first + " " + option.paramLabel();
    }

    /** {@code -c, --config FILE} (long-only names indented past the short column) and the description with its default. */
    private static String[] optionRow(OptionSpec<?> option) {
        String names = String.join(", ", option.names());
        String cell = (option.names().getFirst().startsWith("--") ? "    " : "") + names
                + (option.isFlag() ? "" : " " + option.paramLabel());
        String description = option.defaultText() == null
                ? option.description()
                : option.description() + " (default: " + option.defaultText() + ")";
        return new String[] {cell, description};
    }

    /** Two columns: {@code rows[i][0]} indented, {@code rows[i][1]} aligned after the widest first cell that is not too wide. */
    private static List<String> table(List<String[]> rows) {
        int widest = 0;
        for (String[] row : rows) {
            if (row[0].length() <= MAX_CELL) {
                widest = Math.max(widest, row[0].length());
            }
        }
        int column = INDENT.length() + widest + GAP;
        String hanging = " ".repeat(column);
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            String cell = INDENT + row[0];
            if (row[0].length() > widest) {
                lines.add(cell);
                lines.addAll(fill(words(row[1]), hanging, hanging));
            } else {
                lines.addAll(fill(words(row[1]), cell + " ".repeat(column - cell.length()), hanging));
            }
        }
        return lines;
    }

    /**
     * Lines of at most {@link #WIDTH} columns made of {@code items} separated by one space, the
     * first line starting with {@code first}, the others with {@code rest}. An item that does not
     * fit on an empty line gets a line of its own.
     */
    static List<String> fill(List<String> items, String first, String rest) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String item : items) {
            boolean empty = line.length() == start;
            if (!empty && line.length() + 1 + item.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(rest);
                start = rest.length();
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(item);
        }
        lines.add(line.toString().stripTrailing());
        return lines;
    }

    /** The words of {@code text}, split at spaces. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < text.length() && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }
}
