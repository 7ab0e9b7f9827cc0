package dev.mcpgateway.config;

import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the position it was written at, so that every problem can point at its line
 * and column. Scalars keep their text exactly; typing (integer, boolean, duration...) is decided
 * by the schema after {@code ${VAR}} expansion, so {@code port: ${PORT:-8080}} works.
 */
sealed interface YamlNode {

    /** 1-based line and column. */
    record Mark(int line, int column) {}

    Mark mark();

    /** How the node is named in "expected X, got Y" messages. */
    String kind();

    /** A scalar; {@code isNull} for an empty value, {@code null} or {@code ~}. */
    record Scalar(String text, boolean isNull, Mark mark) implements YamlNode {
        @Override
        public String kind() {
            return isNull ? "null" : "a string";
        }
    }

    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, Mark mark) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }
    }

    /** A key and its value; {@code keyMark} is where the key is written. */
    record Entry(String key, Mark keyMark, YamlNode value) {}
}
