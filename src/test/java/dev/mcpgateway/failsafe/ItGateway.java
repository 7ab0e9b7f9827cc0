package dev.mcpgateway.failsafe;

import dev.mcpgateway.BackendTransports;
import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.FailsafeConfig;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.TestClient;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway running in the test JVM with real backends (child processes, HTTP servers), driven
 * through its dispatcher by {@link TestClient}s, with the failsafe it really has.
 */
final class ItGateway implements AutoCloseable {

    private final BackendTransports transports = new BackendTransports();
    private final List<TestClient> clients = new ArrayList<>();
    final Gateway gateway;

    ItGateway(BackendConfig... backends) throws Exception {
        GatewayConfig config = TestConfigs.flat(backends);
        gateway = Gateway.start(config, transports, false);
        gateway.awaitStartup(Duration.ofSeconds(60));
    }

    TestClient client() {
        TestClient client = TestClient.connect(gateway.dispatcher(), gateway.sessions(), "{}");
        clients.add(client);
        return client;
    }

    HealthMetrics health(String backend) {
        return gateway.failsafe().health(backend).orElseThrow();
    }

    /** The tool result's {@code _meta.reason}, or "ok" for a result without an error, or "rpc:CODE" for a JSON-RPC error. */
    static String outcome(JsonRpcResponse response) {
        if (response.isError()) {
            JsonValue data = response.error().get("data");
            String reason = data == null ? null : data.getString("reason");
            return reason != null ? reason : "rpc:" + response.errorCode();
        }
        JsonValue isError = response.result().get("isError");
        if (isError == null || !isError.isTrue()) {
            return "ok";
        }
        JsonValue meta = response.result().get("_meta");
        return meta == null ? "tool_error" : meta.getString("reason");
    }

    static String text(JsonRpcResponse response) {
        if (response.isError()) {
            return response.errorMessage();
        }
        return response.result().get("content").elements().getFirst().getString("text");
    }

    /** Test failsafe settings: the defaults without rate limit, bulkhead, retries and health checks, unless a test adds them. */
    static FailsafeConfig quiet() {
        return TestConfigs.FAILSAFE.withRetry(TestConfigs.FAILSAFE.retry().withEnabled(false))
                .withHealthCheck(TestConfigs.FAILSAFE.healthCheck().withEnabled(false))
                .withTimeout(DemoServers.CALL_TIMEOUT);
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        gateway.shutdown(Duration.ofSeconds(5)); // also closes the transports' HTTP client
    }
}
