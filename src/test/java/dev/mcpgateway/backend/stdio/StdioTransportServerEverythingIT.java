package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The stdio transport against the official reference server (server-everything, TypeScript SDK),
 * installed into {@code src/test/interop/node_modules} by the build before integration tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StdioTransportServerEverythingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void completesAnInitializeHandshakeAndAToolCallWithTheReferenceServer() throws Exception {
        Path server = serverEverything();
        ListAppender<ILoggingEvent> stderrLog = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing(); // capture the MDC on the logging thread
                super.append(event);
            }
        };
        stderrLog.start();
        Logger stderrLogger = (Logger) LoggerFactory.getLogger(StderrPump.LOGGER);
        stderrLogger.addAppender(stderrLog);
        RecordingListener listener = new RecordingListener();
        StdioTransport transport = StdioTransport.builder("everything", List.of("node", server.toString(), "stdio"))
                .stdinCloseGrace(Duration.ofSeconds(2))
                .terminateGrace(Duration.ofSeconds(2))
                .build();
        List<ProcessHandle> tree = List.of();
        try {
            transport.start(listener);

            transport.send(JsonRpc.request(JsonValue.number(1), "initialize", JsonValue.parse("""
                    {"protocolVersion":"2025-11-25","capabilities":{},
                     "clientInfo":{"name":"mcp-gateway-test","version":"0"}}""")));
            JsonRpcResponse init = awaitResponse(listener, 1);
            assertThat(init.json().get("result").get("serverInfo").getString("name")).isEqualTo("mcp-servers/everything");
            assertThat(init.json().get("result").getString("protocolVersion")).isEqualTo("2025-11-25");

            transport.send(JsonRpc.notification("notifications/initialized", null));
            transport.send(JsonRpc.request(JsonValue.number(2), "tools/call",
                    JsonValue.parse("{\"name\":\"echo\",\"arguments\":{\"message\":\"hello from the gateway\"}}")));
            JsonRpcResponse echo = awaitResponse(listener, 2);
            assertThat(echo.json().get("result").get("content").elements().getFirst().getString("text"))
                    .isEqualTo("Echo: hello from the gateway");

            assertThat(listener.garbage).isEmpty();
            assertThat(listener.callbackThreads).containsOnly("stdio-everything-out");
            await().atMost(WAIT).until(() -> stderrLog.list.stream().anyMatch(e ->
                    e.getFormattedMessage().startsWith("[everything] ")
                            && "everything".equals(e.getMDCPropertyMap().get("backend"))));
            tree = ProcessTree.snapshot(ProcessHandle.of(transport.pid().orElseThrow()).orElseThrow());
        } finally {
            transport.close();
            stderrLogger.detachAppender(stderrLog);
        }
        assertThat(tree).isNotEmpty().allSatisfy(p -> assertThat(ProcessTree.isAlive(p)).isFalse());
        assertThat(listener.closed).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("stdio-everything-"));
    }

    private static JsonRpcResponse awaitResponse(RecordingListener listener, long id) {
        return await().atMost(WAIT).until(() -> find(listener, id), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonRpcResponse> find(RecordingListener listener, long id) {
        synchronized (listener.messages) {
            for (JsonRpcMessage m : listener.messages) {
                if (m instanceof JsonRpcResponse r && r.json().get("id").isIntegral() && r.json().get("id").asLong() == id) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static Path serverEverything() {
        String dir = System.getProperty("interop.dir");
        // Run from an IDE without the failsafe setup: skip; under `mvn verify` the build installs it.
        assumeTrue(dir != null, "interop.dir is not set (run with ./mvnw verify)");
        Path server = Path.of(dir, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        assertThat(server).as("run: bash src/test/interop/install.sh").exists();
        assertThat(Files.isRegularFile(server)).isTrue();
        return server;
    }
}
