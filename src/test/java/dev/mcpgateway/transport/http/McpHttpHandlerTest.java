package dev.mcpgateway.transport.http;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestConfigs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP rules, checked with raw HTTP against the gateway (fake backends behind it). */
class McpHttpHandlerTest {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final FakeBackends fakes = new FakeBackends();
    private final FakeMcpServer alpha = new FakeMcpServer("alpha").echoTool("echo")
            .tool("{\"name\":\"slow\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
                for (int i = 1; i <= 3; i++) {
                    call.progress(i, 3);
                    sleep(call.arguments().get("stepMs") == null ? 50 : call.arguments().get("stepMs").asLong());
                }
                return FakeMcpServer.textResult("slow done");
            })
            .tool("{\"name\":\"pause\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
                sleep(100); // well past the 10 ms an answer stream is held
                return FakeMcpServer.textResult("paused");
            });
    private Gateway gateway;
    private HttpClient http;
    private URI url;

    @BeforeEach
    void start() throws Exception {
        fakes.add("alpha", alpha);
        gateway = Gateway.start(TestConfigs.flat(backend("alpha")), fakes, true);
        gateway.awaitStartup(Duration.ofSeconds(5));
        url = URI.create(gateway.http().mcpUrl());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        http.close();
        gateway.shutdown(Duration.ofSeconds(1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String initialize(String version) throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", session).statusCode()).isEqualTo(202);
        return session;
    }

    private static JsonValue json(HttpResponse<String> response) {
        return JsonValue.parse(response.body());
    }

    /** The JSON-RPC messages of an SSE body. */
    private static List<JsonValue> events(String body) {
        List<JsonValue> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                out.add(JsonValue.parse(data.toString()));
            }
        }
        return out;
    }

    @Test
    void initializeAnswersAsJsonWithAVisibleAsciiSessionIdAndTheRequestedVersion() throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.headers().firstValue("Mcp-Session-Id").orElseThrow()).matches("[\\x21-\\x7e]{16,}");
        JsonValue result = json(response).get("result");
        assertThat(result.getString("protocolVersion")).isEqualTo("2025-06-18");
        assertThat(result.get("serverInfo").getString("name")).isEqualTo("mcp-gateway");
        assertThat(result.get("capabilities").get("tools").toString()).isEqualTo("{\"listChanged\":true}");
    }

    @Test
    void anUnknownVersionIsAnsweredWithTheLatestSupportedOne() throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(json(response).get("result").getString("protocolVersion")).isEqualTo("2025-11-25");
    }

    @Test
    void aToolCallGoesToItsBackendWithoutAThreadStartedForIt() throws Exception {
        String session = initialize("2025-11-25");
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"alpha__echo\",\"arguments\":{\"text\":\"hi\"}}}", "Mcp-Session-Id", session);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"id\":" + i + ",\"result\"");
            senders.add(alpha.lastSender());
        }
        // The hot path: the call is sent by the thread Jetty handles the request on (its selector, usually; Jetty
        // may also pick one of its own virtual threads), never by a thread the gateway starts for it ("mcp-call",
        // "mcp-http"). DispatcherTest checks the same deterministically, without Jetty.
        assertThat(senders).extracting(Thread::getName).noneMatch(name -> name.startsWith("mcp-call") || name.startsWith("mcp-http"));
    }

    @Test
    void pingAndUnknownMethodsAnswerAsJson() throws Exception {
        String session = initialize("2025-11-25");
        HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}", "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
        assertThat(ping.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}");
        HttpResponse<String> unknown = post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"nope\"}", "Mcp-Session-Id", session);
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(json(unknown).get("error").get("code").asLong()).isEqualTo(-32601);
    }

    @Test
    void sessionRulesGive400WithoutASessionAnd404ForAnUnknownOrDeletedOne() throws Exception {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        HttpResponse<String> none = post(ping);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none).get("error").getString("message")).contains("initialize");
        assertThat(post(ping, "Mcp-Session-Id", "no-such-session").statusCode()).isEqualTo(404);
        String session = initialize("2025-11-25");
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(url).header("Mcp-Session-Id", session).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(post(ping, "Mcp-Session-Id", session).statusCode()).isEqualTo(404);
    }

    @Test
    void aPreSessionServerDiscoverProbeGets400AndAJsonRpcError() throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{}}",
                "MCP-Protocol-Version", "2026-07-28");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asLong()).isEqualTo(-32000);
        assertThat(json(response).get("id").asLong()).isEqualTo(1);
    }

    @Test
    void anUnsupportedOrMismatchedProtocolVersionHeaderIs400() throws Exception {
        String session = initialize("2025-11-25");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        assertThat(post(ping, "Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01").statusCode()).isEqualTo(400);
        assertThat(post(ping, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-03-26").statusCode()).isEqualTo(400);
        assertThat(post(ping, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25").statusCode()).isEqualTo(200);
    }

    @Test
    void aForeignOriginOrHostIsForbidden() throws Exception {
        String session = initialize("2025-11-25");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        assertThat(post(ping, "Mcp-Session-Id", session, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(post(ping, "Mcp-Session-Id", session, "Origin", "http://localhost:6274").statusCode()).isEqualTo(200);
        // java.net.http forbids setting Host; a raw socket checks the DNS-rebinding case
        try (var socket = new java.net.Socket("127.0.0.1", url.getPort())) {
            String request = "POST /mcp HTTP/1.1\r\nHost: evil.example.com\r\nOrigin: http://evil.example.com\r\nContent-Type: application/json\r\n"
                    + "Accept: " + ACCEPT + "\r\nContent-Length: " + ping.length() + "\r\nConnection: close\r\n\r\n" + ping;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).contains(" 403 ");
        }
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        String session = initialize("2025-11-25");
        HttpResponse<String> malformed = post("{\"jsonrpc\":\"2.0\",", "Mcp-Session-Id", session);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("error").get("code").asLong()).isEqualTo(-32700);
        HttpResponse<String> invalid = post("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}", "Mcp-Session-Id", session);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("error").get("code").asLong()).isEqualTo(-32600);
        assertThat(json(invalid).get("id").asLong()).isEqualTo(3);
        HttpResponse<String> wrongType = post("{}", "Mcp-Session-Id", session, "Content-Type", "text/plain");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        HttpResponse<String> notAcceptable = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session, "Accept", "text/html");
        assertThat(notAcceptable.statusCode()).isEqualTo(406);
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5 << 20) + "\"}}";
        assertThat(post(huge, "Mcp-Session-Id", session).statusCode()).isEqualTo(413);
        assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session).statusCode()).isEqualTo(200);
    }

    @Test
    void batchesAreAnsweredFor2025_03_26SessionsAndRefusedLater() throws Exception {
        String old = initialize("2025-03-26");
        HttpResponse<String> batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]", "Mcp-Session-Id", old);
        assertThat(batch.statusCode()).isEqualTo(200);
        JsonValue answers = json(batch);
        assertThat(answers.elements()).hasSize(2);
        assertThat(answers.elements()).extracting(v -> v.get("id").asLong()).containsExactly(1L, 2L);
        String current = initialize("2025-11-25");
        assertThat(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "Mcp-Session-Id", current).statusCode()).isEqualTo(400);
    }

    @Test
    void aRoutedCallStreamsProgressThenTheAnswerOnSse() throws Exception {
        String session = initialize("2025-11-25");
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__slow\",\"_meta\":{\"progressToken\":9}}}",
                "Mcp-Session-Id", session);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(response.body()).startsWith("id: ").contains("\ndata: \n\n"); // priming event
        List<JsonValue> messages = events(response.body());
        assertThat(messages).hasSize(4);
        assertThat(messages.subList(0, 3)).allSatisfy(m -> assertThat(m.get("params").get("progressToken").asLong()).isEqualTo(9));
        assertThat(messages.get(3).getString("id")).isEqualTo("c1");
        assertThat(messages.get(3).get("result").toString()).contains("slow done");
    }

    @Test
    void aQuickAnswerGoesOutAsOneJsonReplyAndASlowOneOnAStream() throws Exception {
        String session = initialize("2025-11-25");
        HttpResponse<String> quick = post("{\"jsonrpc\":\"2.0\",\"id\":\"q1\",\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__echo\","
                + "\"arguments\":{\"n\":1.10}}}", "Mcp-Session-Id", session);
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(quick.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(json(quick).getString("id")).isEqualTo("q1");
        assertThat(json(quick).get("result").toString()).contains("1.10");

        HttpResponse<String> slow = post("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__pause\"}}",
                "Mcp-Session-Id", session);
        assertThat(slow.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(slow.body()).startsWith("id: ").contains("\ndata: \n\n"); // priming event, then the answer
        List<JsonValue> messages = events(slow.body());
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().getString("id")).isEqualTo("s1");
        assertThat(messages.getFirst().get("result").toString()).contains("paused");
    }

    @Test
    void sseHeadersArriveBeforeTheFirstEvent() throws Exception {
        String session = initialize("2025-06-18");
        HttpRequest get = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build();
        CompletableFuture<HttpResponse<InputStream>> response = http.sendAsync(get, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> headers = response.get(5, TimeUnit.SECONDS);
        assertThat(headers.statusCode()).isEqualTo(200);
        assertThat(headers.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        headers.body().close();
    }

    @Test
    void theGetStreamCarriesNotificationsThatBelongToNoRequest() throws Exception {
        String session = initialize("2025-11-25");
        HttpRequest get = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").header("Mcp-Session-Id", session).GET().build();
        HttpResponse<InputStream> stream = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
        alpha.echoTool("fresh");
        fakes.latest("alpha").serverNotifies("notifications/tools/list_changed", null);
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        String line;
        String data = null;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data:") && line.contains("list_changed")) {
                data = line;
                break;
            }
        }
        assertThat(data).contains("notifications/tools/list_changed");
        stream.body().close();
    }

    @Test
    void aBrokenAnswerStreamCanBeResumedWithLastEventId() throws Exception {
        String session = initialize("2025-11-25");
        HttpRequest call = HttpRequest.newBuilder(url).header("Content-Type", "application/json").header("Accept", ACCEPT)
                .header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"alpha__slow\",\"arguments\":{\"stepMs\":300},\"_meta\":{\"progressToken\":1}}}"))
                .build();
        HttpResponse<InputStream> response = http.send(call, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String primingId = reader.readLine();
        assertThat(primingId).startsWith("id: ");
        response.body().close(); // the client goes away after the priming event
        HttpRequest resume = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                .header("Last-Event-ID", primingId.substring(4).strip()).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> resumed = http.send(resume, HttpResponse.BodyHandlers.ofString());
        List<JsonValue> messages = events(resumed.body());
        assertThat(messages.getLast().get("id").asLong()).isEqualTo(42);
        assertThat(messages.getLast().get("result").toString()).contains("slow done");
        assertThat(alpha.receivedNotifications("notifications/cancelled")).isEmpty();
    }

    @Test
    void healthLiveAnswersAndOtherPathsAre404() throws Exception {
        URI live = url.resolve("/health/live");
        assertThat(http.send(HttpRequest.newBuilder(live).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(url.resolve("/nope")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
    }
}
