package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both HTTP transports against the real reference server ({@code @modelcontextprotocol/server-everything},
 * pinned in {@code src/test/interop}): the full handshake, a tool call, and a long-running tool
 * whose progress notifications must arrive tagged with the right request.
 */
class HttpTransportsInteropIT {

    private static final Path INTEROP_DIR = Path.of(System.getProperty("interop.dir", "src/test/interop"));
    private static final Path EVERYTHING =
            INTEROP_DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

    private BackendHttpClient client;
    private NodeServer node;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startClient() {
        assertThat(EVERYTHING).as("server-everything is installed (run src/test/interop/install.sh)").exists();
        client = BackendHttpClient.start();
    }

    @AfterEach
    void stopEverything() {
        if (node != null) {
            node.close();
        }
        client.close();
    }

    static JsonRpcRequest initialize(String protocolVersion) {
        return JsonRpc.request(JsonValue.number(0), "initialize", JsonValue.parse("{\"protocolVersion\":\""
                + protocolVersion + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-gateway-it\",\"version\":\"1\"}}"));
    }

    static JsonRpcRequest toolCall(long id, String tool, String argumentsJson, String progressToken) {
        String meta = progressToken == null ? "" : ",\"_meta\":{\"progressToken\":\"" + progressToken + "\"}";
        return JsonRpc.request(JsonValue.number(id), "tools/call",
                JsonValue.parse("{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + meta + "}"));
    }

    @Test
    void streamableHttpRunsAFullSessionAgainstTheReferenceServer() throws Exception {
        node = NodeServer.start("streamableHttp");
        URI url = URI.create("http://127.0.0.1:" + node.port() + "/mcp");
        StreamableHttpTransport transport = new StreamableHttpTransport("everything", url, Map.of(), client,
                HttpTransportOptions.DEFAULTS);
        transport.start(listener);

        transport.send(initialize("2025-11-25"));
        JsonRpcResponse init = (JsonRpcResponse) listener.awaitResponse("0").message();
        assertThat(init.result().get("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(transport.sessionId()).isNotBlank();
        transport.send(JsonRpc.notification("notifications/initialized", null));
        transport.initialized("2025-11-25");

        transport.send(JsonRpc.request(JsonValue.number(1), "tools/list", null));
        JsonRpcResponse tools = (JsonRpcResponse) listener.awaitResponse("1").message();
        assertThat(tools.result().get("tools").elements()).extracting(t -> t.getString("name"))
                .contains("echo", "trigger-long-running-operation");

        transport.send(toolCall(2, "echo", "{\"message\":\"hello through the gateway\"}", null));
        RecordingListener.Received echo = listener.awaitResponse("2");
        assertThat(echo.related()).isEqualTo(JsonValue.number(2));
        assertThat(echo.json()).contains("Echo: hello through the gateway");

        transport.send(toolCall(3, "trigger-long-running-operation", "{\"duration\":1,\"steps\":3}", "progress-3"));
        RecordingListener.Received done = listener.awaitResponse("3");
        assertThat(done.related()).isEqualTo(JsonValue.number(3));
        List<RecordingListener.Received> progress = progressFor("progress-3");
        assertThat(progress).hasSize(3);
        assertThat(progress).extracting(RecordingListener.Received::related).containsOnly(JsonValue.number(3));
        assertThat(progress).extracting(r -> ((JsonRpcNotification) r.message()).params().get("progress").asLong())
                .containsExactly(1L, 2L, 3L);
        assertThat(listener.lost).isEmpty();
        assertThat(listener.garbage).isEmpty();

        String sessionId = transport.sessionId();
        transport.close();
        assertThat(transport.readerThreads()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
        // The DELETE ended the session: the server no longer accepts its id.
        ContentResponse afterClose = client.jetty().newRequest(url).method(HttpMethod.POST)
                .headers(h -> h.put("Mcp-Session-Id", sessionId).put("MCP-Protocol-Version", "2025-11-25")
                        .put("Accept", "application/json, text/event-stream"))
                .body(new BytesRequestContent("application/json",
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}".getBytes()))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(afterClose.getStatus()).isIn(400, 404);
    }

    @Test
    void legacySseRunsAFullSessionAgainstTheReferenceServer() throws Exception {
        node = NodeServer.start("sse");
        LegacySseTransport transport = new LegacySseTransport("everything-sse",
                URI.create("http://127.0.0.1:" + node.port() + "/sse"), Map.of(), client, HttpTransportOptions.DEFAULTS);
        transport.start(listener);
        assertThat(transport.endpoint().getPath()).isEqualTo("/message");

        transport.send(initialize("2024-11-05"));
        JsonRpcResponse init = (JsonRpcResponse) listener.awaitResponse("0").message();
        assertThat(init.result().get("protocolVersion").asString()).isEqualTo("2024-11-05");
        transport.send(JsonRpc.notification("notifications/initialized", null));
        transport.initialized("2024-11-05");

        transport.send(JsonRpc.request(JsonValue.number(1), "tools/list", null));
        JsonRpcResponse tools = (JsonRpcResponse) listener.awaitResponse("1").message();
        assertThat(tools.result().get("tools").elements()).extracting(t -> t.getString("name")).contains("echo");

        transport.send(toolCall(2, "echo", "{\"message\":\"hello over sse\"}", null));
        assertThat(listener.awaitResponse("2").json()).contains("Echo: hello over sse");

        transport.send(toolCall(3, "trigger-long-running-operation", "{\"duration\":1,\"steps\":2}", "progress-sse"));
        listener.awaitResponse("3");
        List<RecordingListener.Received> progress = progressFor("progress-sse");
        assertThat(progress).hasSize(2);
        assertThat(progress).extracting(RecordingListener.Received::related).containsOnlyNulls();

        transport.close();
        assertThat(listener.closed).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
    }

    private List<RecordingListener.Received> progressFor(String token) {
        return listener.messages.stream()
                .filter(r -> r.message() instanceof JsonRpcNotification n && "notifications/progress".equals(n.method())
                        && token.equals(n.params().get("progressToken").asStringOrNull()))
                .toList();
    }

    /** server-everything as a child process on a free port; killed (with descendants) by PID on close. */
    record NodeServer(Process process, int port) implements AutoCloseable {

        static NodeServer start(String mode) throws Exception {
            int port = freePort();
            Path logs = Files.createDirectories(Path.of("target", "interop-logs"));
            ProcessBuilder builder = new ProcessBuilder("node", EVERYTHING.toString(), mode)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("everything-" + mode + "-" + port + ".log").toFile());
            builder.environment().put("PORT", Integer.toString(port));
            NodeServer server = new NodeServer(builder.start(), port);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!server.process().isAlive()) {
                        throw new IllegalStateException("server-everything exited with " + server.process().exitValue()
                                + "; see target/interop-logs");
                    }
                    return accepts(port);
                });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        @Override
        public void close() {
            List<ProcessHandle> descendants = process.descendants().toList();
            descendants.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
