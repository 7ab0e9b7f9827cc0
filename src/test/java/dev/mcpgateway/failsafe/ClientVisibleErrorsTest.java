package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.CallRejectedException;
import dev.mcpgateway.routing.GatewayErrors;
import dev.mcpgateway.routing.GatewayErrors.Reason;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The failure reasons and codes are a documented contract (README, "Failures"): they must not drift. */
class ClientVisibleErrorsTest {

    @Test
    void everyReasonHasItsDocumentedCode() {
        Map<String, Integer> codes = Arrays.stream(Reason.values()).collect(Collectors.toMap(Reason::wireName, Reason::code));
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "backend_unavailable", -32010,
                "timeout", -32011,
                "circuit_open", -32012,
                "rate_limited", -32013,
                "backend_error", -32014,
                "overloaded", -32015));
    }

    @Test
    void eachFailureIsClassifiedAsClientsSeeIt() {
        assertThat(GatewayErrors.classify(new CallRejectedException("x", Reason.OVERLOADED, -1))).isEqualTo(Reason.OVERLOADED);
        assertThat(GatewayErrors.classify(new CallTimeoutException("b", "tools/call", Duration.ofSeconds(1)))).isEqualTo(Reason.TIMEOUT);
        assertThat(GatewayErrors.classify(new UpstreamHttpException("429", 429, Duration.ofSeconds(7)))).isEqualTo(Reason.RATE_LIMITED);
        assertThat(GatewayErrors.classify(new UpstreamHttpException("502", 502, null))).isEqualTo(Reason.BACKEND_ERROR);
        assertThat(GatewayErrors.classify(new UpstreamException("closed", true))).isEqualTo(Reason.BACKEND_ERROR);
        assertThat(GatewayErrors.classify(new UpstreamException("refused", false))).isEqualTo(Reason.BACKEND_UNAVAILABLE);
    }

    @Test
    void aToolCallGetsAToolErrorWithMetaAndOtherMethodsAJsonRpcErrorWithTheSameData() {
        CallRejectedException open = new CallRejectedException("backend `github` is unavailable: circuit open after 5 consecutive"
                + " failures; retry in 12 s", Reason.CIRCUIT_OPEN, 12_000);
        JsonRpcResponse tool = GatewayErrors.backendFailure(JsonValue.number(7), "tools/call", "github", open);
        assertThat(tool.json().toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
                + "\"backend `github` is unavailable: circuit open after 5 consecutive failures; retry in 12 s\"}],\"isError\":true,"
                + "\"_meta\":{\"backend\":\"github\",\"reason\":\"circuit_open\",\"retry_after_ms\":12000}}}");
        JsonRpcResponse read = GatewayErrors.backendFailure(JsonValue.number(8), "resources/read", "github",
                new UpstreamHttpException("backend `github` answered HTTP 429", 429, Duration.ofSeconds(3)));
        assertThat(read.errorCode()).isEqualTo(-32013);
        assertThat(read.error().get("data").toString()).isEqualTo("{\"backend\":\"github\",\"reason\":\"rate_limited\",\"retry_after_ms\":3000}");
        JsonRpcResponse unknownWait = GatewayErrors.backendFailure(JsonValue.number(9), "prompts/get", "github",
                new CallRejectedException("overloaded", Reason.OVERLOADED, -1));
        assertThat(unknownWait.error().get("data").toString()).isEqualTo("{\"backend\":\"github\",\"reason\":\"overloaded\"}");
    }
}
