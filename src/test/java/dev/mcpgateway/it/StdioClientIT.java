package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.isError;
import static dev.mcpgateway.it.support.ToolResults.text;
import static dev.mcpgateway.it.support.ToolResults.toolNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as a stdio MCP server ({@code serve --stdio}), started by the official SDK client
 * the way Claude Desktop or Cursor start it, in front of a stdio backend and a Streamable HTTP
 * backend.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StdioClientIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeEach
    void requireInteropPeers() {
        Node.assumeInteropAvailable();
    }

    @Test
    void anSdkClientOverStdioUsesBothBackendsAndTheGatewayExitsCleanlyWhenStdinCloses() throws IOException {
        try (RunningServer web = ReferenceServers.startEverythingStreamableHttp()) {
            Path config = GatewayConfigFile.flat()
                    .stdio("local", ReferenceServers.everythingStdio())
                    .http("web", web.url())
                    .writeTo(dir);
            Path exitCodeFile = dir.resolve("exit-code");
            // sh records the gateway's exit code (the SDK starts the command, so the test is not its parent).
            List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\"; echo $? > \"$0\"", exitCodeFile.toString()));
            command.addAll(GatewayProcess.javaCommand("serve", "--stdio", "--config", config.toString()));

            try (SdkClient client = SdkClient.start("stdio-client")) {
                client.setHandler("sampling/createMessage", Json.parse("""
                        {"role":"assistant","content":{"type":"text","text":"sampled by the client"},"model":"test-model","stopReason":"endTurn"}""")).result();
                JsonNode init = client.connectStdio(command, Map.of(), ConnectOptions.defaults().withSampling().withTrace()).result();
                ProcessHandle wrapper = ProcessHandle.of(init.path("serverPid").asLong()).orElseThrow();

                assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("mcp-gateway");
                assertThat(init.path("protocolVersion").asString()).isEqualTo("2025-11-25");
                List<String> tools = toolNames(client.listAllTools().result());
                assertThat(tools).contains("local__echo", "web__echo", "local__trigger-long-running-operation", "web__trigger-sampling-request");

                assertThat(text(client.callTool("local__echo", Json.object().put("message", "via stdio")).result())).isEqualTo("Echo: via stdio");
                assertThat(text(client.callTool("web__echo", Json.object().put("message", "via http")).result())).isEqualTo("Echo: via http");

                CommandFuture slow = client.callTool("local__trigger-long-running-operation", Json.object().put("duration", 1).put("steps", 3),
                        RequestOptions.defaults().withProgress());
                assertThat(text(slow.result())).contains("Long running operation completed");
                assertThat(client.progressNotificationsOf(slow)).hasSize(3)
                        .allSatisfy(p -> assertThat(p.path("params").path("total").asInt()).isEqualTo(3));
                assertProgressPrecedesTheResponse(client, slow);

                JsonNode sampled = client.callTool("web__trigger-sampling-request", Json.object().put("prompt", "say hi").put("maxTokens", 10)).result();
                assertThat(isError(sampled)).as("sampling through the gateway: %s", sampled).isFalse();
                assertThat(text(sampled)).contains("sampled by the client");
                assertThat(client.requests("sampling/createMessage")).hasSize(1);

                assertThat(client.serverStderr()).as("the gateway logs on stderr")
                        .anyMatch(line -> line.contains("mcp-gateway serving MCP on stdio"))
                        .anyMatch(line -> line.contains("backend `local` ready"));
                // SDK 1.32.2 handles a progress notification a microtask after a response read in the same chunk and then
                // reports its token unknown (see sdk-client-driver.mjs); the wire order is checked above.
                assertThat(client.transportErrors()).as("stdout carried nothing but MCP")
                        .allMatch(e -> e.path("message").asString().startsWith("Received a progress notification for an unknown token"));

                List<ProcessHandle> gatewayTree = wrapper.descendants().toList();
                assertThat(gatewayTree).as("the gateway JVM and its stdio backend")
                        .anyMatch(p -> p.info().commandLine().orElse("").contains("serve --stdio"))
                        .anyMatch(p -> p.info().commandLine().orElse("").contains("server-everything"));

                client.disconnect().result(); // the SDK closes the gateway's stdin

                await("the gateway's exit code").atMost(WAIT).until(() -> Files.exists(exitCodeFile) && !Files.readString(exitCodeFile).isBlank());
                assertThat(Files.readString(exitCodeFile).strip()).as("exit code after stdin closed").isEqualTo("0");
                await("no process of the gateway left").atMost(WAIT).until(() -> gatewayTree.stream().noneMatch(ProcessHandle::isAlive));
                assertThat(client.serverStderr()).anyMatch(line -> line.contains("mcp-gateway stopped"));
            }
        }
    }

    /** On the wire, every progress notification of a call arrived before the call's response. */
    private static void assertProgressPrecedesTheResponse(SdkClient client, CommandFuture call) {
        JsonNode id = client.requestIdsOf(call).getFirst();
        List<JsonNode> received = client.receivedMessages();
        int response = -1;
        int lastProgress = -1;
        for (int i = 0; i < received.size(); i++) {
            JsonNode message = received.get(i);
            if (message.path("id").equals(id) && !message.has("method")) {
                response = i;
            } else if ("notifications/progress".equals(message.path("method").asString())
                    && message.path("params").path("progressToken").equals(id)) {
                lastProgress = i;
            }
        }
        assertThat(lastProgress).as("a progress notification arrived").isNotNegative();
        assertThat(lastProgress).as("the last progress notification precedes the response").isLessThan(response);
    }
}
