package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.isError;
import static dev.mcpgateway.it.support.ToolResults.text;
import static dev.mcpgateway.it.support.ToolResults.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.Node;
import dev.mcpgateway.interop.ReferenceServers;
import dev.mcpgateway.interop.ReferenceServers.RunningServer;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.it.support.DemoBackends;
import dev.mcpgateway.it.support.GatewayConfigFile;
import dev.mcpgateway.it.support.GatewayServers;
import dev.mcpgateway.it.support.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Backends that are down when the gateway starts: an HTTP server not listening yet and a stdio
 * command that exits at once. The gateway starts anyway, serves the healthy backend, reports the
 * others as unavailable with their error, and connects by itself once a server comes up.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ResilienceStartupIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeEach
    void requireInteropPeers() {
        Node.assumeInteropAvailable();
    }

    @Test
    void backendsDownAtStartupDoNotHoldUpTheOthersAndALateServerIsPickedUpByItself() {
        int latePort = Ports.freePort();
        Path config = GatewayConfigFile.flat()
                .stdio("demo", DemoBackends.stdio())
                .http("late", URI.create("http://127.0.0.1:" + latePort + "/mcp"), "timeout", "10s")
                .stdio("broken", List.of("sh", "-c", "echo 'cannot start: settings.json is missing' >&2; exit 2"))
                .writeTo(dir);
        RunningServer late = null;
        try (GatewayProcess gateway = GatewayProcess.serve(config); SdkClient client = SdkClient.start("startup")) {
            client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();

            List<String> tools = toolNames(client.listAllTools().result());
            assertThat(tools).contains("demo__echo").noneMatch(name -> name.startsWith("late__") || name.startsWith("broken__"));
            assertThat(text(client.callTool("demo__echo", Json.object().put("message", "served")).result())).isEqualTo("served");

            await("both broken backends reported unavailable").atMost(WAIT).untilAsserted(() -> {
                assertThat(GatewayServers.entry(client, "late").path("status").asString()).isEqualTo("unavailable");
                assertThat(GatewayServers.entry(client, "broken").path("status").asString()).isEqualTo("unavailable");
            });
            assertThat(GatewayServers.entry(client, "late").path("error").asString()).containsIgnoringCase("refused");
            // The error explains the exit with the child's own last words (awaited: the backend is retried meanwhile).
            await("broken's error names its exit and its stderr").atMost(WAIT).untilAsserted(() -> assertThat(
                    GatewayServers.entry(client, "broken").path("error").asString()).contains("exited with code 2").contains("settings.json is missing"));
            // Its tools were never listed: a call to one of them says the backend is unavailable (not "unknown tool").
            JsonNode early = client.callTool("late__echo", Json.object().put("message", "too early")).result();
            assertThat(early.path("isError").asBoolean()).isTrue();
            assertThat(early.path("_meta").path("reason").asString()).isEqualTo("backend_unavailable");
            assertThat(text(early)).contains("backend `late` is unavailable");

            client.clearEvents();
            late = ReferenceServers.startEverythingStreamableHttp(latePort);

            client.awaitNotification("notifications/tools/list_changed", Duration.ofSeconds(60));
            await("late ready").atMost(WAIT).untilAsserted(
                    () -> assertThat(GatewayServers.entry(client, "late").path("status").asString()).isEqualTo("ready"));
            assertThat(toolNames(client.listAllTools().result())).contains("late__echo", "demo__echo");
            JsonNode echo = client.callTool("late__echo", Json.object().put("message", "now up")).result();
            assertThat(isError(echo)).as("late__echo once the server is up: %s", echo).isFalse();
            assertThat(text(echo)).isEqualTo("Echo: now up");
            assertThat(GatewayServers.entry(client, "broken").path("status").asString()).isEqualTo("unavailable");
        } finally {
            if (late != null) {
                late.close();
            }
        }
    }
}
