package dev.mcpgateway.demo;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns readable JSON text (the definitions written as text blocks) into compact bytes, once at
 * startup. Compact matters: a newline inside a message would break stdio framing.
 */
final class CompactJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CompactJson() {}

    static byte[] compact(String json) {
        return MAPPER.writeValueAsBytes(MAPPER.readTree(json));
    }
}
