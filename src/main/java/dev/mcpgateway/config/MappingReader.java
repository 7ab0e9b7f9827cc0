package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Entry;
import dev.mcpgateway.config.YamlNode.Mapping;
import dev.mcpgateway.config.YamlNode.Mark;
import dev.mcpgateway.config.YamlNode.Scalar;
import dev.mcpgateway.config.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one YAML mapping against the schema, reporting every problem with its position and key
 * path. The keys a section reads are its schema: {@link #finish()} reports every other key as
 * unknown (with the nearest valid key), except keys of the Rust mcp-gateway that are accepted with
 * a warning.
 *
 * <p>Typed getters return empty when the key is absent <em>or</em> its value is invalid (the
 * problem is then already reported and {@link #isInvalid} is true), so callers fall back to the
 * inherited value and keep going: one load reports all problems.
 *
 * <p>Every scalar is {@code ${VAR}}-expanded before it is typed; messages quote the text as
 * written, never the expanded value.
 */
final class MappingReader {

    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final int MAX_SHOWN = 80;

    /** Converts expanded text; throws IllegalArgumentException with the whole user-facing message. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(String text, String shown);
    }

    private final LoadContext ctx;
    private final String path;
    private final Mapping node;
    private boolean lenient;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> invalid = new HashSet<>();
    private Set<String> rustOnlyKeys = Set.of();
    private Map<String, String> refusedKeys = Map.of();
    private boolean extensionKeys;

    private MappingReader(LoadContext ctx, String path, Mapping node, boolean lenient) {
        this.ctx = ctx;
        this.path = path;
        this.node = node;
        this.lenient = lenient;
    }

    /** Reads {@code node} as the mapping at {@code path}; anything else is reported and read as empty. */
    static MappingReader of(LoadContext ctx, String path, YamlNode node, boolean lenient) {
        if (node instanceof Mapping m) {
            return new MappingReader(ctx, path, m, lenient);
        }
        if (!(node instanceof Scalar s && s.isNull())) {
            ctx.diagnostics().error(node.mark(), path, "expected a mapping, got " + node.kind());
        }
        return new MappingReader(ctx, path, new Mapping(List.of(), node.mark()), lenient);
    }

    /** Keys of the Rust mcp-gateway that this section accepts with a warning. */
    MappingReader rustOnlyKeys(Set<String> keys) {
        this.rustOnlyKeys = keys;
        return this;
    }

    /**
     * Accept keys starting with {@code x-} silently: like Docker Compose's extension fields, they
     * hold YAML anchors ({@code x-defaults: &defaults}) that the rest of the file merges in.
     */
    MappingReader allowExtensionKeys() {
        this.extensionKeys = true;
        return this;
    }

    /** Keys refused with a specific explanation instead of "unknown key". */
    MappingReader refusedKeys(Map<String, String> keysAndReasons) {
        this.refusedKeys = keysAndReasons;
        return this;
    }

    String path() {
        return path;
    }

    LoadContext context() {
        return ctx;
    }

    boolean lenient() {
        return lenient;
    }

    /**
     * In a lenient section (a disabled backend) an unset {@code ${VAR}} is not an error: a backend
     * is often disabled exactly because its secrets are not available on this machine.
     */
    void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether {@code key} is present (with any value, even null). Declares the key as known. */
    boolean has(String key) {
        return entry(key).isPresent();
    }

    /** Whether {@code key} is present with a non-null value. */
    boolean hasValue(String key) {
        return entry(key).filter(e -> !(e.value() instanceof Scalar s && s.isNull())).isPresent();
    }

    /** Where {@code subKey} is written inside the mapping value of {@code key} (or the key itself). */
    Mark subKeyMark(String key, String subKey) {
        return node.entry(key)
                .filter(e -> e.value() instanceof Mapping)
                .flatMap(e -> ((Mapping) e.value()).entry(subKey))
                .map(Entry::keyMark)
                .orElse(keyMark(key));
    }

    /** Whether the value of {@code key} was reported as invalid. */
    boolean isInvalid(String key) {
        return invalid.contains(key);
    }

    Optional<Entry> entry(String key) {
        known.add(key);
        return node.entry(key);
    }

    /** The key's position, or the mapping's when the key is absent. */
    Mark keyMark(String key) {
        return node.entry(key).map(Entry::keyMark).orElse(node.mark());
    }

    /** The value's position, or the mapping's when the key is absent. */
    Mark valueMark(String key) {
        return node.entry(key).map(e -> e.value().mark()).orElse(node.mark());
    }

    /** Reports a problem about {@code key}'s value (marking it invalid). */
    void error(String key, String message) {
        invalid.add(key);
        ctx.diagnostics().error(valueMark(key), pathOf(key), message);
    }

    /** Reports a problem about {@code key} itself (its presence rather than its value). */
    void errorAtKey(String key, String message) {
        invalid.add(key);
        ctx.diagnostics().error(keyMark(key), pathOf(key), message);
    }

    /** A nested section; absent or null reads as an empty mapping. */
    MappingReader section(String key) {
        return section(key, lenient);
    }

    MappingReader section(String key, boolean lenientSection) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty()) {
            return new MappingReader(ctx, pathOf(key), new Mapping(List.of(), node.mark()), lenientSection);
        }
        int before = ctx.diagnostics().errorCount();
        MappingReader section = of(ctx, pathOf(key), e.get().value(), lenientSection);
        if (ctx.diagnostics().errorCount() != before) {
            invalid.add(key);
        }
        return section;
    }

    // ---- scalars ----

    /** Reads a scalar: absent, or null when {@code nullAllowed}, is empty; errors are reported. */
    <T> Optional<T> scalar(String key, String expected, boolean nullAllowed, Converter<T> converter) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return convert(e.get().value(), pathOf(key), key, expected, nullAllowed, converter);
    }

    /** Converts any scalar node (also list items), reporting against {@code keyPath}. */
    <T> Optional<T> convert(YamlNode value, String keyPath, String invalidKey, String expected, boolean nullAllowed,
            Converter<T> converter) {
        if (!(value instanceof Scalar s)) {
            fail(value.mark(), keyPath, invalidKey, "expected " + expected + ", got " + value.kind());
            return Optional.empty();
        }
        if (s.isNull()) {
            if (!nullAllowed) {
                fail(s.mark(), keyPath, invalidKey, "expected " + expected + ", got null");
            }
            return Optional.empty();
        }
        Optional<String> text = expand(s, keyPath, invalidKey);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(converter.convert(text.get(), shown(s.text())));
        } catch (IllegalArgumentException ex) {
            List<String> unset = ctx.expander().unsetIn(s.text());
            if (lenient && !unset.isEmpty()) {
                // Blame the missing variable, not the empty value it left behind.
                fail(s.mark(), keyPath, invalidKey, VariableExpander.missingMessage(unset)
                        + " (the backend is disabled, but this value cannot be checked without it)");
            } else {
                fail(s.mark(), keyPath, invalidKey, ex.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Expands a scalar's {@code ${VAR}} references, reporting failures against {@code keyPath}. */
    Optional<String> expand(Scalar s, String keyPath, String invalidKey) {
        return switch (ctx.expander().expand(s.text(), lenient)) {
            case VariableExpander.Result.Expanded ok -> Optional.of(ok.text());
            case VariableExpander.Result.Failed failed -> {
                fail(s.mark(), keyPath, invalidKey, failed.message());
                yield Optional.empty();
            }
        };
    }

    private void fail(Mark at, String keyPath, String invalidKey, String message) {
        if (invalidKey != null) {
            invalid.add(invalidKey);
        }
        ctx.diagnostics().error(at, keyPath, message);
    }

    Optional<String> string(String key) {
        return scalar(key, "a string", false, (text, shown) -> text);
    }

    /** A string that may be null (meaning "not set"). */
    Optional<String> optionalString(String key) {
        return scalar(key, "a string", true, (text, shown) -> text);
    }

    Optional<Boolean> bool(String key) {
        return scalar(key, "true or false", false, MappingReader::toBoolean);
    }

    static boolean toBoolean(String text, String shown) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got " + shown);
        };
    }

    Optional<Integer> integer(String key, int min, int max) {
        return scalar(key, integerExpectation(min, max), false, (text, shown) -> toInt(text, shown, min, max));
    }

    /** An integer that may be null (meaning "not set"). */
    Optional<Integer> optionalInteger(String key, int min, int max) {
        return scalar(key, integerExpectation(min, max), true, (text, shown) -> toInt(text, shown, min, max));
    }

    private static String integerExpectation(int min, int max) {
        return max == Integer.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max;
    }

    private static int toInt(String text, String shown, int min, int max) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + integerExpectation(min, max) + ", got " + shown);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("expected " + integerExpectation(min, max) + ", got " + shown);
        }
        return (int) value;
    }

    /** A number in (0, 1]. */
    Optional<Double> rate(String key) {
        String expected = "a number greater than 0 and at most 1 (e.g. 0.5)";
        return scalar(key, expected, false, (text, shown) -> {
            double v = toDouble(text, shown, expected);
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("expected " + expected + ", got " + shown);
            }
            return v;
        });
    }

    /** A finite number of at least {@code min} (or greater than {@code min} when {@code exclusive}). */
    Optional<Double> number(String key, double min, boolean exclusive) {
        String bound = (min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min));
        String expected = exclusive ? "a number greater than " + bound : "a number of at least " + bound;
        return scalar(key, expected, false, (text, shown) -> {
            double v = toDouble(text, shown, expected);
            if (exclusive ? !(v > min) : !(v >= min)) {
                throw new IllegalArgumentException("expected " + expected + ", got " + shown);
            }
            return v;
        });
    }

    private static double toDouble(String text, String shown, String expected) {
        String t = text.strip();
        if (!LOOKS_NUMERIC.matcher(t).matches()) {
            throw new IllegalArgumentException("expected " + expected + ", got " + shown);
        }
        return Double.parseDouble(t);
    }

    /** A duration of zero or more. */
    Optional<Duration> nonNegativeDuration(String key) {
        return scalar(key, "a duration such as 30s", false, (text, shown) -> Durations.parse(text, shown));
    }

    /** A duration greater than zero. */
    Optional<Duration> positiveDuration(String key) {
        return scalar(key, "a duration such as 30s", false, (text, shown) -> {
            Duration d = Durations.parse(text, shown);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("expected a duration longer than 0, got " + shown);
            }
            return d;
        });
    }

    /** One of an enum's constants, written in lower case ({@code per_client}; {@code per-client} is accepted too). */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        String valid = Arrays.stream(type.getEnumConstants()).map(MappingReader::yamlName).collect(Collectors.joining(", "));
        return scalar(key, "one of " + valid, false, (text, shown) -> {
            String wanted = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (yamlName(constant).equals(wanted)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of " + valid + ", got " + shown);
        });
    }

    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    // ---- collections ----

    /** A list of strings; absent or null is empty. Items are reported as {@code key[i]}. */
    List<String> stringList(String key) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty() || e.get().value() instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(e.get().value() instanceof Sequence seq)) {
            error(key, "expected a list of strings, got " + e.get().value().kind());
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            convert(seq.items().get(i), pathOf(key) + "[" + i + "]", key, "a string", false, (text, shown) -> text)
                    .ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /** A mapping of names to strings; absent or null is empty. Values are reported as {@code key.NAME}. */
    Map<String, String> stringMap(String key) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty() || e.get().value() instanceof Scalar s && s.isNull()) {
            return Map.of();
        }
        if (!(e.get().value() instanceof Mapping m)) {
            error(key, "expected a mapping of names to strings, got " + e.get().value().kind());
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry item : m.entries()) {
            convert(item.value(), pathOf(key) + "." + item.key(), key, "a string (write \"\" for an empty value)", false,
                    (text, shown) -> text)
                    .ifPresent(v -> out.put(item.key(), v));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The entries of a mapping-valued key (absent or null: none). */
    List<Entry> entries(String key) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty() || e.get().value() instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(e.get().value() instanceof Mapping m)) {
            error(key, "expected a mapping, got " + e.get().value().kind());
            return List.of();
        }
        return m.entries();
    }

    /** The items of a list-valued key (absent or null: none). */
    List<YamlNode> items(String key, String expected) {
        Optional<Entry> e = entry(key);
        if (e.isEmpty() || e.get().value() instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(e.get().value() instanceof Sequence seq)) {
            error(key, "expected " + expected + ", got " + e.get().value().kind());
            return List.of();
        }
        return seq.items();
    }

    // ---- the end ----

    /** Reports every key this section did not read: unknown (with a suggestion), refused, or Rust-only (warning). */
    void finish() {
        for (Entry e : node.entries()) {
            String key = e.key();
            if (known.contains(key) || (extensionKeys && key.startsWith("x-"))) {
                continue;
            }
            String keyPath = pathOf(key);
            if (rustOnlyKeys.contains(key)) {
                ctx.diagnostics().warn(e.keyMark(), keyPath,
                        "`" + keyPath + "` is a Rust mcp-gateway key that mcp-gateway does not support yet; ignored");
            } else if (refusedKeys.containsKey(key)) {
                ctx.diagnostics().error(e.keyMark(), keyPath, refusedKeys.get(key));
            } else {
                ctx.diagnostics().error(e.keyMark(), keyPath, unknownKeyMessage(key));
            }
        }
    }

    private String unknownKeyMessage(String key) {
        Optional<String> suggestion = KeySpelling.suggest(key, known);
        if (suggestion.isPresent()) {
            return "unknown key; did you mean \"" + suggestion.get() + "\"?";
        }
        return known.isEmpty() ? "unknown key" : "unknown key; valid keys here: " + String.join(", ", known);
    }

    /** How a scalar is quoted in messages: as written (so {@code ${VAR}} stays unexpanded), shortened. */
    static String shown(String raw) {
        String text = raw.length() > MAX_SHOWN ? raw.substring(0, MAX_SHOWN) + "..." : raw;
        if (raw.contains("${")) {
            return quote(text) + " (after expanding variables)";
        }
        return LOOKS_NUMERIC.matcher(raw).matches() ? raw : quote(text);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }
}
