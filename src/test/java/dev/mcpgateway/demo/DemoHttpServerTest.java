package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Streamable HTTP transport against a real Jetty on 127.0.0.1, port 0, with the JDK client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoHttpServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final long QUIET_MS = 300;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger crashes = new AtomicInteger();
    private DemoHttpServer server;
    private URI endpoint;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        // Not close(): it waits for every exchange, and fault tests leave some hanging on purpose.
        http.shutdownNow();
        assertThat(http.awaitTermination(Duration.ofSeconds(10))).as("the test client stops").isTrue();
    }

    // ---- lifecycle and sessions ----

    @Test
    void bindsLoopbackOnAFreePortWhenAskedForPortZero() throws Exception {
        start("");

        assertThat(server.port()).isPositive();
        assertThat(endpoint).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/mcp"));
    }

    @Test
    void initializeOpensASessionAndAnswersWithJson() throws Exception {
        start("");
        HttpResponse<String> r = post(null, initialize("2025-06-18"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Mcp-Session-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(json(r).at("/result/protocolVersion").asString()).isEqualTo("2025-06-18");
        assertThat(server.sessionCount()).isEqualTo(1);
    }

    @Test
    void everyInitializeGetsItsOwnUnguessableSession() throws Exception {
        start("");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(null, initialize("2025-11-25")).headers().firstValue("Mcp-Session-Id").orElseThrow());
        }

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void aRequestWithoutASessionIs400AndWithAnUnknownOne404() throws Exception {
        start("");

        HttpResponse<String> missing = post(null, ping(1));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("id").isNull()).isTrue();
        assertThat(post("0123456789abcdef0123456789abcdef", ping(1)).statusCode()).isEqualTo(404);
    }

    @Test
    void notificationsAreAccepted202WithoutABody() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<String> r = post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}").statusCode()).as("a client's response").isEqualTo(202);
    }

    @Test
    void toolCallsWithoutAProgressTokenAreAnsweredAsJson() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<String> r = post(session, call(7, "echo", "{\"message\":\"over http\"}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.get("id").asInt()).isEqualTo(7);
        assertThat(body.at("/result/structuredContent/message").asString()).isEqualTo("over http");
    }

    @Test
    void listsToolsResourcesAndPromptsOverHttp() throws Exception {
        start("");
        String session = initializeSession();

        assertThat(json(post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).at("/result/tools")).hasSize(7);
        assertThat(json(post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/list\"}")).at("/result/resources")).hasSize(2);
        assertThat(json(post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}")).at("/result/prompts")).hasSize(1);
    }

    @Test
    void deleteCancelsTheSessionsRunningCalls() throws Exception {
        start("");
        String session = initializeSession();
        CompletableFuture<HttpResponse<String>> running = http.sendAsync(request(session).POST(body(call(1, "slow", "{\"duration_ms\":600000,\"steps\":1}"))).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
            send(request(session).DELETE());
            return running.isDone();
        });

        HttpResponse<String> r = running.get();
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(r.body()).as("a cancelled request ends its stream without a response").isEmpty();
    }

    @Test
    void deleteEndsTheSessionAndLaterRequestsGet404() throws Exception {
        start("");
        String session = initializeSession();

        assertThat(send(request(session).DELETE()).statusCode()).isEqualTo(200);

        assertThat(post(session, ping(1)).statusCode()).isEqualTo(404);
        assertThat(send(request(session).DELETE()).statusCode()).isEqualTo(404);
        assertThat(send(request(null).DELETE()).statusCode()).isEqualTo(400);
        assertThat(server.sessionCount()).isZero();
    }

    @Test
    void aBatchIsAnsweredWithAJsonArray() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<String> r = post(session, "[" + ping(1) + "," + call(2, "add", "{\"a\":1,\"b\":2}") + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode array = json(r);
        assertThat(array.isArray()).isTrue();
        assertThat(array.get(1).at("/result/content/0/text").asString()).isEqualTo("3");
        assertThat(post(session, "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]").statusCode()).isEqualTo(202);
    }

    @Test
    void manyConcurrentCallsOnOneSessionAreEachAnswered() throws Exception {
        start("");
        String session = initializeSession();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 100)
                .mapToObj(i -> http.sendAsync(request(session).POST(HttpRequest.BodyPublishers.ofString(
                        call(i, "echo", "{\"message\":\"m" + i + "\"}"))).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        for (int i = 0; i < calls.size(); i++) {
            JsonNode r = json(calls.get(i).get(30, TimeUnit.SECONDS));
            assertThat(r.get("id").asInt()).isEqualTo(i);
            assertThat(r.at("/result/content/0/text").asString()).isEqualTo("m" + i);
        }
    }

    // ---- SSE ----

    @Test
    void aRequestWithAProgressTokenIsAnsweredAsAnEventStreamOfProgressThenTheResponse() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<Stream<String>> r = postStreaming(session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":30,\"steps\":3},\"_meta\":{\"progressToken\":\"pt\"}}}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<JsonNode> events = events(r.body());
        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).extracting(e -> e.at("/params/progress").asInt()).containsExactly(1, 2, 3);
        assertThat(events.subList(0, 3)).extracting(e -> e.at("/params/progressToken").asString()).containsOnly("pt");
        assertThat(events.get(3).at("/result/content/0/text").asString()).isEqualTo("done after 3 steps");
    }

    @Test
    void theEventStreamOpensAtOnceAndACancelledCallEndsItWithoutAResponse() throws Exception {
        start("");
        String session = initializeSession();

        // sendAsync completes when the headers arrive: before the 10-minute call could finish.
        HttpResponse<Stream<String>> r = http.sendAsync(request(session).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"long\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":600000,\"steps\":1},\"_meta\":{\"progressToken\":1}}}")).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");

        HttpResponse<String> cancel = post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"long\"}}");
        assertThat(cancel.statusCode()).isEqualTo(202);

        assertThat(events(r.body())).as("the stream ends with no response").isEmpty();
    }

    @Test
    void aClientThatDoesNotAcceptEventStreamsGetsJsonEvenWithAProgressToken() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<String> r = send(request(session).setHeader("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":0,\"steps\":2},\"_meta\":{\"progressToken\":\"pt\"}}}")));

        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).at("/result/content/0/text").asString()).isEqualTo("done after 2 steps");
    }

    @Test
    void getOpensAServerStreamKeptAliveWithCommentsUntilDelete() throws Exception {
        start("", Duration.ofMillis(50));
        String session = initializeSession();

        HttpResponse<Stream<String>> stream = http.sendAsync(request(session).GET().build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        Iterator<String> lines = stream.body().iterator();
        assertThat(lines.next()).isEqualTo(": keep-alive");

        assertThat(send(request(session).GET()).statusCode()).as("one GET stream per session").isEqualTo(409);

        send(request(session).DELETE());
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> lines.forEachRemaining(l -> { }));
        drained.get(10, TimeUnit.SECONDS); // the stream ended
    }

    @Test
    void getWithoutAcceptingEventStreamsIs406() throws Exception {
        start("");
        String session = initializeSession();

        assertThat(send(request(session).setHeader("Accept", "application/json").GET()).statusCode()).isEqualTo(406);
    }

    // ---- HTTP-level refusals ----

    @Test
    void aForeignOriginIsForbiddenAndLoopbackOriginsAreFine() throws Exception {
        start("");

        assertThat(send(request(null).header("Origin", "http://evil.example.com").POST(body(initialize("2025-11-25")))).statusCode()).isEqualTo(403);
        assertThat(send(request(null).header("Origin", "http://localhost:3000").POST(body(initialize("2025-11-25")))).statusCode()).isEqualTo(200);
        assertThat(send(request(null).header("Origin", "http://127.0.0.1").POST(body(initialize("2025-11-25")))).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400() throws Exception {
        start("");
        String session = initializeSession();

        assertThat(send(request(session).header("MCP-Protocol-Version", "1999-01-01").POST(body(ping(1)))).statusCode()).isEqualTo(400);
        assertThat(send(request(session).header("MCP-Protocol-Version", "2025-03-26").POST(body(ping(1)))).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesAre400WithAJsonRpcError() throws Exception {
        start("");

        HttpResponse<String> parse = post(null, "{not json");
        assertThat(parse.statusCode()).isEqualTo(400);
        assertThat(json(parse).at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(json(parse).get("id").isNull()).isTrue();

        HttpResponse<String> invalid = post(null, "{\"jsonrpc\":\"2.0\",\"id\":4}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(json(invalid).get("id").asInt()).isEqualTo(4);
    }

    @Test
    void wrongMediaTypesMethodsAndPathsAreRefused() throws Exception {
        start("");

        assertThat(send(request(null).setHeader("Content-Type", "text/plain").POST(body(ping(1)))).statusCode()).isEqualTo(415);
        HttpResponse<String> put = send(request(null).PUT(body(ping(1))));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
        assertThat(send(HttpRequest.newBuilder(endpoint.resolve("/other")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        start("");

        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(DemoHttpServer.MAX_BODY_BYTES) + "\"}}";

        assertThat(post(null, huge).statusCode()).isEqualTo(413);
    }

    // ---- faults ----

    @Test
    void theErrorRateFaultAnswersInternalErrors() throws Exception {
        start("error_rate=1,latency=5ms");
        String session = initializeSession();

        HttpResponse<String> r = post(session, call(1, "echo", "{\"message\":\"x\"}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(-32603);
    }

    @Test
    void theGarbageFaultAnswers200WithABodyThatIsNotJson() throws Exception {
        start("garbage_after=1");
        String session = initializeSession();
        assertThat(json(post(session, call(1, "echo", "{\"message\":\"x\"}"))).has("result")).isTrue();

        HttpResponse<String> r = post(session, call(2, "echo", "{\"message\":\"x\"}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(new String(DemoMessages.GARBAGE, java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theHangFaultHoldsCallsOpenWhilePingStillAnswers() throws Exception {
        start("hang_after=0");
        String session = initializeSession();

        CompletableFuture<HttpResponse<String>> hung = http.sendAsync(request(session).POST(body(call(1, "echo", "{\"message\":\"x\"}"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post(session, ping(2)).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> hung.get(QUIET_MS, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);

        server.close(); // a stopping server lets go of held exchanges
        assertThatThrownBy(() -> hung.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void theHangAllFaultSilencesPingToo() throws Exception {
        start("hang_all_after=0");
        String session = initializeSession();
        http.sendAsync(request(session).POST(body(call(1, "echo", "{\"message\":\"x\"}"))).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(10, TimeUnit.SECONDS).until(server.faults()::wedged);

        CompletableFuture<HttpResponse<String>> ping = http.sendAsync(request(session).POST(body(ping(2))).build(), HttpResponse.BodyHandlers.ofString());

        assertThatThrownBy(() -> ping.get(QUIET_MS, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void theCrashFaultRunsTheCrashActionWithoutAnswering() throws Exception {
        server = DemoHttpServer.start("127.0.0.1", 0, DemoFaults.parse("crash_after=1"), crashes::incrementAndGet);
        endpoint = server.endpoint();
        String session = initializeSession();
        assertThat(post(session, call(1, "echo", "{\"message\":\"x\"}")).statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> second = http.sendAsync(request(session).POST(body(call(2, "echo", "{\"message\":\"x\"}"))).build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(10, TimeUnit.SECONDS).until(() -> crashes.get() == 1);
        assertThat(second).isNotDone();
    }

    @Test
    void byDefaultTheCrashFaultStopsTheServer() throws Exception {
        start("crash_after=0");
        String session = initializeSession();

        http.sendAsync(request(session).POST(body(call(1, "echo", "{\"message\":\"x\"}"))).build(), HttpResponse.BodyHandlers.ofString());

        await().atMost(10, TimeUnit.SECONDS).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            try (HttpClient fresh = HttpClient.newHttpClient()) {
                fresh.send(HttpRequest.newBuilder(endpoint).POST(body(initialize("2025-11-25"))).build(), HttpResponse.BodyHandlers.ofString());
                return false;
            } catch (ConnectException e) {
                return true; // nothing listens any more
            }
        });
    }

    @Test
    void theSessionDropFaultMakesOldSessionsUnknownAndANewOneWorks() throws Exception {
        start("drop_session_after=1");
        String session = initializeSession();
        String other = initializeSession();

        assertThat(post(session, call(1, "echo", "{\"message\":\"x\"}")).statusCode()).as("call 1 is still answered").isEqualTo(200);

        assertThat(post(session, ping(2)).statusCode()).isEqualTo(404);
        assertThat(post(other, ping(3)).statusCode()).as("every session is forgotten").isEqualTo(404);
        String fresh = initializeSession();
        assertThat(post(fresh, call(4, "echo", "{\"message\":\"again\"}")).statusCode()).isEqualTo(200);
        assertThat(post(fresh, ping(5)).statusCode()).as("the drop happens once").isEqualTo(200);
    }

    @Test
    void droppedSessionsStillAnswerTheCallsTheyHadRunning() throws Exception {
        start("");
        String session = initializeSession();
        // With a progress token the headers come back as soon as the call runs: then drop.
        HttpResponse<Stream<String>> running = http.sendAsync(request(session).POST(body(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":300,\"steps\":1},\"_meta\":{\"progressToken\":1}}}")).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        String other = initializeSession();

        post(other, call(2, "demo_faults", "{\"drop_session_after\":0}"));

        assertThat(server.sessionCount()).isZero();
        List<JsonNode> events = events(running.body());
        assertThat(events.getLast().at("/result/content/0/text").asString()).isEqualTo("done after 1 steps");
    }

    @Test
    void theDemoFaultsToolCanDropSessionsAtRuntime() throws Exception {
        start("");
        String session = initializeSession();

        HttpResponse<String> r = post(session, call(1, "demo_faults", "{\"drop_session_after\":0}"));

        assertThat(json(r).at("/result/structuredContent/faults/drop_session_after").asInt()).isZero();
        assertThat(post(session, ping(2)).statusCode()).isEqualTo(404);
    }

    @Test
    void closingTheServerLeavesNoThreadsBehind() throws Exception {
        start("", Duration.ofMillis(20));
        String session = initializeSession();
        http.sendAsync(request(session).GET().build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        post(session, call(1, "slow", "{\"duration_ms\":10,\"steps\":1}"));

        server.close();
        server = null;

        await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("demo-http")));
    }

    // ---- helpers ----

    private void start(String faults) throws Exception {
        start(faults, DemoHttpServer.KEEP_ALIVE_INTERVAL);
    }

    private void start(String faults, Duration keepAlive) throws Exception {
        server = DemoHttpServer.start(new DemoServer(DemoFaults.parse(faults)), "127.0.0.1", 0, null, keepAlive);
        endpoint = server.endpoint();
    }

    private String initializeSession() throws Exception {
        HttpResponse<String> r = post(null, initialize("2025-11-25"));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static String ping(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
    }

    private HttpRequest.Builder request(String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Accept", ACCEPT_BOTH).header("Content-Type", "application/json");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private HttpResponse<String> post(String session, String json) throws Exception {
        return send(request(session).POST(body(json)));
    }

    private HttpResponse<Stream<String>> postStreaming(String session, String json) throws Exception {
        return http.send(request(session).POST(body(json)).build(), HttpResponse.BodyHandlers.ofLines());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** The JSON of every {@code data:} line of an SSE body, read to its end. */
    private static List<JsonNode> events(Stream<String> lines) {
        try (lines) {
            return lines.filter(l -> l.startsWith("data: ")).map(l -> JSON.readTree(l.substring(6))).toList();
        }
    }
}
