package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.assertNoStackTrace;
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
import dev.mcpgateway.interop.ReferenceServers.RunningServer;
import dev.mcpgateway.interop.RequestOptions;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.it.support.GatewayConfigFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Backends that go away in the middle of a session and come back: a Streamable HTTP server
 * restarted on the same port (it has forgotten the gateway's session) and a stdio child killed
 * with SIGKILL. The client keeps its one gateway session throughout and must never notice more
 * than a clear error for a call that could not be completed safely.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ResilienceBackendRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void requireInteropPeers() {
        Node.assumeInteropAvailable();
    }

    @AfterEach
    void closeEverything() throws Exception {
        // clients first (they talk to the gateway), then the gateway (it talks to backends), then servers
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void aRestartedHttpBackendIsReinitializedTransparentlyAndOnlySafeCallsAreRepeated() {
        RunningServer first = ReferenceServers.startEverythingStreamableHttp();
        int port = first.port();
        List<RunningServer> servers = new ArrayList<>(List.of(first));
        closeLater(() -> servers.forEach(RunningServer::close));
        Path config = GatewayConfigFile.flat().http("everything", first.url(), "timeout", "20s").writeTo(dir);
        GatewayProcess gateway = closeLater(GatewayProcess.serve(config));
        SdkClient client = closeLater(SdkClient.start("http-restart"));
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();

        // The gateway forwards the backend's annotations: that is what decides whether a call may be repeated.
        JsonNode tools = client.listAllTools().result().path("tools");
        assertThat(annotations(tools, "everything__echo").path("readOnlyHint").asBoolean()).isTrue();
        JsonNode toggle = annotations(tools, "everything__toggle-simulated-logging");
        assertThat(toggle.path("readOnlyHint").asBoolean()).isFalse();
        assertThat(toggle.path("idempotentHint").asBoolean()).isFalse();

        assertThat(text(echo(client, "before the restart"))).isEqualTo("Echo: before the restart");

        servers.add(restart(servers, port));
        JsonNode afterRestart = echo(client, "after the restart");

        assertThat(isError(afterRestart)).as("read-only call after a restart: %s", afterRestart).isFalse();
        assertThat(text(afterRestart)).isEqualTo("Echo: after the restart");
        gateway.awaitStderr(line -> line.contains("re-initializing"), WAIT);

        servers.add(restart(servers, port));
        JsonNode notRepeated = client.callTool("everything__toggle-simulated-logging", Json.object()).result();

        assertThat(isError(notRepeated)).as("non-idempotent call after a restart: %s", notRepeated).isTrue();
        assertThat(text(notRepeated)).contains("lost its session").contains("did not repeat").contains("Retry");
        assertThat(notRepeated.path("_meta").path("backend").asString()).isEqualTo("everything");
        assertNoStackTrace(text(notRepeated));

        // The session was re-established for that call: the next calls go straight through.
        assertThat(text(echo(client, "once more"))).isEqualTo("Echo: once more");
        assertThat(isError(client.callTool("everything__toggle-simulated-logging", Json.object()).result())).isFalse();
        assertThat(client.transportErrors()).as("the client never sees an HTTP or protocol error").isEmpty();
    }

    @Test
    void aKilledStdioBackendFailsOnlyTheCallInFlightAndIsRestartedOnTheNextCall() {
        // Retries off: a read-only call in flight would otherwise be sent again to the restarted child (RetryIT covers that).
        Path config = GatewayConfigFile.metaMode().stdio("everything", ReferenceServers.everythingStdio(), "timeout", "30s",
                "failsafe", "{retry: {enabled: false}}").writeTo(dir);
        GatewayProcess gateway = closeLater(GatewayProcess.serve(config));
        SdkClient client = closeLater(SdkClient.start("stdio-kill"));
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();
        assertThat(text(invoke(client, "echo", Json.object().put("message", "first")))).isEqualTo("Echo: first");
        ProcessHandle child = onlyEverythingChild(gateway);

        // A long call is in flight (its first progress arrived) when the child dies.
        CommandFuture longCall = client.callTool("gateway_invoke", Json.object().put("server", "everything")
                        .put("tool", "trigger-long-running-operation").set("arguments", Json.object().put("duration", 30).put("steps", 30)),
                RequestOptions.defaults().withProgress());
        client.awaitNotification("notifications/progress", WAIT);
        child.destroyForcibly();
        assertThat(child.onExit()).succeedsWithin(WAIT);

        JsonNode failed = longCall.result();
        assertThat(isError(failed)).as("the call in flight when the backend died: %s", failed).isTrue();
        assertThat(failed.path("_meta").path("backend").asString()).isEqualTo("everything");
        assertThat(failed.path("_meta").path("reason").asString()).isEqualTo("backend_error");
        assertNoStackTrace(text(failed));

        JsonNode again = invoke(client, "echo", Json.object().put("message", "after the kill"));

        assertThat(isError(again)).as("the call after the kill: %s", again).isFalse();
        assertThat(text(again)).isEqualTo("Echo: after the kill");
        ProcessHandle restarted = onlyEverythingChild(gateway);
        assertThat(restarted.pid()).isNotEqualTo(child.pid());
        JsonNode servers = client.callTool("gateway_list_servers", Json.object()).result();
        JsonNode everything = server(servers, "everything");
        assertThat(everything.path("status").asString()).as("gateway_list_servers: %s", servers).isEqualTo("ready");
        assertThat(everything.has("error")).isFalse();
        assertThat(everything.path("tools").asInt()).isPositive();
    }

    private static RunningServer restart(List<RunningServer> servers, int port) {
        RunningServer current = servers.getLast();
        current.close();
        assertThat(current.isAlive()).isFalse();
        return ReferenceServers.startEverythingStreamableHttp(port);
    }

    private static JsonNode echo(SdkClient client, String message) {
        return client.callTool("everything__echo", Json.object().put("message", message)).result();
    }

    private static JsonNode invoke(SdkClient client, String tool, JsonNode arguments) {
        return client.callTool("gateway_invoke", Json.object().put("server", "everything").put("tool", tool).set("arguments", arguments)).result();
    }

    private static JsonNode annotations(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("name").asString())) {
                return tool.path("annotations");
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    /** The server-everything child of the gateway (found in its process tree, by command line). */
    private static ProcessHandle onlyEverythingChild(GatewayProcess gateway) {
        List<ProcessHandle> children = gateway.liveDescendants().stream()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .toList();
        assertThat(children).as("server-everything children of the gateway").hasSize(1);
        return children.getFirst();
    }
}
