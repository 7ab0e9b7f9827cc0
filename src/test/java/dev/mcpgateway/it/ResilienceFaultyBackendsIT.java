package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.ToolResults.assertNoStackTrace;
import static dev.mcpgateway.it.support.ToolResults.isError;
import static dev.mcpgateway.it.support.ToolResults.text;
import static dev.mcpgateway.it.support.ToolResults.toolNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.interop.CommandFuture;
import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.Node;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.interop.SdkCommandException;
import dev.mcpgateway.it.support.DemoBackends;
import dev.mcpgateway.it.support.GatewayConfigFile;
import dev.mcpgateway.it.support.GatewayServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * One gateway in front of a healthy demo backend and four broken ones (built-in demo server
 * fault flags): one never answers calls, one answers with bytes that are not JSON, one crashes on
 * its second call, one answers every call with a JSON-RPC error. Each failure must stay with the
 * call that met it: a clear error for that call, nothing for anyone else, no stack trace text.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResilienceFaultyBackendsIT {

    /** Failsafe settings under which each call's own outcome reaches the client unchanged. */
    private static final String ONE_CALL_AT_A_TIME = "{retry: {enabled: false}, circuit_breaker: {enabled: false}}";

    private static Path dir;
    private static GatewayProcess gateway;
    private static SdkClient client;

    @BeforeAll
    static void startGatewayWithFaultyBackends() throws IOException {
        Node.assumeInteropAvailable();
        dir = Files.createTempDirectory("resilience-faults-");
        Path config = GatewayConfigFile.flat()
                .stdio("healthy", DemoBackends.stdio())
                .stdio("hanging", DemoBackends.stdio("--hang-after", "0"), "timeout", "3s")
                // These tests look at what one failing call gives the client; retries and the circuit breaker would
                // change that on purpose (retry a read-only call, reject after five failures) and have their own ITs.
                .stdio("garbage", DemoBackends.stdio("--garbage-after", "0"), "timeout", "20s", "failsafe", ONE_CALL_AT_A_TIME)
                .stdio("crashing", DemoBackends.stdio("--crash-after", "1"), "timeout", "20s", "failsafe", ONE_CALL_AT_A_TIME)
                .stdio("erroring", DemoBackends.stdio("--error-rate", "1"), "timeout", "20s", "failsafe", ONE_CALL_AT_A_TIME)
                .stdio("stacktrace", List.of(Node.executable().toString(),
                        Node.interopDir().resolve("stack-trace-server.mjs").toString()), "timeout", "20s")
                .writeTo(dir);
        gateway = GatewayProcess.serve(config);
        client = SdkClient.start("faults");
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();
        // Five JVMs start at once: the hanging one may miss its short initialize timeout and be retried first.
        GatewayServers.awaitAllReady(client, Duration.ofSeconds(60));
        assertThat(toolNames(client.listAllTools().result()))
                .contains("healthy__echo", "hanging__echo", "garbage__echo", "crashing__echo", "erroring__echo", "stacktrace__explode");
    }

    @AfterAll
    static void stopEverything() throws IOException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (gateway != null) {
                GatewayProcess.Stopped stopped = gateway.stop();
                gateway.close();
                assertThat(stopped.survivors()).as("backend processes left after the gateway stopped").isEmpty();
            }
            if (dir != null) {
                Files.deleteIfExists(dir.resolve("gateway.yaml"));
                Files.deleteIfExists(dir);
            }
        }
    }

    @Test
    void aHangingBackendTimesOutWithAClearErrorWhileTheOthersKeepAnswering() {
        CommandFuture hanging = echo("hanging", "are you there?");
        CommandFuture garbage = echo("garbage", "bytes please");
        CommandFuture erroring = echo("erroring", "fail please");

        List<JsonNode> healthy = new ArrayList<>();
        healthy.add(echo("healthy", "call 0").result());
        assertThat(hanging).as("the hanging call is still pending when a healthy call has completed").isNotDone();
        for (int i = 1; i < 10; i++) {
            healthy.add(echo("healthy", "call " + i).result());
        }
        for (int i = 0; i < healthy.size(); i++) {
            assertThat(isError(healthy.get(i))).as("healthy call %d: %s", i, healthy.get(i)).isFalse();
            assertThat(text(healthy.get(i))).isEqualTo("call " + i);
        }

        JsonNode timedOut = hanging.result();
        assertThat(isError(timedOut)).as("hanging call: %s", timedOut).isTrue();
        assertThat(timedOut.path("_meta").path("backend").asString()).isEqualTo("hanging");
        assertThat(timedOut.path("_meta").path("reason").asString()).isEqualTo("timeout");
        assertThat(text(timedOut)).contains("hanging").contains("did not answer").contains("within 3 s");
        assertNoStackTrace(text(timedOut));

        assertGarbageError(garbage.result());
        assertJsonRpcErrorPassedThrough(erroring.failure());

        // The hanging backend still answers everything but calls: its status is not affected by one slow call.
        assertThat(isError(echo("healthy", "after").result())).isFalse();
    }

    @Test
    void aBackendAnsweringGarbageFailsOnlyThatCall() {
        assertGarbageError(echo("garbage", "first").result());
        assertGarbageError(echo("garbage", "second").result());
        assertThat(text(echo("healthy", "still fine").result())).isEqualTo("still fine");
    }

    @Test
    void aBackendAnsweringJsonRpcErrorsHasThemPassedThroughUnchanged() {
        assertJsonRpcErrorPassedThrough(echo("erroring", "x").failure());
        assertThat(text(echo("healthy", "still fine").result())).isEqualTo("still fine");
    }

    @Test
    void aCrashingBackendFailsTheCallItDiedOnAndIsRestartedForTheNextCall() {
        ProcessHandle child = demoChild("--crash-after");
        JsonNode first = echo("crashing", "one").result();
        assertThat(isError(first)).as("call 1 is answered: %s", first).isFalse();

        JsonNode crashed = echo("crashing", "two").result();

        assertThat(isError(crashed)).as("the call it crashed on: %s", crashed).isTrue();
        assertThat(crashed.path("_meta").path("backend").asString()).isEqualTo("crashing");
        assertThat(crashed.path("_meta").path("reason").asString()).isEqualTo("backend_error");
        assertThat(text(crashed)).contains("crashing").contains("exited with code 3");
        assertNoStackTrace(text(crashed));
        assertThat(child.isAlive()).isFalse();

        JsonNode restarted = echo("crashing", "three").result();

        assertThat(isError(restarted)).as("the call after the crash: %s", restarted).isFalse();
        assertThat(text(restarted)).isEqualTo("three");
        assertThat(demoChild("--crash-after").pid()).isNotEqualTo(child.pid());
        assertThat(text(echo("healthy", "still fine").result())).isEqualTo("still fine");
    }

    @Test
    void aBackendThatDiesWithAStackTraceIsReportedByItsErrorMessageWithoutTheStackFrames() {
        JsonNode died = client.callTool("stacktrace__explode", Json.object()).result();

        assertThat(isError(died)).as("the call the backend died on: %s", died).isTrue();
        assertThat(died.path("_meta").path("backend").asString()).isEqualTo("stacktrace");
        assertThat(text(died)).contains("exited with code 1").contains("boom: the backend failed on explode");
        assertNoStackTrace(text(died));
        assertThat(text(echo("healthy", "still fine").result())).isEqualTo("still fine");
    }

    private static CommandFuture echo(String backend, String message) {
        return client.callTool(backend + "__echo", Json.object().put("message", message));
    }

    private static void assertGarbageError(JsonNode result) {
        assertThat(isError(result)).as("garbage answer: %s", result).isTrue();
        assertThat(result.path("_meta").path("backend").asString()).isEqualTo("garbage");
        assertThat(result.path("_meta").path("reason").asString()).isEqualTo("backend_error");
        assertThat(text(result)).contains("garbage").contains("not JSON-RPC");
        assertNoStackTrace(text(result));
    }

    private static void assertJsonRpcErrorPassedThrough(SdkCommandException error) {
        assertThat(error.name()).isEqualTo("McpError");
        assertThat(error.code()).isEqualTo(-32603);
        assertThat(error.errorMessage()).contains("injected by the demo server");
        assertNoStackTrace(error.errorMessage());
    }

    /** The gateway's demo child started with this fault flag. */
    private static ProcessHandle demoChild(String flag) {
        List<ProcessHandle> matching = gateway.liveDescendants().stream()
                .filter(p -> p.info().commandLine().orElse("").contains(flag))
                .toList();
        assertThat(matching).as("demo backends with %s", flag).hasSize(1);
        return matching.getFirst();
    }
}
