package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.CallTimeoutException;
import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.SessionLostException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

    private final OutcomeClassifier counting = new OutcomeClassifier(true);
    private final OutcomeClassifier notCounting = new OutcomeClassifier(false);

    private static JsonRpcResponse error(int code) {
        return JsonRpc.error(JsonValue.number(1), code, "m", null);
    }

    @Test
    void answersAreSuccessesEvenWhenTheyAreErrorsForTheClient() {
        JsonRpcResponse toolError = JsonRpc.result(JsonValue.number(1),
                JsonValue.parse("{\"content\":[{\"type\":\"text\",\"text\":\"nope\"}],\"isError\":true}"));
        assertThat(counting.of(toolError)).isEqualTo(CallOutcome.SUCCESS);
        assertThat(counting.of(error(-32600))).isEqualTo(CallOutcome.SUCCESS);
        assertThat(counting.of(error(-32601))).isEqualTo(CallOutcome.SUCCESS);
        assertThat(counting.of(error(-32602))).isEqualTo(CallOutcome.SUCCESS);
        assertThat(counting.of(error(-32002))).isEqualTo(CallOutcome.SUCCESS);
    }

    @Test
    void anInternalErrorCountsAsAFailureOnlyIfConfigured() {
        assertThat(counting.of(error(-32603))).isEqualTo(CallOutcome.FAILURE);
        assertThat(notCounting.of(error(-32603))).isEqualTo(CallOutcome.SUCCESS);
    }

    @Test
    void transportErrorsTimeoutsServerErrorsAndCrashesAreFailures() {
        assertThat(counting.of(new UpstreamException("connection closed: exited with code 1", true))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new UpstreamException("connection refused", false))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new CallTimeoutException("b", "tools/call", Duration.ofSeconds(1)))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new UpstreamHttpException("HTTP 502", 502, null))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new UpstreamHttpException("HTTP 503", 503, Duration.ofSeconds(3)))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new UpstreamHttpException("HTTP 401", 401, null))).isEqualTo(CallOutcome.FAILURE);
        assertThat(counting.of(new PermanentFailureException("not found"))).isEqualTo(CallOutcome.FAILURE);
    }

    @Test
    void rateLimitingCancellationAndALostSessionAreNotCounted() {
        assertThat(counting.of(new UpstreamHttpException("HTTP 429", 429, Duration.ofSeconds(2)))).isEqualTo(CallOutcome.NOT_COUNTED);
        assertThat(counting.of(new CallCancelledException("client"))).isEqualTo(CallOutcome.NOT_COUNTED);
        assertThat(counting.of(new SessionLostException("lost"))).isEqualTo(CallOutcome.NOT_COUNTED);
    }

    @Test
    void otherClientErrorsOfHttpMeanTheBackendAnswered() {
        assertThat(counting.of(new UpstreamHttpException("HTTP 400", 400, null))).isEqualTo(CallOutcome.SUCCESS);
        assertThat(counting.of(new UpstreamHttpException("HTTP 413", 413, null))).isEqualTo(CallOutcome.SUCCESS);
    }
}
