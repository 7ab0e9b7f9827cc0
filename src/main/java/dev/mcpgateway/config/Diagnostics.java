package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Mark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Collects the problems of one load, so that all of them are reported at once. */
final class Diagnostics {

    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    private final String source;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final Consumer<ConfigProblem> warningSink;

    Diagnostics(String source, Consumer<ConfigProblem> warnings) {
        this.source = source;
        this.warningSink = warnings;
    }

    void error(Mark at, String keyPath, String message) {
        errors.add(new ConfigProblem(source, at.line(), at.column(), keyPath, message));
    }

    void warn(Mark at, String keyPath, String message) {
        warnings.add(new ConfigProblem(source, at.line(), at.column(), keyPath, message));
    }

    /** Hands the warnings to the sink, in file order (sections are read in schema order, not file order). */
    void flushWarnings() {
        List<ConfigProblem> sorted = new ArrayList<>(warnings);
        warnings.clear();
        sorted.sort(FILE_ORDER);
        sorted.forEach(warningSink);
    }

    int errorCount() {
        return errors.size();
    }

    /** Throws with every error, in file order, if there were any. */
    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(errors);
            sorted.sort(FILE_ORDER);
            throw new ConfigException(sorted);
        }
    }
}
