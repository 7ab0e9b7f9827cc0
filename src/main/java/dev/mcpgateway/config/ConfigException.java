package dev.mcpgateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used; carries every problem found, in file order. */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(null, null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Every problem, one per line. */
    @Override
    public String getMessage() {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
