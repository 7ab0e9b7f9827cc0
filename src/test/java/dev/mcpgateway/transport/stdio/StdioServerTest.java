package dev.mcpgateway.transport.stdio;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway as a stdio MCP server, driven through pipes. */
class StdioServerTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final FakeMcpServer alpha = new FakeMcpServer("alpha").echoTool("echo")
            .tool("{\"name\":\"wait\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeMcpServer.textResult("released");
            });
    private Gateway gateway;
    private OutputStream toGateway;
    private BufferedReader fromGateway;
    private Thread serverThread;

    @BeforeEach
    void start() throws Exception {
        gateway = Gateway.start(TestConfigs.flat(backend("alpha")), new FakeBackends().add("alpha", alpha), false);
        gateway.awaitStartup(Duration.ofSeconds(5));
        PipedInputStream stdin = new PipedInputStream(1 << 16);
        toGateway = new PipedOutputStream(stdin);
        PipedOutputStream stdout = new PipedOutputStream();
        fromGateway = new BufferedReader(new InputStreamReader(new PipedInputStream(stdout, 1 << 16), StandardCharsets.UTF_8));
        StdioServer server = new StdioServer(gateway.dispatcher(), gateway.sessions(), stdin, stdout, 1 << 20);
        serverThread = Thread.ofPlatform().name("stdio-test").start(() -> {
            server.run();
            server.flushAndStop(1000);
        });
    }

    @AfterEach
    void stop() throws Exception {
        toGateway.close();
        serverThread.join(5000);
        gateway.shutdown(Duration.ofSeconds(1));
    }

    private void send(String line) throws Exception {
        toGateway.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toGateway.flush();
    }

    /** The next response (notifications such as list_changed, which may arrive at any time, are skipped). */
    private JsonValue read() throws Exception {
        while (true) {
            JsonValue message = JsonValue.parse(fromGateway.readLine());
            if (message.isArray() || message.get("method") == null) {
                return message;
            }
        }
    }

    private void initialize() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(read().get("result").getString("protocolVersion")).isEqualTo("2025-03-26");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @Test
    void requestsBeforeInitializeAreRefusedButPingIsAnswered() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(read().get("error").getString("message")).contains("not initialized");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertThat(read().get("result").toString()).isEqualTo("{}");
    }

    @Test
    void requestsAreHandledConcurrentlySoASlowCallDoesNotBlockTheNext() throws Exception {
        initialize();
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__wait\"}}");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__echo\",\"arguments\":{\"v\":1.10}}}");
        JsonValue first = read();
        assertThat(first.get("id").asLong()).isEqualTo(2);
        assertThat(first.get("result").toString()).contains("1.10");
        release.countDown();
        assertThat(read().get("id").asLong()).isEqualTo(1);
    }

    @Test
    void malformedLinesGetParseErrorsAndTheSessionGoesOn() throws Exception {
        initialize();
        send("{not json");
        JsonValue error = read();
        assertThat(error.get("error").get("code").asLong()).isEqualTo(-32700);
        assertThat(error.get("id").isNull()).isTrue();
        send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
        assertThat(read().get("id").asLong()).isEqualTo(9);
    }

    @Test
    void a2025_03_26BatchIsAnsweredWithOneArray() throws Exception {
        initialize();
        send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]");
        JsonValue answers = read();
        assertThat(answers.isArray()).isTrue();
        Map<Long, JsonValue> byId = new HashMap<>();
        for (JsonValue answer : answers.elements()) {
            byId.put(answer.get("id").asLong(), answer);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(byId.get(2L).get("result").get("tools").elements()).hasSize(2);
    }

    @Test
    void manyConcurrentCallsAllComeBackOnSeparateLines() throws Exception {
        initialize();
        int n = 200;
        for (int i = 0; i < n; i++) {
            send("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__echo\",\"arguments\":{\"i\":" + i + "}}}");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(read().get("id").asLong());
        }
        assertThat(ids).hasSize(n).doesNotHaveDuplicates();
    }
}
