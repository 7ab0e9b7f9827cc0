package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.util.List;

/** The demo server's resources, its prompt and the completions for the prompt's arguments. */
final class DemoCatalog {

    static final String README_URI = "demo://readme";
    static final String CONFIG_URI = "demo://config";
    static final String GREETING = "greeting";
    static final List<String> STYLES = List.of("formal", "casual");

    private static final String README = """
            # mcp-gateway demo server

            A small MCP server built into mcp-gateway (`mcp-gateway demo-server --stdio | --http PORT`).
            The gateway runs it as its backend when there is no configuration, so a first run works offline;
            tests and benchmarks use it as a fast backend and as a fault injector.

            Tools: `echo`, `add`, `current_time`, `slow` (progress, cancellable), `flaky`, `fail`, and
            `demo_faults`, which changes the injected faults at runtime.
            Faults: latency, error_rate, crash_after, hang_after, hang_all_after, garbage_after,
            drop_session_after (flags, the MCP_DEMO_FAULTS variable or the demo_faults tool).
            The active faults are in the `demo://config` resource.
            """;

    private final byte[] resourcesList = CompactJson.compact("""
            {"resources": [
              {"uri": "demo://readme", "name": "readme", "title": "About the demo server",
               "description": "What this demo server is and what it offers.", "mimeType": "text/markdown"},
              {"uri": "demo://config", "name": "config", "title": "Active faults",
               "description": "The faults this demo server currently injects, as JSON.", "mimeType": "application/json"}
            ]}
            """);
    private final byte[] templatesList = CompactJson.compact("""
            {"resourceTemplates": []}
            """);
    private final byte[] promptsList = CompactJson.compact("""
            {"prompts": [
              {"name": "greeting", "title": "Greeting",
               "description": "Asks the model to greet someone, formally or casually.",
               "arguments": [
                 {"name": "name", "description": "Who to greet.", "required": true},
                 {"name": "style", "description": "formal or casual (default casual).", "required": false}
               ]}
            ]}
            """);

    private final DemoFaults faults;

    DemoCatalog(DemoFaults faults) {
        this.faults = faults;
    }

    byte[] resourcesList() {
        return resourcesList;
    }

    byte[] templatesList() {
        return templatesList;
    }

    byte[] promptsList() {
        return promptsList;
    }

    /** The {@code resources/read} result for {@code uri}; unknown URIs are -32002 (as 2024-11-05..2025-11-25 say). */
    void read(String uri, JsonWriter w) {
        String mimeType;
        String text;
        switch (uri) {
            case README_URI -> {
                mimeType = "text/markdown";
                text = README;
            }
            case CONFIG_URI -> {
                mimeType = "application/json";
                JsonWriter config = new JsonWriter(256);
                DemoTools.writeFaultState(config, faults);
                text = config.toJsonValue().toString();
            }
            default -> throw new DemoRpcError(JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
        }
        w.beginObject().name("contents").beginArray()
                .beginObject().member("uri", uri).member("mimeType", mimeType).member("text", text).endObject()
                .endArray().endObject();
    }

    /** The {@code prompts/get} result. */
    void getPrompt(String name, JsonValue arguments, JsonWriter w) {
        if (!GREETING.equals(name)) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Unknown prompt: " + name);
        }
        if (arguments != null && !arguments.isObject()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "prompt arguments must be an object");
        }
        String who = arguments == null ? null : arguments.getString("name");
        if (who == null || who.isBlank()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Missing required argument \"name\" for prompt greeting");
        }
        String style = arguments.has("style") ? arguments.getString("style") : "casual";
        if (style == null || !STYLES.contains(style)) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Argument \"style\" of prompt greeting must be formal or casual");
        }
        String text = style.equals("formal")
                ? "Please write a short, formal greeting addressed to " + who + "."
                : "Say hi to " + who + " in a relaxed, friendly way.";
        w.beginObject().member("description", "A " + style + " greeting for " + who)
                .name("messages").beginArray()
                .beginObject().member("role", "user")
                .name("content").beginObject().member("type", "text").member("text", text).endObject()
                .endObject()
                .endArray().endObject();
    }

    /** The {@code completion/complete} result. Only the greeting's style argument has suggestions. */
    void complete(JsonValue ref, JsonValue argument, JsonWriter w) {
        if (ref == null || !ref.isObject() || argument == null || !argument.isObject()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "completion/complete needs \"ref\" and \"argument\" objects");
        }
        String type = ref.getString("type");
        String argName = argument.getString("name");
        JsonValue valueJson = argument.get("value");
        if (argName == null || valueJson == null || !valueJson.isString()) {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "argument needs a string \"name\" and \"value\"");
        }
        String prefix = valueJson.asString();
        List<String> values = List.of();
        if ("ref/prompt".equals(type)) {
            if (!GREETING.equals(ref.getString("name"))) {
                throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "Unknown prompt: " + ref.getString("name"));
            }
            if ("style".equals(argName)) {
                values = STYLES.stream().filter(s -> s.startsWith(prefix)).toList();
            }
        } else if ("ref/resource".equals(type)) {
            String uri = ref.getString("uri");
            if (!README_URI.equals(uri) && !CONFIG_URI.equals(uri)) {
                throw new DemoRpcError(JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
            }
        } else {
            throw new DemoRpcError(JsonRpcErrors.INVALID_PARAMS, "ref.type must be ref/prompt or ref/resource");
        }
        w.beginObject().name("completion").beginObject().name("values").beginArray();
        values.forEach(w::value);
        w.endArray().member("total", values.size()).member("hasMore", false).endObject().endObject();
    }
}
