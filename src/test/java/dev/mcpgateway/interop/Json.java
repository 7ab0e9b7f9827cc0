package dev.mcpgateway.interop;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for the interop test harness: commands to and events from the SDK client driver, and raw
 * HTTP bodies. Tree model only; this is test data, never forwarded MCP traffic.
 */
public final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** Parses a JSON text (e.g. tool arguments written as a text block). */
    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Converts a plain Java value (Map, List, String, record...) to a tree. */
    public static JsonNode of(Object value) {
        return MAPPER.valueToTree(value);
    }
}
