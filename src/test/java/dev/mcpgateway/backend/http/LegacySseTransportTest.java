package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.backend.SessionExpiredException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LegacySseTransportTest {

    private static final String STOP = "<stop>";
    private static final String CUT = "<cut>";

    private BackendHttpClient client;
    private FakeMcpServer server;
    private LegacySseTransport transport;
    private final RecordingListener listener = new RecordingListener();
    /** What the GET stream writes next: SSE text, or STOP / CUT. */
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();

    @BeforeEach
    void startClient() {
        client = BackendHttpClient.start();
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (transport != null) {
            transport.close();
        }
        outbox.add(STOP);
        if (server != null) {
            server.close();
        }
        client.close();
    }

    /** A 2024-11-05 server: GET /sse announces {@code endpoint}, answers arrive on the stream. */
    private void legacyServer(String endpoint) throws Exception {
        server = new FakeMcpServer(ex -> {
            if (ex.method().equals("GET")) {
                ex.sseStart();
                if (endpoint != null) {
                    ex.write("event: endpoint\ndata: " + endpoint + "\n\n");
                }
                while (true) {
                    String next = outbox.poll(20, TimeUnit.SECONDS);
                    if (next == null || next.equals(STOP)) {
                        return;
                    }
                    if (next.equals(CUT)) {
                        ex.cut();
                        return;
                    }
                    ex.write(next);
                }
            }
            if (!"abc".equals(queryParam(ex.request().query(), "sessionId"))) {
                ex.respond(404, "text/plain", "Session not found");
                return;
            }
            if (ex.requestId() != null) {
                outbox.add("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + ex.requestIdJson()
                        + ",\"result\":{\"m\":\"" + ex.rpcMethod() + "\"}}\n\n");
            }
            ex.respond(202, "text/plain", "Accepted");
        });
    }

    private static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private LegacySseTransport newTransport(HttpTransportOptions options) {
        transport = new LegacySseTransport("legacy", server.uri("/sse"), Map.of("Authorization", "Bearer x"), client, options);
        return transport;
    }

    @Test
    void startsOnTheEndpointEventAndPostsEveryMessageThere() throws Exception {
        legacyServer("/message?sessionId=abc");
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        assertThat(transport.endpoint()).isEqualTo(server.uri("/message?sessionId=abc"));
        assertThat(transport.kind()).isEqualTo("sse");

        String body = "{\"jsonrpc\":\"2.0\", \"id\":1, \"method\":\"initialize\", \"params\":{\"x\":1.10}}";
        transport.send(JsonRpc.parseMessage(body.getBytes(StandardCharsets.UTF_8)));
        transport.send(JsonRpc.notification("notifications/initialized", null));
        transport.send(StreamableHttpTransportTest.request(2, "tools/list"));

        RecordingListener.Received first = listener.awaitResponse("1");
        assertThat(first.related()).isNull();
        assertThat(listener.awaitResponse("2").json()).contains("tools/list");
        FakeMcpServer.Recorded post = server.requests("POST").getFirst();
        assertThat(post.path()).isEqualTo("/message");
        assertThat(post.query()).isEqualTo("sessionId=abc");
        assertThat(post.bodyText()).isEqualTo(body);
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("Authorization")).isEqualTo("Bearer x");
        assertThat(post.headers().getValuesList("Host")).containsExactly(server.uri("/").getAuthority());
        FakeMcpServer.Recorded get = server.requests("GET").getFirst();
        assertThat(get.header("Accept")).isEqualTo("text/event-stream");
        assertThat(get.header("Authorization")).isEqualTo("Bearer x");
        assertThat(get.headers().getValuesList("Host")).containsExactly(server.uri("/").getAuthority());
    }

    @Test
    void deliversMessageEventsAndIgnoresOtherEventTypes() throws Exception {
        legacyServer("/message?sessionId=abc");
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        outbox.add("event: ping\ndata: x\n\n");
        outbox.add("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}\n\n");
        outbox.add("event: message\ndata: not json\n\n");
        listener.awaitMessages(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.garbage.size() == 1);
        assertThat(listener.messages).hasSize(1);
        assertThat(listener.garbage).containsExactly("not json");
    }

    @Test
    void refusesAnEndpointOnAnotherOrigin() throws Exception {
        legacyServer("http://evil.example.com/message?sessionId=abc");
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> newTransport(StreamableHttpTransportTest.FAST).start(listener));
        assertThat(e).hasMessageContaining("another origin").hasMessageContaining("evil.example.com/message")
                .hasMessageNotContaining("sessionId");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
    }

    @Test
    void failsToStartWhenNoEndpointEventArrives() throws Exception {
        legacyServer(null);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> newTransport(
                StreamableHttpTransportTest.FAST.withEndpointTimeout(Duration.ofMillis(300))).start(listener));
        assertThat(e.reachedServer()).isTrue();
        assertThat(e).hasMessageContaining("no endpoint event within 300 ms");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
    }

    @Test
    void failsToStartWhenTheStreamEndsBeforeTheEndpoint() throws Exception {
        legacyServer(null);
        outbox.add(STOP);
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> newTransport(StreamableHttpTransportTest.FAST).start(listener));
        assertThat(e).hasMessageContaining("ended the SSE stream before the endpoint event");
    }

    @Test
    void failsToStartWithTheStatusWhenTheServerRefusesTheStream() throws Exception {
        server = new FakeMcpServer(ex -> ex.respond(401, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"missing token\"}}"));
        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class,
                () -> newTransport(StreamableHttpTransportTest.FAST).start(listener));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e).hasMessage("HTTP 401: missing token");
    }

    @Test
    void failsToStartWithoutReachingARefusingServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        transport = new LegacySseTransport("legacy", URI.create("http://127.0.0.1:" + port + "/sse"), Map.of(), client,
                StreamableHttpTransportTest.FAST);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.start(listener));
        assertThat(e.reachedServer()).isFalse();
        assertThat(e).hasMessageContaining("connection refused");
    }

    @Test
    void reportsClosedOnceWhenTheStreamDropsAndFailsLaterSends() throws Exception {
        legacyServer("/message?sessionId=abc");
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        outbox.add(CUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.closed.size() == 1);
        assertThat(listener.closed.getFirst()).contains("the SSE stream broke");
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> transport.send(StreamableHttpTransportTest.request(1, "ping")));
        assertThat(e.reachedServer()).isFalse();
        assertThat(server.requests("POST")).isEmpty();
        transport.close();
        assertThat(listener.closed).hasSize(1);
    }

    @Test
    void aPostAnswered404MeansTheSessionExpired() throws Exception {
        legacyServer("/message?sessionId=other");
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        assertThatThrownBy(() -> transport.send(StreamableHttpTransportTest.request(1, "ping")))
                .isInstanceOf(SessionExpiredException.class);
    }

    @Test
    void closeAbortsTheStreamWithoutReportingItClosedAndLeavesNoConnections() throws Exception {
        CountDownLatch streamGone = new CountDownLatch(1);
        server = new FakeMcpServer(ex -> {
            ex.sseStart();
            ex.write("event: endpoint\ndata: /message?sessionId=abc\n\n");
            if (ex.holdUntilClientGone(Duration.ofSeconds(20))) {
                streamGone.countDown();
            }
        });
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        transport.close();
        assertThat(streamGone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.closed).isEmpty();
        assertThat(listener.calls.get()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }

    @Test
    void aQuietStreamOutlivesThePooledConnectionIdleTimeout() throws Exception {
        client.close();
        client = BackendHttpClient.start(BackendHttpClient.Options.DEFAULTS.withIdleTimeout(Duration.ofMillis(200)));
        legacyServer("/message?sessionId=abc");
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        Thread.sleep(700); // silence, longer than the client's idle timeout
        transport.send(StreamableHttpTransportTest.request(1, "ping"));
        assertThat(listener.awaitResponse("1")).isNotNull();
        assertThat(listener.closed).isEmpty();
    }

    @Test
    void abandonAbortsAPostThatIsNotAcknowledged() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        server = new FakeMcpServer(ex -> {
            if (ex.method().equals("GET")) {
                ex.sseStart();
                ex.write("event: endpoint\ndata: /message?sessionId=abc\n\n");
                ex.holdUntilClientGone(Duration.ofSeconds(20));
            } else {
                try {
                    ex.await(never);
                } catch (IllegalStateException ignored) {
                    // the test is over
                }
            }
        });
        newTransport(StreamableHttpTransportTest.FAST).start(listener);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                transport.send(StreamableHttpTransportTest.request(5, "tools/call"));
            } catch (UpstreamException e) {
                listener.garbage.add("send failed: " + e.getMessage());
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("POST").size() == 1);
        transport.abandon(JsonValue.number(5));
        sender.join(Duration.ofSeconds(5));
        never.countDown();
        assertThat(listener.garbage).singleElement().asString().contains("abandoned");
    }
}
