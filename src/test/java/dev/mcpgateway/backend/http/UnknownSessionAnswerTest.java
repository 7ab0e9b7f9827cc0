package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Servers that answer an unknown session with 400 instead of 404 are still recognised. */
class UnknownSessionAnswerTest {

    @ParameterizedTest
    @ValueSource(strings = {"Bad Request: No valid session ID provided", "Session not found", "Invalid session id", "session expired"})
    void recognisesMessagesThatSayTheSessionIsUnknown(String message) {
        assertThat(StreamableHttpTransport.saysSessionIsUnknown(JsonRpc.error(JsonValue.number(1), -32000, message, null).json().toBytes())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Request: missing field", "Invalid params", "Unknown tool: session_list"})
    void leavesOtherBadRequestsAlone(String message) {
        assertThat(StreamableHttpTransport.saysSessionIsUnknown(JsonRpc.error(JsonValue.number(1), -32000, message, null).json().toBytes())).isFalse();
    }
}
