package dev.mcpgateway.observability;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a Prometheus text exposition contains: each sample's metric name and the label names it carries. */
final class ExportedMetrics {

    private ExportedMetrics() {}

    /** Sample name (e.g. {@code mcp_gateway_tool_calls_total}, {@code ..._bucket}) to the label names seen on it. */
    static Map<String, Set<String>> parse(String exposition) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && brace < space ? brace : space;
            String name = line.substring(0, end);
            Set<String> labels = out.computeIfAbsent(name, n -> new TreeSet<>());
            if (end == brace) {
                String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : inside.split(",(?=[a-zA-Z_][a-zA-Z0-9_]*=\")")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        labels.add(pair.substring(0, eq));
                    }
                }
            }
        }
        return out;
    }

    /** The exported sample names. */
    static Set<String> names(String exposition) {
        return new TreeSet<>(parse(exposition).keySet());
    }
}
