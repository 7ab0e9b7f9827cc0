package dev.mcpgateway.failsafe;

import static dev.mcpgateway.failsafe.ItGateway.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.Jitter;
import dev.mcpgateway.config.RetryConfig;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries against real processes. The demo server's tools are all read-only or idempotent, so the
 * tool that may have side effects comes from a second gateway in between: its
 * {@code gateway_invoke} says {@code readOnlyHint: false, idempotentHint: false}. Both paths end at
 * the same demo tool, which fails every call (-32603), and the demo's own call count shows how
 * often each was sent.
 */
class RetryIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final Leaks leaks = new Leaks();
    private ItGateway it;

    private static String yamlList(List<String> words) {
        StringBuilder s = new StringBuilder("[");
        for (String w : words) {
            s.append(s.length() > 1 ? ", " : "").append('\'').append(w.replace("'", "''").replace("$", "$$")).append('\'');
        }
        return s.append(']').toString();
    }

    private long demoToolCalls(TestClient client) {
        JsonRpcResponse read = client.request("resources/read", "{\"uri\":\"demo://config\"}");
        return JsonValue.parse(read.result().get("contents").elements().getFirst().getString("text")).get("tool_calls").asLong();
    }

    @Test
    void retriesRepeatAReadOnlyToolButNeverOneThatMayHaveSideEffects() throws Exception {
        Path inner = Files.writeString(dir.resolve("inner.yaml"), """
                meta_mcp:
                  enabled: true
                  surfaced_tools: [demo/echo]
                failsafe:
                  retry: {enabled: false}
                  circuit_breaker: {enabled: false}
                  health_check: {enabled: false}
                  rate_limit: {enabled: false}
                backends:
                  demo:
                    command: %s
                """.formatted(yamlList(DemoServers.stdio("--error-rate", "1"))));
        FailsafeConfig retrying = ItGateway.quiet()
                .withRetry(new RetryConfig(true, 3, Duration.ofMillis(10), Duration.ofMillis(50), 2, Jitter.FULL, 1.0))
                .withCircuitBreaker(ItGateway.quiet().circuitBreaker().withEnabled(false));
        it = leaks.closing(new ItGateway(BackendConfig.stdio("inner", GatewayProcess.javaCommand("serve", "--stdio", "--config", inner.toString()))
                .withFailsafe(retrying)));
        TestClient client = it.client();
        // the inner gateway lists the demo's tool once its own backend is up (it says so with list_changed)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> client.request("tools/list", null).result()
                .toString().contains("\"inner__demo__echo\""));
        assertThat(demoToolCalls(client)).isZero();

        JsonRpcResponse readOnly = client.request("tools/call", "{\"name\":\"inner__demo__echo\",\"arguments\":{\"message\":\"x\"}}");
        assertThat(outcome(readOnly)).as(ItGateway.text(readOnly)).isEqualTo("rpc:-32603");
        assertThat(demoToolCalls(client)).isEqualTo(3); // the first attempt and two retries

        JsonRpcResponse sideEffects = client.request("tools/call", "{\"name\":\"inner__gateway_invoke\",\"arguments\":"
                + "{\"server\":\"demo\",\"tool\":\"echo\",\"arguments\":{\"message\":\"x\"}}}");
        assertThat(outcome(sideEffects)).as(ItGateway.text(sideEffects)).isEqualTo("rpc:-32603");
        assertThat(demoToolCalls(client)).isEqualTo(4); // sent once, never repeated

        HealthMetrics health = it.health("inner");
        assertThat(health.failureCount()).isEqualTo(4);
    }
}
