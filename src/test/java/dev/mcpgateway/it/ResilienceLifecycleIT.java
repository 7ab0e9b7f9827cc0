package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.isError;
import static dev.mcpgateway.it.support.ToolResults.server;
import static dev.mcpgateway.it.support.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.interop.CommandFuture;
import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.Node;
import dev.mcpgateway.interop.ReferenceServers;
import dev.mcpgateway.interop.RequestOptions;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.interop.SdkCommandException;
import dev.mcpgateway.it.support.DemoBackends;
import dev.mcpgateway.it.support.GatewayConfigFile;
import dev.mcpgateway.it.support.GatewayServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Starting and stopping the gateway process: graceful shutdown on SIGTERM with a call in flight,
 * the built-in demo when there is no config file, and a config error that stops startup cold.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ResilienceLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeEach
    void requireInteropPeers() {
        Node.assumeInteropAvailable();
    }

    @Test
    void sigtermLetsTheCallInFlightFinishRefusesNewOnesAndLeavesNoProcessBehind() {
        // A stdio backend with a grandchild (which also holds the backend's stdout open): the whole tree must go.
        List<String> withGrandchild = new ArrayList<>(List.of("sh", "-c", "sleep 300 & exec \"$@\"", "sh"));
        withGrandchild.addAll(ReferenceServers.everythingStdio());
        Path config = GatewayConfigFile.flat()
                .stdio("demo", DemoBackends.stdio())
                .stdio("tree", withGrandchild)
                .writeTo(dir);
        try (GatewayProcess gateway = GatewayProcess.serve(config); SdkClient client = SdkClient.start("shutdown")) {
            client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();
            GatewayServers.awaitAllReady(client, Duration.ofSeconds(60));
            List<ProcessHandle> backends = gateway.liveDescendants();
            assertThat(backends).as("backend processes")
                    .anyMatch(p -> p.info().commandLine().orElse("").contains("demo-server"))
                    .anyMatch(p -> p.info().commandLine().orElse("").contains("server-everything"))
                    .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 300"));

            CommandFuture slow = client.callTool("demo__slow", Json.object().put("duration_ms", 4000).put("steps", 4),
                    RequestOptions.defaults().withProgress());
            client.awaitNotification("notifications/progress", WAIT);
            CompletableFuture<GatewayProcess.Stopped> stopping = CompletableFuture.supplyAsync(gateway::stop);
            gateway.awaitStderr(line -> line.contains("received SIGTERM"), WAIT);

            SdkCommandException refused = client.callTool("demo__echo", Json.object().put("message", "too late")).failure();
            assertThat(refused.code()).as("a new request while draining: %s", refused.error()).isEqualTo(503);
            assertNoStackTraceIn(refused.errorMessage());

            JsonNode finished = slow.result();
            assertThat(isError(finished)).as("the call in flight at SIGTERM: %s", finished).isFalse();
            assertThat(text(finished)).isEqualTo("done after 4 steps");

            GatewayProcess.Stopped stopped = stopping.join();
            assertThat(stopped.forced()).as("stopped without SIGKILL").isFalse();
            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.survivors()).as("processes left behind").isEmpty();
            assertThat(backends).noneMatch(ProcessHandle::isAlive);
            assertThat(gateway.stderrLines()).anyMatch(line -> line.contains("mcp-gateway stopped"));
        }
    }

    @Test
    void withoutAConfigFileTheBuiltInDemoBackendIsServedAndStopsCleanly() throws IOException {
        Path workingDir = Files.createDirectory(dir.resolve("empty-working-dir"));
        Path home = Files.createDirectory(dir.resolve("home"));
        // No ./gateway.yaml and an empty home: only /etc/mcp-gateway could still supply a config.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/etc/mcp-gateway/gateway.yaml")),
                "this machine has /etc/mcp-gateway/gateway.yaml");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", workingDir.toString(),
                GatewayProcess.java().toString(), "-Duser.home=" + home, "-jar", GatewayProcess.jar().toString(), "serve", "--port", "0"));

        try (GatewayProcess gateway = GatewayProcess.launch("gateway-no-config", command, Map.of(), GatewayProcess.DEFAULT_START_TIMEOUT);
                SdkClient client = SdkClient.start("no-config")) {
            assertThat(gateway.stderrLines()).anyMatch(line -> line.contains("no gateway.yaml found"));
            client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();

            JsonNode servers = client.callTool("gateway_list_servers", Json.object()).result();
            assertThat(server(servers, "demo").path("status").asString()).as("gateway_list_servers: %s", servers).isEqualTo("ready");
            JsonNode echo = client.callTool("gateway_invoke", Json.object().put("server", "demo").put("tool", "echo")
                    .set("arguments", Json.object().put("message", "no config needed"))).result();
            assertThat(isError(echo)).as("gateway_invoke echo: %s", echo).isFalse();
            assertThat(text(echo)).isEqualTo("no config needed");
            List<ProcessHandle> backends = gateway.liveDescendants();
            assertThat(backends).anyMatch(p -> p.info().commandLine().orElse("").contains("demo-server"));

            GatewayProcess.Stopped stopped = gateway.stop();

            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.forced()).isFalse();
            assertThat(stopped.survivors()).isEmpty();
            assertThat(backends).noneMatch(ProcessHandle::isAlive);
            assertThat(workingDir).isEmptyDirectory();
        }
    }

    @Test
    void anUnknownKeyInTheConfigStopsStartupWithItsPositionAndASuggestion() throws Exception {
        Path marker = dir.resolve("backend-was-started");
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: 0
                backends:
                  demo:
                    command: ["sh", "-c", "touch '%s'; sleep 60"]
                    tiemout: 5s
                """.formatted(marker), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(GatewayProcess.javaCommand("serve", "--config", config.toString()))
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits on its own").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String stderr = Files.readString(dir.resolve("stderr.txt"));

        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderr).isNotZero();
        assertThat(stderr).contains(config + ":7:5").contains("backends.demo.tiemout").contains("unknown key").contains("did you mean \"timeout\"");
        assertThat(stderr).doesNotContain("listening");
        assertNoStackTraceIn(stderr);
        assertThat(Files.readString(dir.resolve("stdout.txt"))).isEmpty();
        assertThat(marker).as("no backend was started").doesNotExist();
    }

    private static void assertNoStackTraceIn(String text) {
        dev.mcpgateway.it.support.ToolResults.assertNoStackTrace(text);
    }
}
