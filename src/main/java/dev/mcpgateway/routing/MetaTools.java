package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.InitializeResult;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.session.ClientSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's own tools in meta mode: instead of every backend tool, a client sees four tools
 * to discover and call them ({@code gateway_list_servers}, {@code gateway_list_tools},
 * {@code gateway_search_tools}, {@code gateway_invoke}), which keeps a large catalog out of the
 * model's context. Their descriptions carry live counts.
 */
final class MetaTools {

    static final String LIST_SERVERS = "gateway_list_servers";
    static final String LIST_TOOLS = "gateway_list_tools";
    static final String SEARCH_TOOLS = "gateway_search_tools";
    static final String INVOKE = "gateway_invoke";
    static final Set<String> NAMES = Set.of(LIST_SERVERS, LIST_TOOLS, SEARCH_TOOLS, INVOKE);

    private static final int DEFAULT_SEARCH_LIMIT = 10;
    private static final int MAX_SEARCH_LIMIT = 50;

    private MetaTools() {}

    static boolean isMetaTool(String name) {
        return NAMES.contains(name);
    }

    /** The four tool definitions, with counts from {@code catalog}. */
    static List<JsonValue> definitions(List<Backend> backends, GatewayCatalog catalog) {
        int servers = backends.size();
        int tools = catalog.tools().size();
        String serverEnum = enumOf(backends);
        return List.of(
                tool(LIST_SERVERS, "List servers",
                        "List the " + servers + " MCP servers behind this gateway (" + tools + " tools in all) with their status and what they offer. "
                                + "Start here, then find a tool with " + LIST_TOOLS + " or " + SEARCH_TOOLS + " and call it with " + INVOKE + ".",
                        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
                        true),
                tool(LIST_TOOLS, "List tools",
                        "List the tools of one server (or of all " + servers + " servers) with their descriptions and input schemas.",
                        "{\"type\":\"object\",\"properties\":{\"server\":{\"type\":\"string\",\"description\":\"Server name; omit to list every server's tools.\""
                                + serverEnum + "}},\"additionalProperties\":false}",
                        true),
                tool(SEARCH_TOOLS, "Search tools",
                        "Search the " + tools + " tools of " + servers + " servers by name and description; returns the best matches with their input schemas.",
                        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"description\":\"Words to look for, e.g. 'create issue'.\"},"
                                + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":" + MAX_SEARCH_LIMIT + ",\"default\":" + DEFAULT_SEARCH_LIMIT
                                + "}},\"required\":[\"query\"],\"additionalProperties\":false}",
                        true),
                tool(INVOKE, "Invoke a tool",
                        "Call a tool of one of the " + servers + " servers and return its result unchanged. Find the server and tool names with "
                                + LIST_TOOLS + " or " + SEARCH_TOOLS + " first.",
                        "{\"type\":\"object\",\"properties\":{\"server\":{\"type\":\"string\",\"description\":\"Server name.\"" + serverEnum + "},"
                                + "\"tool\":{\"type\":\"string\",\"description\":\"The tool's name on that server.\"},"
                                + "\"arguments\":{\"type\":\"object\",\"description\":\"The tool's arguments, as its input schema describes.\"}},"
                                + "\"required\":[\"server\",\"tool\"],\"additionalProperties\":false}",
                        false));
    }

    private static String enumOf(List<Backend> backends) {
        if (backends.isEmpty()) {
            return "";
        }
        JsonWriter w = new JsonWriter().beginArray();
        for (Backend backend : backends) {
            w.value(backend.name());
        }
        return ",\"enum\":" + w.endArray().toJsonValue();
    }

    private static JsonValue tool(String name, String title, String description, String inputSchema, boolean readOnly) {
        JsonWriter w = new JsonWriter(512).beginObject()
                .member("name", name)
                .member("title", title)
                .member("description", description)
                .member("inputSchema", JsonValue.parse(inputSchema));
        w.name("annotations").beginObject()
                .member("title", title)
                .member("readOnlyHint", readOnly)
                .member("destructiveHint", !readOnly)
                .member("idempotentHint", readOnly)
                .member("openWorldHint", !readOnly)
                .endObject();
        return w.endObject().toJsonValue();
    }

    /** {@code {"servers":[...]}}: every backend with its status and counts. */
    static JsonValue listServers(List<Backend> backends, GatewayCatalog catalog, ClientSession client, BackendAvailability availability) {
        Map<String, Integer> toolCounts = catalog.toolCounts();
        JsonWriter w = new JsonWriter(1024).beginObject().name("servers").beginArray();
        for (Backend backend : backends) {
            w.beginObject()
                    .member("name", backend.name())
                    .member("description", backend.config().description() == null ? "" : backend.config().description())
                    .member("status", backend.status().name().toLowerCase(Locale.ROOT))
                    .member("transport", backend.transportName())
                    .member("tools", toolCounts.getOrDefault(backend.name(), 0))
                    .member("prompts", backend.catalog(client).prompts().size())
                    .member("resources", backend.catalog(client).resources().size());
            InitializeResult server = backend.server(client);
            if (server != null) {
                w.name("server").beginObject().member("name", server.serverName());
                String version = server.serverInfo().getString("version");
                if (version != null) {
                    w.member("version", version);
                }
                w.member("protocolVersion", server.protocolVersion()).endObject();
            }
            if (backend.lastError() != null && backend.status() != Backend.Status.READY) {
                w.member("error", backend.lastError());
            }
            availability.describe(backend, w);
            w.endObject();
        }
        return w.endArray().endObject().toJsonValue();
    }

    /** {@code {"server":..., "tools":[...]}} for one server, or {@code {"servers":[{...}]}} for all. */
    static JsonValue listTools(List<Backend> backends, GatewayCatalog catalog, String server) {
        JsonWriter w = new JsonWriter(4096).beginObject();
        if (server != null) {
            w.member("server", server);
            writeTools(w, catalog.toolsOf(server));
        } else {
            w.name("servers").beginArray();
            for (Backend backend : backends) {
                w.beginObject().member("server", backend.name());
                writeTools(w, catalog.toolsOf(backend.name()));
                w.endObject();
            }
            w.endArray();
        }
        return w.endObject().toJsonValue();
    }

    private static void writeTools(JsonWriter w, List<GatewayCatalog.Tool> tools) {
        w.name("tools").beginArray();
        for (GatewayCatalog.Tool tool : tools) {
            w.value(tool.original());
        }
        w.endArray();
    }

    /** {@code {"query":..., "matches":[{"server":..., "tool":{...}, "score":n}]}}, best first. */
    static JsonValue search(GatewayCatalog catalog, String query, int limit) {
        record Match(GatewayCatalog.Tool tool, int score) {}
        List<String> words = words(query);
        List<Match> matches = new ArrayList<>();
        for (GatewayCatalog.Tool tool : catalog.tools()) {
            int score = score(tool, query.toLowerCase(Locale.ROOT).trim(), words);
            if (score > 0) {
                matches.add(new Match(tool, score));
            }
        }
        matches.sort(Comparator.comparingInt(Match::score).reversed().thenComparing(m -> m.tool().exposedName()));
        JsonWriter w = new JsonWriter(4096).beginObject().member("query", query).name("matches").beginArray();
        for (Match match : matches.subList(0, Math.min(matches.size(), limit))) {
            w.beginObject().member("server", match.tool().backend().name()).member("tool", match.tool().original())
                    .member("score", match.score()).endObject();
        }
        w.endArray().member("total_matches", matches.size());
        return w.endObject().toJsonValue();
    }

    static int clampLimit(JsonValue limit) {
        if (limit == null || !limit.isIntegral()) {
            return DEFAULT_SEARCH_LIMIT;
        }
        return (int) Math.max(1, Math.min(MAX_SEARCH_LIMIT, limit.asLong()));
    }

    /** Relevance: the whole query in the name counts most, then each word in the name, then in the description. */
    private static int score(GatewayCatalog.Tool tool, String query, List<String> words) {
        String name = tool.name().toLowerCase(Locale.ROOT);
        String title = tool.original().getString("title");
        String text = (tool.description() + " " + (title == null ? "" : title)).toLowerCase(Locale.ROOT);
        List<String> nameWords = words(tool.name());
        List<String> textWords = words(text);
        int score = 0;
        if (!query.isEmpty() && name.contains(query.replace(' ', '_'))) {
            score += 10;
        }
        for (String word : words) {
            if (nameWords.contains(word)) {
                score += 5;
            } else if (name.contains(word)) {
                score += 3;
            } else if (nameWords.stream().anyMatch(n -> word.length() > 3 && DidYouMean.distance(word, n) == 1)) {
                score += 2;
            }
            if (textWords.contains(word)) {
                score += 2;
            } else if (word.length() > 3 && text.contains(word)) {
                score += 1;
            }
        }
        if (tool.backend().name().toLowerCase(Locale.ROOT).equals(query)) {
            score += 1;
        }
        return score;
    }

    /** Lower-case words of a name or text: split on non-letters/digits and camelCase boundaries. */
    static List<String> words(String text) {
        String spaced = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String word : spaced.split("[^a-z0-9]+")) {
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }
}
