package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.isError;
import static dev.mcpgateway.it.support.ToolResults.text;
import static dev.mcpgateway.it.support.ToolResults.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.interop.CommandFuture;
import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.Node;
import dev.mcpgateway.interop.ReferenceServers;
import dev.mcpgateway.interop.ReferenceServers.RunningServer;
import dev.mcpgateway.interop.RequestOptions;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.it.support.GatewayConfigFile;
import dev.mcpgateway.it.support.GatewayServers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A legacy HTTP+SSE (2024-11-05) backend, server-everything in {@code sse} mode, behind the gateway. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResilienceLegacySseIT {

    @TempDir
    Path dir;

    @BeforeEach
    void requireInteropPeers() {
        Node.assumeInteropAvailable();
    }

    @Test
    void toolsOfALegacySseBackendAreListedAndCallableWithProgress() {
        try (RunningServer sse = ReferenceServers.startEverythingSse()) {
            Path config = GatewayConfigFile.flat().http("legacy", sse.url(), "timeout", "30s").writeTo(dir);
            try (GatewayProcess gateway = GatewayProcess.serve(config); SdkClient client = SdkClient.start("legacy-sse")) {
                client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();

                List<String> tools = toolNames(client.listAllTools().result());
                assertThat(tools).contains("legacy__echo", "legacy__trigger-long-running-operation", "legacy__get-sum");
                JsonNode entry = GatewayServers.entry(client, "legacy");
                assertThat(entry.path("status").asString()).isEqualTo("ready");
                assertThat(entry.path("transport").asString()).isEqualTo("sse");

                assertThat(text(client.callTool("legacy__echo", Json.object().put("message", "over SSE")).result())).isEqualTo("Echo: over SSE");

                CommandFuture slow = client.callTool("legacy__trigger-long-running-operation", Json.object().put("duration", 2).put("steps", 4),
                        RequestOptions.defaults().withProgress());
                JsonNode done = slow.result();

                assertThat(isError(done)).as("long-running operation: %s", done).isFalse();
                assertThat(text(done)).contains("Long running operation completed").contains("Steps: 4");
                List<JsonNode> progress = client.progressNotificationsOf(slow);
                assertThat(progress).as("progress relayed with the client's own token").hasSize(4);
                assertThat(progress.stream().map(p -> p.path("params").path("progress").asInt()).toList()).containsExactly(1, 2, 3, 4);
                assertThat(progress).allSatisfy(p -> assertThat(p.path("params").path("total").asInt()).isEqualTo(4));
            }
        }
    }
}
