package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The low-cardinality outcome strings spans, metric labels and logs share. */
class OutcomesTest {

    private static final JsonValue ID = JsonValue.number(1);

    @Test
    void aBackendAnswerIsAnErrorForEveryJsonRpcCodeAndForToolResultsMarkedAsErrors() {
        assertThat(Outcomes.ofBackendAnswer("tools/call", JsonRpc.result(ID, JsonValue.parse("{\"content\":[]}")))).isEmpty();
        assertThat(Outcomes.ofBackendAnswer("tools/call", JsonRpc.result(ID, JsonValue.parse("{\"content\":[],\"isError\":true}"))))
                .isEqualTo("tool_error");
        assertThat(Outcomes.ofBackendAnswer("prompts/get", JsonRpc.result(ID, JsonValue.parse("{\"isError\":true}")))).isEmpty();
        assertThat(Outcomes.ofBackendAnswer("tools/call", JsonRpc.error(ID, -32602, "bad", null))).isEqualTo("-32602");
    }

    @Test
    void theGatewaysAnswerIsNotAFailureWhenTheCallerAskedForSomethingInvalid() {
        for (int code : new int[] {-32700, -32600, -32601, -32602, -32002}) {
            assertThat(Outcomes.ofGatewayAnswer("tools/call", JsonRpc.error(ID, code, "x", null))).isEmpty();
        }
        assertThat(Outcomes.ofGatewayAnswer("resources/read", JsonRpc.error(ID, -32603, "x", null))).isEqualTo("-32603");
        assertThat(Outcomes.ofGatewayAnswer("resources/read", JsonRpc.error(ID, -32011, "x", null))).isEqualTo("-32011");
        assertThat(Outcomes.ofGatewayAnswer("tools/call", null)).isEqualTo("cancelled");
    }

    @Test
    void codesOutsideTheReservedRangeCollapseSoABackendCannotInflateLabels() {
        assertThat(Outcomes.codeLabel(-32000)).isEqualTo("-32000");
        assertThat(Outcomes.codeLabel(-32768)).isEqualTo("-32768");
        assertThat(Outcomes.codeLabel(42)).isEqualTo("_OTHER");
        assertThat(Outcomes.codeLabel(-1)).isEqualTo("_OTHER");
    }

    @Test
    void failuresWithoutAnswerAreNamedByTheirReason() {
        assertThat(Outcomes.ofFailure(new CallTimeoutException("b", "tools/call", Duration.ofSeconds(1)))).isEqualTo("timeout");
        assertThat(Outcomes.ofFailure(new UpstreamException("down", false))).isEqualTo("backend_unavailable");
        assertThat(Outcomes.ofFailure(new UpstreamException("broke", true))).isEqualTo("backend_error");
        assertThat(Outcomes.ofFailure(new CallCancelledException("bye"))).isEqualTo("cancelled");
    }

    @Test
    void toolCallOutcomesAreOkToolErrorJsonRpcErrorOrTheReason() {
        assertThat(Outcomes.outcome("")).isEqualTo("ok");
        assertThat(Outcomes.outcome("tool_error")).isEqualTo("tool_error");
        assertThat(Outcomes.outcome("-32603")).isEqualTo("jsonrpc_error");
        assertThat(Outcomes.outcome("_OTHER")).isEqualTo("jsonrpc_error");
        assertThat(Outcomes.outcome("timeout")).isEqualTo("timeout");
    }
}
