package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Entry;
import dev.mcpgateway.config.YamlNode.Mapping;
import dev.mcpgateway.config.YamlNode.Mark;
import dev.mcpgateway.config.YamlNode.Scalar;
import dev.mcpgateway.config.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads one YAML document into {@link YamlNode}s with positions, using Jackson's YAML streaming
 * parser. Databind is not used on purpose: it would drop positions and (in Jackson 3) silently
 * ignore unknown keys.
 *
 * <p>Beyond plain YAML it handles what real config files use: anchors and aliases on mappings and
 * lists ({@code &defaults} / {@code *defaults}) and merge keys ({@code <<: *defaults}, explicit
 * keys win). Duplicate keys are errors, since YAML parsers disagree on which one wins.
 */
final class YamlDocumentReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    private static final String MERGE_KEY = "<<";

    private final Diagnostics diagnostics;
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private YAMLParser parser;

    private YamlDocumentReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Parses {@code text}. Returns the root node (an empty mapping for an empty document), or
     * empty after reporting a syntax error, which stops parsing.
     */
    static Optional<YamlNode> read(String text, Diagnostics diagnostics) {
        return new YamlDocumentReader(diagnostics).readDocument(text);
    }

    private Optional<YamlNode> readDocument(String text) {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(ObjectReadContext.empty(), text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return Optional.of(new Mapping(List.of(), new Mark(1, 1)));
            }
            YamlNode root = readValue(first);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                diagnostics.error(mark(), "", "a config file holds one YAML document, but a second one starts here");
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            reportSyntaxError(e);
            return Optional.empty();
        }
    }

    private YamlNode readValue(JsonToken token) {
        Mark mark = mark();
        return switch (token) {
            case START_OBJECT -> readMapping(mark, anchor());
            case START_ARRAY -> readSequence(mark, anchor());
            case VALUE_NULL -> new Scalar("", true, mark);
            case VALUE_STRING -> parser.isCurrentAlias() ? resolveAlias(parser.getString(), mark) : scalar(mark);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getString(), false, mark);
            default -> {
                diagnostics.error(mark, "", "unsupported YAML value (" + token + ")");
                yield new Scalar("", true, mark);
            }
        };
    }

    private Scalar scalar(Mark mark) {
        String text = parser.getString();
        // Jackson types only a plain "null" as null; YAML 1.2's core schema also has "~".
        return new Scalar(text, "~".equals(text), mark);
    }

    private Mapping readMapping(Mark mark, String anchor) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Mapping> merged = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            Mark keyMark = mark();
            YamlNode value = readValue(parser.nextToken());
            if (MERGE_KEY.equals(key)) {
                collectMergeSources(value, merged);
            } else if (entries.containsKey(key)) {
                Mark first = entries.get(key).keyMark();
                diagnostics.error(keyMark, "", "duplicate key \"" + key + "\" (first written at line " + first.line() + ")");
            } else {
                entries.put(key, new Entry(key, keyMark, value));
            }
        }
        for (Mapping source : merged) {
            for (Entry e : source.entries()) {
                entries.putIfAbsent(e.key(), e);
            }
        }
        Mapping node = new Mapping(List.copyOf(entries.values()), mark);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private void collectMergeSources(YamlNode value, List<Mapping> merged) {
        switch (value) {
            case Mapping m -> merged.add(m);
            case Sequence s when s.items().stream().allMatch(Mapping.class::isInstance) ->
                    s.items().forEach(item -> merged.add((Mapping) item));
            default -> diagnostics.error(value.mark(), "", "a merge key (<<) needs a mapping or a list of mappings, got " + value.kind());
        }
    }

    private Sequence readSequence(Mark mark, String anchor) {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(token));
        }
        Sequence node = new Sequence(List.copyOf(items), mark);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode resolveAlias(String name, Mark mark) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            // Jackson reports anchors of mappings and lists only, so an alias of a scalar ends up here too.
            diagnostics.error(mark, "", "alias *" + name + " does not name an anchored mapping or list before it"
                    + " (aliases of single values are not supported; repeat the value)");
            return new Scalar("", true, mark);
        }
        return target;
    }

    private String anchor() {
        Object id = parser.getObjectId();
        return id == null ? null : id.toString();
    }

    private Mark mark() {
        TokenStreamLocation at = parser.currentTokenLocation();
        return new Mark(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    private void reportSyntaxError(JacksonException e) {
        // snakeyaml's own exception has the precise position and separates the problem from its context;
        // Jackson's location often points at the start of the enclosing block instead.
        if (e.getCause() instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
            org.snakeyaml.engine.v2.exceptions.Mark at = yaml.getProblemMark().get();
            StringBuilder message = new StringBuilder("invalid YAML: ").append(clean(yaml.getProblem()));
            if (yaml.getContext() != null && yaml.getContextMark().isPresent()) {
                org.snakeyaml.engine.v2.exceptions.Mark ctx = yaml.getContextMark().get();
                message.append(" (").append(clean(yaml.getContext()))
                        .append(" at line ").append(ctx.getLine() + 1).append(", column ").append(ctx.getColumn() + 1).append(')');
            }
            diagnostics.error(new Mark(at.getLine() + 1, at.getColumn() + 1), "", message.toString());
            return;
        }
        TokenStreamLocation at = e.getLocation();
        Mark mark = at == null ? new Mark(1, 1) : new Mark(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
        diagnostics.error(mark, "", "invalid YAML: " + clean(firstLine(e.getOriginalMessage())));
    }

    private static String clean(String text) {
        // snakeyaml writes a tab as the text \t(TAB).
        return text == null ? "" : text.replace("character '\\t(TAB)'", "a tab").replace("\\t(TAB)", "tabs")
                .replace('\n', ' ').strip();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
