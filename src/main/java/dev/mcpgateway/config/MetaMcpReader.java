package dev.mcpgateway.config;

import dev.mcpgateway.config.YamlNode.Mapping;
import dev.mcpgateway.config.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code meta_mcp} section; surfaced tools are checked against the configured backends. */
final class MetaMcpReader {

    private MetaMcpReader() {}

    /**
     * @param backends every backend name written in the file, and whether it is enabled
     *     (backends with errors included, so that one mistake is not reported twice)
     */
    static MetaMcpConfig read(MappingReader m, Map<String, Boolean> backends) {
        m.rustOnlyKeys(RustGatewayKeys.META_MCP);
        boolean enabled = m.bool("enabled").orElse(MetaMcpConfig.DEFAULTS.enabled());
        List<SurfacedTool> surfaced = new ArrayList<>();
        List<YamlNode> items = m.items("surfaced_tools", "a list of \"server/tool\" entries");
        for (int i = 0; i < items.size(); i++) {
            String path = m.pathOf("surfaced_tools") + "[" + i + "]";
            YamlNode item = items.get(i);
            Optional<SurfacedTool> tool = item instanceof Mapping
                    ? fromMapping(m, path, item)
                    : m.convert(item, path, "surfaced_tools", "\"server/tool\" or {server: ..., tool: ...}", false,
                            MetaMcpReader::fromString);
            if (tool.isEmpty()) {
                continue;
            }
            SurfacedTool t = tool.get();
            String written = written(item);
            boolean expanded = written.contains("${");
            // An expanded value never goes into a message: show the entry as written instead.
            String shown = expanded ? MappingReader.shown(written) : "\"" + t + "\"";
            Diagnostics diagnostics = m.context().diagnostics();
            if (!backends.containsKey(t.server())) {
                diagnostics.error(item.mark(), path, expanded
                        ? shown + " names no configured backend; configured backends: " + String.join(", ", backends.keySet())
                        : unknownBackend(t.server(), backends));
            } else if (surfaced.contains(t)) {
                diagnostics.error(item.mark(), path, shown + " is listed twice");
            } else {
                if (!backends.get(t.server())) {
                    diagnostics.warn(item.mark(), path, "backend \"" + t.server() + "\" is disabled, so " + shown
                            + " will not be surfaced");
                }
                surfaced.add(t);
            }
        }
        m.finish();
        return new MetaMcpConfig(enabled, surfaced);
    }

    /** The entry's text as written: {@code server/tool}, from a string or a mapping. */
    private static String written(YamlNode item) {
        if (item instanceof Scalar s) {
            return s.text();
        }
        if (item instanceof Mapping m) {
            return rawText(m, "server") + "/" + rawText(m, "tool");
        }
        return "";
    }

    private static String rawText(Mapping m, String key) {
        return m.entry(key).map(e -> e.value() instanceof Scalar s ? s.text() : "").orElse("");
    }

    private static Optional<SurfacedTool> fromMapping(MappingReader parent, String path, YamlNode item) {
        MappingReader m = MappingReader.of(parent.context(), path, item, parent.lenient());
        Optional<String> server = m.string("server");
        Optional<String> tool = m.string("tool");
        if (!m.has("server")) {
            parent.context().diagnostics().error(item.mark(), path, "needs \"server\" (a backend name) and \"tool\"");
        } else if (!m.has("tool")) {
            parent.context().diagnostics().error(item.mark(), path, "needs \"tool\" (the tool's name on that backend)");
        }
        m.finish();
        if (server.isEmpty() || tool.isEmpty() || server.get().isEmpty() || tool.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SurfacedTool(server.get(), tool.get()));
    }

    /** {@code server/tool} or {@code server:tool}, split at the first separator (backend names contain neither). */
    private static SurfacedTool fromString(String text, String shown) {
        int slash = text.indexOf('/');
        int colon = text.indexOf(':');
        int at = slash < 0 ? colon : colon < 0 ? slash : Math.min(slash, colon);
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("expected \"server/tool\" (a backend name, a slash and a tool name), got " + shown);
        }
        return new SurfacedTool(text.substring(0, at), text.substring(at + 1));
    }

    private static String unknownBackend(String server, Map<String, Boolean> backends) {
        String message = "no backend named \"" + server + "\"";
        Optional<String> suggestion = KeySpelling.suggest(server, backends.keySet());
        if (suggestion.isPresent()) {
            return message + "; did you mean \"" + suggestion.get() + "\"?";
        }
        return backends.isEmpty()
                ? message + " (no backends are configured)"
                : message + "; configured backends: " + String.join(", ", backends.keySet());
    }
}
