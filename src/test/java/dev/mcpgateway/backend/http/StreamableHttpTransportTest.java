package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.backend.SessionExpiredException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamableHttpTransportTest {

    static final String INIT_RESULT =
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}";

    static final HttpTransportOptions FAST = HttpTransportOptions.DEFAULTS
            .withReconnectDelays(Duration.ofMillis(10), Duration.ofMillis(100))
            .withCloseTimeout(Duration.ofSeconds(2));

    private BackendHttpClient client;
    private FakeMcpServer server;
    private StreamableHttpTransport transport;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startClient() {
        client = BackendHttpClient.start();
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
        client.close();
    }

    // ---- helpers --------------------------------------------------------------------------

    static JsonRpcRequest initialize(long id) {
        return JsonRpc.request(JsonValue.number(id), "initialize", JsonValue.parse(
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gw\",\"version\":\"1\"}}"));
    }

    static JsonRpcRequest request(long id, String method) {
        return JsonRpc.request(JsonValue.number(id), method, JsonValue.EMPTY_OBJECT);
    }

    static JsonRpcNotification initializedNotification() {
        return JsonRpc.notification("notifications/initialized", null);
    }

    /** A well-behaved server: sessions, 202 for notifications, JSON answers, no GET stream. */
    static void wellBehaved(FakeMcpServer.Exchange ex) throws Exception {
        switch (ex.method()) {
            case "POST" -> {
                if ("initialize".equals(ex.rpcMethod())) {
                    ex.jsonResult(INIT_RESULT, "Mcp-Session-Id", "session-0001-abcdef");
                } else if (ex.requestId() == null) {
                    ex.accepted();
                } else {
                    ex.jsonResult("{\"echo\":\"" + ex.rpcMethod() + "\"}");
                }
            }
            case "GET" -> ex.status(405);
            case "DELETE" -> ex.status(200);
            default -> ex.status(400);
        }
    }

    private StreamableHttpTransport startTransport(FakeMcpServer.Route route) throws Exception {
        return startTransport(route, FAST, Map.of());
    }

    private StreamableHttpTransport startTransport(FakeMcpServer.Route route, HttpTransportOptions options,
            Map<String, String> headers) throws Exception {
        server = new FakeMcpServer(route);
        transport = new StreamableHttpTransport("test", server.uri("/mcp"), headers, client, options);
        transport.start(listener);
        return transport;
    }

    private void handshake() throws Exception {
        transport.send(initialize(0));
        listener.awaitResponse("0");
        transport.send(initializedNotification());
        transport.initialized("2025-11-25");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    @Test
    void postsTheMessageBytesExactlyAsGivenWithTheProtocolHeaders() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved, FAST, Map.of("Authorization", "Bearer t0ken"));
        String odd = "{ \"jsonrpc\" : \"2.0\", \"id\" : 7, \"method\" : \"tools/call\", "
                + "\"params\" : {\"arguments\":{\"x\":1.10,\"y\":1e400}}, \"extra\":[] }";
        transport.send(JsonRpc.parseMessage(odd.getBytes(StandardCharsets.UTF_8)));

        FakeMcpServer.Recorded post = server.requests("POST").getFirst();
        assertThat(post.bodyText()).isEqualTo(odd);
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.headers().getValuesList("Content-Type")).hasSize(1);
        assertThat(post.header("Accept")).contains("application/json").contains("text/event-stream");
        assertThat(post.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(post.headers().getValuesList("Host")).containsExactly(server.uri("/").getAuthority());
        assertThat(post.header("Mcp-Session-Id")).isNull();
        assertThat(post.header("MCP-Protocol-Version")).isNull();
        assertThat(post.header("Accept-Encoding")).isNull(); // streams must not sit in a gzip decoder
        assertThat(listener.awaitResponse("7").related()).isEqualTo(JsonValue.number(7));
    }

    @Test
    void sendsTheSessionIdFromTheInitializeAnswerAndTheVersionAfterInitialized() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved);
        handshake();
        transport.send(request(1, "tools/list"));

        List<FakeMcpServer.Recorded> posts = server.requests("POST");
        assertThat(posts.get(0).header("Mcp-Session-Id")).isNull();
        assertThat(posts.get(1).header("Mcp-Session-Id")).isEqualTo("session-0001-abcdef");
        assertThat(posts.get(1).header("MCP-Protocol-Version")).isNull();
        assertThat(posts.get(2).header("Mcp-Session-Id")).isEqualTo("session-0001-abcdef");
        assertThat(posts.get(2).header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        assertThat(transport.sessionId()).isEqualTo("session-0001-abcdef");
        assertThat(transport.kind()).isEqualTo("streamable_http");
    }

    @Test
    void deliversAJsonAnswerBeforeSendReturns() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved);
        transport.send(request(3, "tools/list"));
        RecordingListener.Received received = listener.responseFor("3");
        assertThat(received).isNotNull();
        assertThat(received.related()).isEqualTo(JsonValue.number(3));
        assertThat(received.json()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"echo\":\"tools/list\"}}");
    }

    @Test
    void sendAsyncDeliversAJsonAnswerFromTheHttpClientWithoutAnyThreadWaitingForIt() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved);
        Thread caller = Thread.currentThread();
        transport.sendAsync(request(3, "tools/list")).get(10, TimeUnit.SECONDS);
        assertThat(listener.responseFor("3")).isNotNull();
        // The hot path: no virtual thread was started to wait for the answer, and the caller did not wait.
        assertThat(listener.lastThread).isNotSameAs(caller);
        assertThat(listener.lastThread.isVirtual()).isFalse();
    }

    @Test
    void aJsonAnswerLargerThanTheLimitFailsTheSendAndAbortsTheExchange() throws Exception {
        startTransport(ex -> ex.jsonResult("{\"text\":\"" + "x".repeat(4096) + "\"}"), FAST.withMaxBodyBytes(1024), Map.of());
        assertThatThrownBy(() -> transport.send(request(6, "tools/call")))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("the response body is larger than 1024 bytes");
        assertThat(listener.messages).isEmpty();
    }

    @Test
    void aJsonAnswerOfExactlyTheLimitIsDelivered() throws Exception {
        String result = "{\"text\":\"" + "x".repeat(2000) + "\"}";
        int size = ("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}").length();
        startTransport(ex -> ex.json("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}"), FAST.withMaxBodyBytes(size), Map.of());
        transport.send(request(7, "tools/call"));
        assertThat(listener.responseFor("7")).isNotNull();
    }

    @Test
    void deliversEveryMessageOfAJsonBatchAnswer() throws Exception {
        startTransport(ex -> ex.json("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}]"));
        transport.send(request(4, "ping"));
        assertThat(listener.messages).extracting(RecordingListener.Received::related)
                .containsExactly(JsonValue.number(4), JsonValue.number(4));
        assertThat(listener.messages.get(0).message().method()).isEqualTo("notifications/message");
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void reportsTheResponseLostWhenAJsonAnswerDoesNotContainIt() throws Exception {
        startTransport(ex -> ex.json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}"));
        transport.send(request(5, "ping"));
        assertThat(listener.lost.get(JsonValue.number(5))).contains("did not contain the response");
    }

    @Test
    void acceptsA202ForNotificationsAndResponses() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved);
        transport.send(initializedNotification());
        transport.send(JsonRpc.result(JsonValue.string("server-req-1"), JsonValue.EMPTY_OBJECT));
        assertThat(server.requests("POST")).hasSize(2);
        assertThat(listener.calls.get()).isZero();
    }

    // ---- event-stream answers ---------------------------------------------------------------

    @Test
    void returnsOnceTheStreamHeadersArriveAndDeliversItsEventsInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startTransport(ex -> {
            ex.sseStart();
            ex.await(release);
            ex.event("1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}");
            ex.event("2", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":2}}");
            ex.resultEvent("3", "{\"done\":true}");
        });
        transport.send(request(10, "tools/call")); // returns although no event was written yet
        assertThat(listener.messages).isEmpty();
        release.countDown();

        List<RecordingListener.Received> received = listener.awaitMessages(3);
        assertThat(received).extracting(r -> r.message().method())
                .containsExactly("notifications/progress", "notifications/progress", null);
        assertThat(received.get(0).json()).contains("\"progress\":1");
        assertThat(received).extracting(RecordingListener.Received::related).containsOnly(JsonValue.number(10));
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void readsEventsSplitIntoSingleByteChunksWithMixedLineEndings() throws Exception {
        startTransport(ex -> {
            ex.sseStart();
            ex.writeByteByByte(": comment\r\nid: a\r\n\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    + "\"params\":{\"data\":\"héllo ✓\"}}\r\rdata: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":11,\"result\":{}}\n\n");
        });
        transport.send(request(11, "tools/call"));
        List<RecordingListener.Received> received = listener.awaitMessages(2);
        assertThat(received.get(0).json()).contains("héllo ✓");
        assertThat(received.get(1).json()).isEqualTo("{\"jsonrpc\":\"2.0\",\n\"id\":11,\"result\":{}}");
    }

    @Test
    void resumesAStreamCutBeforeTheResponseWithTheLastEventId() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        startTransport(ex -> {
            switch (ex.method()) {
                case "POST" -> {
                    ex.sseStart();
                    ex.write("retry: 20\nid: ev-1\ndata:\n\n"); // priming event
                    ex.event("ev-2", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}");
                    ex.cut();
                }
                case "GET" -> {
                    gets.incrementAndGet();
                    if (!"ev-2".equals(ex.header("Last-Event-ID"))) {
                        ex.status(400);
                        return;
                    }
                    ex.sseStart();
                    ex.event("ev-3", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":2}}");
                    ex.event("ev-4", "{\"jsonrpc\":\"2.0\",\"id\":12,\"result\":{\"resumed\":true}}");
                }
                default -> ex.status(405);
            }
        });
        transport.send(request(12, "tools/call"));

        RecordingListener.Received response = listener.awaitResponse("12");
        assertThat(response.related()).isEqualTo(JsonValue.number(12));
        assertThat(response.json()).contains("resumed");
        assertThat(listener.messages).hasSize(3);
        assertThat(listener.messages).extracting(RecordingListener.Received::related).containsOnly(JsonValue.number(12));
        assertThat(gets.get()).isEqualTo(1);
        assertThat(server.requests("GET").getFirst().header("Accept")).isEqualTo("text/event-stream");
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void reportsTheResponseLostWhenTheStreamEndsWithoutEventIds() throws Exception {
        startTransport(ex -> {
            ex.sseStart();
            ex.event(null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
        });
        transport.send(request(13, "tools/call"));
        assertThat(listener.awaitLost(JsonValue.number(13))).contains("ended before the response").contains("no event ids");
        assertThat(server.requests("GET")).isEmpty();
    }

    @Test
    void reportsTheResponseLostWhenTheStreamBreaksWithoutEventIds() throws Exception {
        startTransport(ex -> {
            ex.sseStart();
            ex.event(null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
            ex.cut();
        });
        transport.send(request(14, "tools/call"));
        assertThat(listener.awaitLost(JsonValue.number(14))).contains("broke before the response");
    }

    @Test
    void reportsTheResponseLostWhenResumingKeepsFailing() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("POST")) {
                ex.sseStart();
                ex.event("e1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
                ex.cut();
            } else {
                ex.status(503);
            }
        }, FAST.withResumeAttempts(2), Map.of());
        transport.send(request(15, "tools/call"));
        assertThat(listener.awaitLost(JsonValue.number(15))).contains("resuming failed 2 times");
        assertThat(server.requests("GET")).hasSize(2);
    }

    @Test
    void reportsTheResponseLostWhenTheServerRefusesToResume() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("POST")) {
                ex.sseStart();
                ex.event("e1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
            } else {
                ex.status(405);
            }
        });
        transport.send(request(16, "tools/call"));
        assertThat(listener.awaitLost(JsonValue.number(16))).contains("HTTP 405");
        assertThat(server.requests("GET")).hasSize(1);
    }

    @Test
    void abandonAbortsASlowStreamAnswerWithoutReportingItLost() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        startTransport(ex -> {
            ex.sseStart();
            ex.event("1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
            if (ex.holdUntilClientGone(Duration.ofSeconds(20))) {
                clientGone.countDown();
            }
        });
        transport.send(request(17, "tools/call"));
        listener.awaitMessages(1);

        transport.abandon(JsonValue.number(17));

        assertThat(clientGone.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void abandonWhileWaitingForHeadersMakesSendFail() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        startTransport(ex -> {
            try {
                ex.await(never);
            } catch (IllegalStateException ignored) {
                // the test is over
            }
        });
        Future<Throwable> sending;
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            sending = vt.submit(() -> {
                try {
                    transport.send(request(18, "tools/call"));
                    return null;
                } catch (UpstreamException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("POST").size() == 1);
            transport.abandon(JsonValue.number(18));
            assertThat(sending.get()).isInstanceOf(UpstreamException.class).hasMessageContaining("abandoned");
        } finally {
            never.countDown();
        }
    }

    // ---- HTTP errors ------------------------------------------------------------------------

    @Test
    void a404ForTheSessionForgetsItAndTheNextSendWorksAfterReinitializing() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        startTransport(ex -> {
            if (!ex.method().equals("POST")) {
                ex.status(405);
                return;
            }
            String session = ex.header("Mcp-Session-Id");
            if ("initialize".equals(ex.rpcMethod())) {
                ex.jsonResult(INIT_RESULT, "Mcp-Session-Id", "s" + sessions.incrementAndGet());
            } else if (!("s" + sessions.get()).equals(session) || "expire".equals(ex.rpcMethod())) {
                sessions.incrementAndGet(); // the server forgets the session
                ex.respond(404, "application/json", "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found\"},\"id\":null}");
            } else if (ex.requestId() == null) {
                ex.accepted();
            } else {
                ex.jsonResult("{}");
            }
        });
        handshake();
        assertThat(transport.sessionId()).isEqualTo("s1");

        assertThatThrownBy(() -> transport.send(request(2, "expire"))).isInstanceOf(SessionExpiredException.class);
        assertThat(transport.sessionId()).isNull();
        int postsBefore = server.requests("POST").size();
        SessionExpiredException again = catchThrowableOfType(SessionExpiredException.class,
                () -> transport.send(request(3, "tools/list")));
        assertThat(again.reachedServer()).isFalse();
        assertThat(server.requests("POST")).hasSize(postsBefore); // nothing sent without a session

        transport.send(initialize(4));
        listener.awaitResponse("4");
        transport.send(initializedNotification());
        transport.initialized("2025-11-25");
        assertThat(transport.sessionId()).isEqualTo("s3");
        transport.send(request(5, "tools/list"));
        assertThat(listener.awaitResponse("5")).isNotNull();
        assertThat(server.requests("POST").getLast().header("Mcp-Session-Id")).isEqualTo("s3");
    }

    @Test
    void a400NamingAnUnknownSessionWithoutAResponseIdIsALostSession() throws Exception {
        // server-everything and the other SDK Express examples after a restart: 400, and no "id" in the error body
        startTransport(ex -> {
            if ("forget".equals(ex.rpcMethod())) {
                ex.respond(400, "application/json",
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Bad Request: No valid session ID provided\"}}");
            } else if (ex.method().equals("GET")) {
                ex.status(405);
            } else {
                wellBehaved(ex);
            }
        });
        handshake();

        assertThatThrownBy(() -> transport.send(request(2, "forget"))).isInstanceOf(SessionExpiredException.class);
        assertThat(transport.sessionId()).isNull();
    }

    @Test
    void a400ThatDoesNotNameTheSessionIsAnOrdinaryHttpError() throws Exception {
        startTransport(ex -> {
            if ("bad".equals(ex.rpcMethod())) {
                ex.respond(400, "application/json", "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Bad Request: body too large\"}}");
            } else if (ex.method().equals("GET")) {
                ex.status(405);
            } else {
                wellBehaved(ex);
            }
        });
        handshake();

        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class, () -> transport.send(request(2, "bad")));
        assertThat(e.status()).isEqualTo(400);
        assertThat(transport.sessionId()).isNotNull();
    }

    @Test
    void a404WithoutASessionIsAnOrdinaryHttpError() throws Exception {
        startTransport(ex -> ex.respond(404, "text/plain", "no such endpoint"));
        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e).hasMessageContaining("HTTP 404").hasMessageContaining("no such endpoint");
    }

    @Test
    void serviceUnavailableCarriesRetryAfterSeconds() throws Exception {
        startTransport(ex -> ex.respond(503, "text/html", "<html>down for maintenance</html>", "Retry-After", "7"));
        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.reachedServer()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.isThrottled()).isTrue();
        assertThat(e).hasMessage("HTTP 503: <html>down for maintenance</html>");
    }

    @Test
    void tooManyRequestsCarriesRetryAfterAsAnHttpDate() throws Exception {
        String date = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        startTransport(ex -> ex.respond(429, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"slow down\"}}", "Retry-After", date));
        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121)));
        assertThat(e).hasMessage("HTTP 429: slow down");
        assertThat(listener.messages).isEmpty();
    }

    @Test
    void aJsonRpcErrorForThisRequestCarriedByA4xxIsDeliveredAsTheAnswer() throws Exception {
        startTransport(ex -> ex.respond(400, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":21,\"error\":{\"code\":-32602,\"message\":\"bad params\"}}"));
        transport.send(request(21, "tools/call"));
        RecordingListener.Received r = listener.responseFor("21");
        assertThat(((JsonRpcResponse) r.message()).errorCode()).isEqualTo(-32602);
        assertThat(r.related()).isEqualTo(JsonValue.number(21));
    }

    @Test
    void otherClientErrorsThrowWithTheStatusAndAPrintableExcerpt() throws Exception {
        startTransport(ex -> ex.respond(401, "text/plain", "unauthorized\n\u0007" + "x".repeat(500)));
        UpstreamHttpException e = catchThrowableOfType(UpstreamHttpException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.reachedServer()).isTrue();
        assertThat(e.getMessage()).startsWith("HTTP 401: unauthorized\\n?xxx").endsWith("…").hasSizeLessThan(230);
    }

    @Test
    void aJsonAnswerThatDoesNotParseIsGarbage() throws Exception {
        startTransport(ex -> ex.json("<html>oops</html>"));
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.reachedServer()).isTrue();
        assertThat(e).hasMessageStartingWith("answered with invalid JSON: <html>oops</html>");
        assertThat(listener.garbage).containsExactly("<html>oops</html>");
    }

    @Test
    void anUnknownContentTypeForARequestIsGarbage() throws Exception {
        startTransport(ex -> ex.respond(200, "text/plain", "hello"));
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "ping")));
        assertThat(e).hasMessageContaining("unexpected content type 'text/plain'");
        assertThat(listener.garbage).containsExactly("hello");
    }

    @Test
    void aRefusedConnectionDidNotReachTheServer() throws Exception {
        int port = freePort();
        transport = new StreamableHttpTransport("test", URI.create("http://127.0.0.1:" + port + "/mcp"), Map.of(), client, FAST);
        transport.start(listener);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.reachedServer()).isFalse();
        assertThat(e).hasMessage("connection refused");
    }

    @Test
    void anUnknownHostDidNotReachTheServer() throws Exception {
        transport = new StreamableHttpTransport("test", URI.create("http://no-such-host.invalid/mcp"), Map.of(), client, FAST);
        transport.start(listener);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.reachedServer()).isFalse();
    }

    @Test
    void aFullRequestQueueFailsAtOnceWithoutReachingTheServer() throws Exception {
        client.close();
        client = BackendHttpClient.start(BackendHttpClient.Options.DEFAULTS
                .withMaxConnectionsPerDestination(1).withMaxRequestsQueuedPerDestination(1));
        CountDownLatch release = new CountDownLatch(1);
        startTransport(ex -> {
            if (ex.requestIdJson().equals("1")) {
                ex.sseStart();
                ex.await(release); // holds the only connection
                ex.resultEvent(null, "{}");
            } else {
                ex.jsonResult("{}");
            }
        });
        transport.send(request(1, "tools/call"));
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> queued = vt.submit(() -> {
                transport.send(request(2, "tools/call")); // waits in the queue for the connection
                return null;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> client.jetty().getDestinations().stream()
                    .mapToInt(d -> ((org.eclipse.jetty.client.transport.HttpDestination) d).getQueuedRequestCount())
                    .sum() == 1);
            UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(3, "ping")));
            assertThat(e.reachedServer()).isFalse();
            assertThat(e).hasMessage("too many requests queued for this backend");
            release.countDown();
            queued.get();
        }
        assertThat(listener.awaitResponse("2")).isNotNull();
    }

    @Test
    void takesASessionIdThatALaterAnswerAssignsForTheFirstTime() throws Exception {
        startTransport(ex -> {
            if ("initialize".equals(ex.rpcMethod())) {
                ex.jsonResult(INIT_RESULT);
            } else if (ex.requestId() == null) {
                ex.status(202, "Mcp-Session-Id", "late-session");
            } else {
                ex.jsonResult("{}", "Mcp-Session-Id", "another-one");
            }
        });
        transport.send(initialize(0));
        assertThat(transport.sessionId()).isNull();
        transport.send(initializedNotification());
        assertThat(transport.sessionId()).isEqualTo("late-session");
        transport.send(request(1, "tools/list"));
        assertThat(transport.sessionId()).isEqualTo("late-session");
        assertThat(server.requests("POST").getLast().header("Mcp-Session-Id")).isEqualTo("late-session");
    }

    @Test
    void refusesASessionIdThatIsNotVisibleAscii() throws Exception {
        startTransport(ex -> ex.jsonResult(INIT_RESULT, "Mcp-Session-Id", "bad id"));
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(initialize(0)));
        assertThat(e).hasMessageContaining("invalid Mcp-Session-Id");
        assertThat(e).hasMessageNotContaining("bad id");
    }

    @Test
    void aRequestAnsweredWithAnEmpty202Fails() throws Exception {
        startTransport(ex -> ex.accepted());
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "ping")));
        assertThat(e.reachedServer()).isTrue();
        assertThat(e).hasMessageContaining("HTTP 202 without a body");
    }

    @Test
    void aSlowJsonAnswerOutlivesTheClientsPooledConnectionIdleTimeout() throws Exception {
        client.close();
        client = BackendHttpClient.start(BackendHttpClient.Options.DEFAULTS.withIdleTimeout(Duration.ofMillis(200)));
        startTransport(ex -> {
            Thread.sleep(700);
            ex.jsonResult("{}");
        });
        transport.send(request(1, "tools/call"));
        assertThat(listener.responseFor("1")).isNotNull();
    }

    @Test
    void aSilentServerFailsARequestAfterTheResponseIdleTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        startTransport(ex -> {
            try {
                ex.await(never);
            } catch (IllegalStateException ignored) {
                // the test is over
            }
        }, FAST.withResponseIdleTimeout(Duration.ofMillis(300)), Map.of());
        try {
            UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(1, "tools/call")));
            assertThat(e.reachedServer()).isTrue();
            assertThat(e.getMessage()).contains("idle timeout");
        } finally {
            never.countDown();
        }
    }

    // ---- the GET stream ---------------------------------------------------------------------

    @Test
    void opensTheGetStreamAfterInitializedAndDeliversServerMessagesWithoutRelatedId() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("GET")) {
                ex.sseStart();
                ex.event("g1", "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"roots/list\"}");
                ex.event("g2", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
                ex.holdUntilClientGone(Duration.ofSeconds(20));
            } else {
                wellBehaved(ex);
            }
        });
        handshake();
        List<RecordingListener.Received> received = listener.awaitMessages(3);
        assertThat(received.subList(1, 3)).extracting(r -> r.message().method())
                .containsExactly("roots/list", "notifications/tools/list_changed");
        assertThat(received.subList(1, 3)).extracting(RecordingListener.Received::related).containsOnlyNulls();
        FakeMcpServer.Recorded get = server.requests("GET").getFirst();
        assertThat(get.header("Accept")).isEqualTo("text/event-stream");
        assertThat(get.header("Mcp-Session-Id")).isEqualTo("session-0001-abcdef");
        assertThat(get.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        assertThat(server.requests("GET")).hasSize(1);
    }

    @Test
    void stopsTryingTheGetStreamAfter405() throws Exception {
        startTransport(StreamableHttpTransportTest::wellBehaved);
        handshake();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("GET").size() == 1);
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> server.requests("GET").size() == 1);
    }

    @Test
    void reconnectsTheGetStreamAfterTheServerDropsItWithTheLastEventId() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        startTransport(ex -> {
            if (!ex.method().equals("GET")) {
                wellBehaved(ex);
                return;
            }
            int n = gets.incrementAndGet();
            ex.sseStart();
            if (n == 1) {
                ex.event("g-1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"n\":1}}");
                ex.cut();
            } else if (n == 2) {
                ex.event("g-2", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"n\":2}}");
                // ends normally
            } else {
                ex.holdUntilClientGone(Duration.ofSeconds(20));
            }
        });
        handshake();
        await().atMost(Duration.ofSeconds(10)).until(() -> gets.get() >= 3);
        List<FakeMcpServer.Recorded> getRequests = server.requests("GET");
        assertThat(getRequests.get(0).header("Last-Event-ID")).isNull();
        assertThat(getRequests.get(1).header("Last-Event-ID")).isEqualTo("g-1");
        assertThat(getRequests.get(2).header("Last-Event-ID")).isEqualTo("g-2");
        assertThat(listener.messages).extracting(RecordingListener.Received::json)
                .anyMatch(j -> j.contains("\"n\":1")).anyMatch(j -> j.contains("\"n\":2"));
    }

    @Test
    void reopensAQuietGetStreamAfterItsIdleTimeout() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("GET")) {
                ex.sseStart();
                Thread.sleep(1_000); // silent
            } else {
                wellBehaved(ex);
            }
        }, FAST.withStreamIdleTimeout(Duration.ofMillis(200)), Map.of());
        handshake();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("GET").size() >= 2);
        assertThat(listener.closed).isEmpty();
    }

    @Test
    void aGetStream404EndsTheSessionAndTheNextSendThrowsSessionExpired() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("GET")) {
                ex.status(404);
            } else {
                wellBehaved(ex);
            }
        });
        handshake();
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.sessionId() == null);
        int posts = server.requests("POST").size();
        assertThatThrownBy(() -> transport.send(request(9, "tools/list"))).isInstanceOf(SessionExpiredException.class);
        assertThat(server.requests("POST")).hasSize(posts);
        assertThat(server.requests("GET")).hasSize(1);
    }

    @Test
    void aGetStream400NamingAnUnknownSessionEndsTheSession() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("GET")) {
                ex.respond(400, "application/json",
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Bad Request: No valid session ID provided\"}}");
            } else {
                wellBehaved(ex);
            }
        });
        handshake();
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.sessionId() == null);
        assertThatThrownBy(() -> transport.send(request(9, "tools/list"))).isInstanceOf(SessionExpiredException.class);
        assertThat(server.requests("GET")).hasSize(1);
    }

    @Test
    void retriesTheGetStreamAfterAConflict() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        startTransport(ex -> {
            if (!ex.method().equals("GET")) {
                wellBehaved(ex);
            } else if (gets.incrementAndGet() == 1) {
                ex.status(409);
            } else {
                ex.sseStart();
                ex.holdUntilClientGone(Duration.ofSeconds(20));
            }
        });
        handshake();
        await().atMost(Duration.ofSeconds(5)).until(() -> gets.get() == 2);
    }

    @Test
    void declaresTheServerGoneAfterRepeatedUnreachableGetAttempts() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("GET")) {
                ex.sseStart();
                ex.cut();
            } else {
                wellBehaved(ex);
            }
        }, FAST.withUnreachableAttempts(3), Map.of());
        handshake();
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.requests("GET").isEmpty());
        server.close(); // the server process dies: connections are refused from now on

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.closed.size() == 1);
        assertThat(listener.closed.getFirst()).contains("could not be reached on 3 consecutive attempts")
                .contains("connection refused");
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(5, "ping")));
        assertThat(e.reachedServer()).isFalse();
        assertThat(e).hasMessageContaining("the server is gone");
    }

    // ---- concurrency, close and leaks ------------------------------------------------------

    @Test
    void handlesAHundredConcurrentSendsFromVirtualThreads() throws Exception {
        startTransport(ex -> {
            if (!ex.method().equals("POST") || ex.requestId() == null) {
                wellBehaved(ex);
                return;
            }
            long id = Long.parseLong(ex.requestIdJson());
            if (id % 2 == 0) {
                ex.jsonResult("{\"n\":" + id + "}");
            } else {
                ex.sseStart();
                ex.event(null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":" + id + "}}");
                ex.resultEvent(null, "{\"n\":" + id + "}");
            }
        });
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 100; i++) {
                long id = i;
                vt.submit(() -> {
                    try {
                        transport.send(request(id, "tools/call"));
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.messages.size() == 150);
        for (int i = 1; i <= 100; i++) {
            RecordingListener.Received r = listener.responseFor(Integer.toString(i));
            assertThat(r.related()).isEqualTo(JsonValue.number(i));
            assertThat(r.json()).contains("\"n\":" + i);
        }
        for (RecordingListener.Received r : listener.messages) {
            if (r.message() instanceof JsonRpcNotification n) {
                assertThat(n.params().get("progressToken")).isEqualTo(r.related());
            }
        }
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void closeDeletesTheSessionAbortsStreamsAndLeavesNoConnections() throws Exception {
        CountDownLatch postStreamGone = new CountDownLatch(1);
        startTransport(ex -> {
            switch (ex.method()) {
                case "GET" -> {
                    ex.sseStart();
                    ex.holdUntilClientGone(Duration.ofSeconds(20));
                }
                case "POST" -> {
                    if ("tools/call".equals(ex.rpcMethod())) {
                        ex.sseStart();
                        ex.event("p1", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
                        if (ex.holdUntilClientGone(Duration.ofSeconds(20))) {
                            postStreamGone.countDown();
                        }
                    } else {
                        wellBehaved(ex);
                    }
                }
                default -> wellBehaved(ex);
            }
        });
        handshake();
        transport.send(request(30, "tools/call"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("GET").size() == 1);
        listener.awaitMessages(2);

        transport.close();
        int callsAtClose = listener.calls.get();

        assertThat(postStreamGone.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        FakeMcpServer.Recorded delete = server.requests("DELETE").getFirst();
        assertThat(delete.header("Mcp-Session-Id")).isEqualTo("session-0001-abcdef");
        assertThat(delete.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
        assertThat(listener.lost).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
        assertThat(transport.readerThreads()).isZero();
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
        assertThat(listener.calls.get()).isEqualTo(callsAtClose);

        transport.close(); // idempotent
        assertThat(server.requests("DELETE")).hasSize(1);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> transport.send(request(31, "ping")));
        assertThat(e.reachedServer()).isFalse();
    }

    @Test
    void closeIgnoresAServerThatRefusesTheDelete() throws Exception {
        startTransport(ex -> {
            if (ex.method().equals("DELETE")) {
                ex.status(405);
            } else {
                wellBehaved(ex);
            }
        });
        handshake();
        transport.close();
        assertThat(server.requests("DELETE")).hasSize(1);
    }

    @Test
    void aListenerMayCloseTheTransportFromACallback() throws Exception {
        server = new FakeMcpServer(ex -> {
            ex.sseStart();
            ex.event(null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}");
            ex.holdUntilClientGone(Duration.ofSeconds(20));
        });
        List<JsonRpcMessage> seen = new ArrayList<>();
        transport = new StreamableHttpTransport("test", server.uri("/mcp"), Map.of(), client, FAST);
        transport.start(new RecordingListener() {
            @Override
            public void onMessage(JsonRpcMessage message, JsonValue relatedRequestId) {
                seen.add(message);
                transport.close();
            }
        });
        transport.send(request(40, "tools/call"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> client.activeConnections() == 0);
    }

    @Test
    void rejectsHeadersTheTransportManagesAndNeverEchoesHeaderValues() {
        assertThatThrownBy(() -> new StreamableHttpTransport("t", URI.create("http://127.0.0.1:1/mcp"),
                Map.of("mcp-session-id", "x"), client, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mcp-session-id");
        assertThatThrownBy(() -> new StreamableHttpTransport("t", URI.create("http://127.0.0.1:1/mcp"),
                Map.of("Authorization", "Bearer secret\r\nX: y"), client, FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> new StreamableHttpTransport("t", URI.create("ftp://127.0.0.1/mcp"),
                Map.of(), client, FAST)).isInstanceOf(IllegalArgumentException.class);
    }
}
