package dev.mcpgateway.cli;

import java.util.List;

/**
 * Options of which at most one may be given ({@code --stdio} or {@code --http PORT}); if
 * {@code required}, exactly one. The members are also in the command's option list, which
 * decides where the group shows in the usage line: at its first member.
 */
record ExclusiveGroup(boolean required, List<OptionSpec<?>> members) {

    ExclusiveGroup {
        members = List.copyOf(members);
        if (members.size() < 2) {
            throw new IllegalArgumentException("an exclusive group needs two or more options");
        }
    }

    boolean contains(OptionSpec<?> option) {
        for (OptionSpec<?> member : members) {
            if (member == option) {
                return true;
            }
        }
        return false;
    }
}
