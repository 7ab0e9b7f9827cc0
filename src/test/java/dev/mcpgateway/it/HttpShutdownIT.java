package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.HttpGatewayFixture.firstText;
import static dev.mcpgateway.it.support.HttpGatewayFixture.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.interop.CommandFuture;
import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.RequestOptions;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.it.support.HttpGatewayFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to a gateway serving HTTP with stdio backends (shared and per_client) running: it exits
 * 0, lets a call in flight finish, and leaves no child process behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void stoppingTheGatewayExitsZeroAndEndsEveryStdioBackendProcess() {
        try (HttpGatewayFixture fixture = HttpGatewayFixture.builder()
                .flatMode()
                .everythingStdio("everything")
                .filesystem("files")
                .memory("memory")
                .echoRaw("raw", 0)
                .everythingPerClient("mine")
                .start()) {
            SdkClient client = fixture.connect("shutdown", ConnectOptions.defaults());
            await().atMost(WAIT).untilAsserted(() -> assertThat(names(client.listTools().result().path("tools"))).contains("mine__echo"));
            // one call per backend, so that every child, including this client's own per_client one, is running
            assertThat(firstText(client.callTool("everything__echo", "{\"message\":\"1\"}").result())).isEqualTo("Echo: 1");
            assertThat(firstText(client.callTool("mine__echo", "{\"message\":\"2\"}").result())).isEqualTo("Echo: 2");
            assertThat(firstText(client.callTool("files__list_allowed_directories", "{}").result())).contains(fixture.filesRoot().toString());
            assertThat(client.callTool("memory__read_graph", "{}").result().path("isError").asBoolean(false)).isFalse();
            assertThat(firstText(client.callTool("raw__echo_raw", "{}").result())).isEqualTo("{}");
            List<ProcessHandle> backends = fixture.gateway().process().children().filter(ProcessHandle::isAlive).toList();
            List<ProcessHandle> everyDescendant = fixture.gateway().liveDescendants();
            assertThat(backends).as("one child per stdio backend, plus the client's per_client child").hasSize(5)
                    .allSatisfy(child -> assertThat(child.info().command().orElse("")).endsWith("node"));

            GatewayProcess.Stopped stopped = fixture.stop();

            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.forced()).isFalse();
            assertThat(stopped.survivors()).isEmpty();
            assertThat(everyDescendant).noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void aCallInFlightFinishesWhileTheGatewayShutsDown() {
        try (HttpGatewayFixture fixture = HttpGatewayFixture.builder().flatMode().everythingStdio("everything").start()) {
            SdkClient client = fixture.connect("in-flight", ConnectOptions.defaults());
            List<ProcessHandle> everyDescendant = fixture.gateway().liveDescendants();
            CommandFuture call = client.callTool("everything__trigger-long-running-operation", Json.parse("{\"duration\":2,\"steps\":4}"),
                    RequestOptions.defaults().withProgress());
            client.awaitNotification("notifications/progress", WAIT);

            CompletableFuture<GatewayProcess.Stopped> stopping = CompletableFuture.supplyAsync(fixture::stop);

            assertThat(firstText(call.result())).contains("Long running operation completed");
            GatewayProcess.Stopped stopped = stopping.join();
            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.survivors()).isEmpty();
            assertThat(everyDescendant).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        }
    }
}
