package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A call waiting for a backend's only bulkhead slot, as operators see it: the gauge, /health/backends and /api/status. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueuedCallsObservabilityTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private Gateway gateway;
    private HttpGatewayClient client;

    @BeforeEach
    void start() throws Exception {
        FakeMcpServer alpha = new FakeMcpServer("alpha").tool("{\"name\":\"hold\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeMcpServer.textResult("done");
        });
        GatewayConfig config = ConfigLoader.load("""
                server: {host: 127.0.0.1, port: 0}
                meta_mcp: {enabled: false}
                backends:
                  alpha: {command: fake}
                failsafe:
                  concurrency: {max_in_flight: 1, max_queued: 4}
                  rate_limit: {enabled: false}
                  health_check: {enabled: false}
                """, "gateway.yaml", Map.of(), Path.of("").toAbsolutePath(), w -> {});
        gateway = Gateway.start(config, new FakeBackends().add("alpha", alpha), true, Telemetry.disabled());
        gateway.awaitStartup(Duration.ofSeconds(5));
        client = new HttpGatewayClient(gateway.http().mcpUrl()).initialize();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        gateway.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void aCallWaitingForTheOnlySlotIsCountedAsQueuedUntilItIsSent() throws Exception {
        CompletableFuture<JsonValue> first = call(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend().get("in_flight").asLong() == 1);
        CompletableFuture<JsonValue> second = call(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> backend().get("queued").asLong() == 1);
        assertThat(client.get(gateway.http().adminUrl() + "/metrics").body())
                .contains("mcp_gateway_backend_queued{backend=\"alpha\"} 1.0");
        JsonValue status = JsonValue.parse(client.get(gateway.http().adminUrl() + "/api/status").body());
        assertThat(status.get("backends").elements().getFirst().get("queued").asLong()).isEqualTo(1);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).get("result").toString()).contains("done");
        assertThat(second.get(10, TimeUnit.SECONDS).get("result").toString()).contains("done");
        assertThat(backend().get("queued").asLong()).isZero();
    }

    private JsonValue backend() throws Exception {
        return JsonValue.parse(client.get(gateway.http().adminUrl() + "/health/backends").body()).get("alpha");
    }

    private CompletableFuture<JsonValue> call(int id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.callTool(id, "alpha__hold");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Thread::startVirtualThread);
    }
}
