package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.GatewayVersion;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The transport-independent dispatch: one message in, one reply out. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoFaults faults = DemoFaults.none();
    private final AtomicInteger sessionDrops = new AtomicInteger();
    private final DemoServer server = newServer();
    private final DemoSession session = new DemoSession();
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    private DemoServer newServer() {
        DemoServer s = new DemoServer(faults);
        s.onDropSessions(sessionDrops::incrementAndGet);
        return s;
    }

    // ---- lifecycle ----

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    void answersTheClientsProtocolVersionWhenItIsSupported(String version) {
        JsonNode r = request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");

        assertThat(r.at("/result/protocolVersion").asString()).isEqualTo(version);
        assertThat(session.protocolVersion()).isEqualTo(version);
    }

    @Test
    void offersItsLatestVersionWhenTheClientsIsUnknown() {
        JsonNode r = initialize("1999-01-01");

        assertThat(r.at("/result/protocolVersion").asString()).isEqualTo("2025-11-25");
    }

    @Test
    void declaresItsIdentityAndCapabilities() {
        JsonNode r = initialize("2025-11-25").get("result");

        assertThat(r.at("/serverInfo/name").asString()).isEqualTo("mcp-gateway-demo");
        assertThat(r.at("/serverInfo/version").asString()).isEqualTo(GatewayVersion.get());
        assertThat(r.get("capabilities").toString()).isEqualTo(
                "{\"tools\":{\"listChanged\":true},\"resources\":{\"subscribe\":false,\"listChanged\":false},"
                        + "\"prompts\":{\"listChanged\":false},\"logging\":{},\"completions\":{}}");
        assertThat(r.get("instructions").asString()).contains("demo");
    }

    @Test
    void initializeWithoutAProtocolVersionIsInvalidParams() {
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"))).isEqualTo(-32602);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}"))).isEqualTo(-32602);
    }

    @Test
    void answersPingWithAnEmptyResultAndEchoesTheIdByteForByte() {
        assertThat(raw("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"ping\"}")).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"result\":{}}");
        assertThat(raw("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"result\":{}}");
        assertThat(raw("{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9\",\"method\":\"ping\",\"params\":{}}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9\",\"result\":{}}");
    }

    @Test
    void unknownMethodsAreMethodNotFound() {
        JsonNode r = request("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"demo://readme\"}}");

        assertThat(errorCode(r)).isEqualTo(-32601);
        assertThat(r.at("/error/message").asString()).contains("resources/subscribe");
        assertThat(r.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void notificationsAndResponsesGetNoReply() {
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isEqualTo(DemoReply.Silent.NONE);
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}")).isEqualTo(DemoReply.Silent.NONE);
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}")).isEqualTo(DemoReply.Silent.NONE);
    }

    // ---- tools ----

    @Test
    void everyToolHasATitleAndAllFourAnnotationHints() {
        JsonNode tools = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").at("/result/tools");

        assertThat(tools).extracting(t -> t.get("name").asString())
                .containsExactly("echo", "add", "current_time", "slow", "flaky", "fail", "demo_faults");
        for (JsonNode tool : tools) {
            assertThat(tool.get("title").isString()).as(tool.toString()).isTrue();
            assertThat(tool.at("/inputSchema/type").asString()).isEqualTo("object");
            for (String hint : List.of("readOnlyHint", "idempotentHint", "destructiveHint", "openWorldHint")) {
                assertThat(tool.at("/annotations/" + hint).isBoolean()).as(tool.get("name") + " " + hint).isTrue();
            }
        }
        assertThat(tools.get(0).has("outputSchema")).isTrue();
        assertThat(tools.get(1).has("outputSchema")).isTrue();
    }

    @Test
    void listsRejectCursorsTheyNeverIssued() {
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}"))).isEqualTo(-32602);
    }

    @Test
    void echoReturnsExactlyTheMessageAsTextAndStructuredContent() {
        String message = "h\u00e9llo \"w\u00f6rld\"\n\t\u2713 \ud83d\ude00";
        JsonNode r = callTool("echo", "{\"message\":" + JSON.writeValueAsString(message) + "}");

        assertThat(r.at("/result/content/0/type").asString()).isEqualTo("text");
        assertThat(r.at("/result/content/0/text").asString()).isEqualTo(message);
        assertThat(r.at("/result/structuredContent/message").asString()).isEqualTo(message);
        assertThat(r.at("/result").has("isError")).isFalse();
    }

    @Test
    void addKeepsEveryDigitOfLargeIntegers() {
        JsonValue result = callToolRaw("add", "{\"a\":9007199254740993,\"b\":1}");

        assertThat(result.get("content").elements().getFirst().getString("text")).isEqualTo("9007199254740994");
        assertThat(result.get("structuredContent").get("sum").toString()).isEqualTo("9007199254740994");
    }

    @Test
    void addWritesDecimalSumsWithoutNeedlessDigits() {
        assertThat(sumText("0.1", "0.2")).isEqualTo("0.3");
        assertThat(sumText("1.10", "2")).isEqualTo("3.1");
        assertThat(sumText("2", "3")).isEqualTo("5");
        assertThat(sumText("-2.5", "2.5")).isEqualTo("0");
        assertThat(sumText("1e20", "1")).isEqualTo("100000000000000000001");
        assertThat(sumText("1e400", "0")).isEqualTo("1E+400");
        assertThat(sumText("1E2", "0")).isEqualTo("100");
    }

    @Test
    void addRefusesMissingOrNonNumericOrAbsurdOperandsAsToolErrors() {
        assertThat(toolError(callTool("add", "{\"a\":1}"))).contains("b is required");
        assertThat(toolError(callTool("add", "{\"a\":\"1\",\"b\":2}"))).contains("a must be a number");
        assertThat(toolError(callTool("add", "{\"a\":1e999999999,\"b\":1e-999999999}"))).contains("too large");
    }

    @Test
    void currentTimeIsIsoInTheRequestedZone() {
        String text = callTool("current_time", "{\"timezone\":\"Asia/Tokyo\"}").at("/result/content/0/text").asString();

        OffsetDateTime time = OffsetDateTime.parse(text);
        assertThat(time.getOffset()).isEqualTo(ZoneId.of("Asia/Tokyo").getRules().getOffset(time.toInstant()));
        assertThat(callTool("current_time", "{}").at("/result/content/0/text").asString()).endsWith("Z");
    }

    @Test
    void currentTimeReportsAnUnknownZoneAsAToolError() {
        assertThat(toolError(callTool("current_time", "{\"timezone\":\"Mars/Olympus_Mons\"}")))
                .contains("Unknown time zone \"Mars/Olympus_Mons\"");
    }

    @Test
    void slowReportsProgressPerStepWhenAskedForIt() {
        JsonNode r = request("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                + "\"arguments\":{\"duration_ms\":30,\"steps\":3},\"_meta\":{\"progressToken\":\"tok\"}}}");

        assertThat(r.at("/result/content/0/text").asString()).isEqualTo("done after 3 steps");
        assertThat(notifications).extracting(n -> n.get("method").asString()).containsOnly("notifications/progress");
        assertThat(notifications).extracting(n -> n.at("/params/progress").asInt()).containsExactly(1, 2, 3);
        assertThat(notifications).extracting(n -> n.at("/params/total").asInt()).containsOnly(3);
        assertThat(notifications).extracting(n -> n.at("/params/progressToken").asString()).containsOnly("tok");
        assertThat(notifications.getFirst().at("/params/message").asString()).isEqualTo("step 1 of 3");
    }

    @Test
    void slowSendsNoProgressWithoutAProgressToken() {
        JsonNode r = callTool("slow", "{\"duration_ms\":0,\"steps\":2}");

        assertThat(r.at("/result/content/0/text").asString()).isEqualTo("done after 2 steps");
        assertThat(notifications).isEmpty();
    }

    @Test
    void progressLeavesOutTheMessageForA2024Client() {
        initialize("2024-11-05");
        request("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                + "\"arguments\":{\"duration_ms\":0,\"steps\":1},\"_meta\":{\"progressToken\":5}}}");

        assertThat(notifications).hasSize(1);
        assertThat(notifications.getFirst().get("params").toString()).isEqualTo("{\"progressToken\":5,\"progress\":1,\"total\":1}");
    }

    @Test
    void slowLogsEachStepOnceTheClientSetALogLevel() {
        request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
        callTool("slow", "{\"duration_ms\":0,\"steps\":2}");

        assertThat(notifications).extracting(n -> n.get("method").asString()).containsOnly("notifications/message");
        assertThat(notifications).extracting(n -> n.at("/params/data").asString()).containsExactly("step 1 of 2", "step 2 of 2");

        notifications.clear();
        request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
        callTool("slow", "{\"duration_ms\":0,\"steps\":2}");
        assertThat(notifications).isEmpty();
    }

    @Test
    void aCancelledSlowCallStopsAndIsNotAnswered() throws Exception {
        CompletableFuture<DemoReply> call = CompletableFuture.supplyAsync(() -> reply(
                "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":60000,\"steps\":1}}}"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c1\",\"reason\":\"test\"}}");
            return call.isDone();
        });

        assertThat(call.get()).isEqualTo(DemoReply.Silent.NONE);
    }

    @Test
    void cancellingAnUnknownRequestIsIgnored() {
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":42}}")).isEqualTo(DemoReply.Silent.NONE);
    }

    @Test
    void slowValidatesItsArguments() {
        assertThat(toolError(callTool("slow", "{\"steps\":0}"))).contains("steps must be an integer between 1 and 1000");
        assertThat(toolError(callTool("slow", "{\"duration_ms\":1.5}"))).contains("duration_ms");
        assertThat(toolError(callTool("slow", "{\"duration_ms\":\"10\"}"))).contains("duration_ms");
    }

    @Test
    void flakyFailsAtTheRequestedRate() {
        assertThat(callTool("flaky", "{\"failure_rate\":0}").at("/result/isError").isMissingNode()).isTrue();
        assertThat(toolError(callTool("flaky", "{\"failure_rate\":1}"))).isEqualTo("flaky failure");
        assertThat(toolError(callTool("flaky", "{\"failure_rate\":1.5}"))).contains("failure_rate");
    }

    @Test
    void failFailsInTheRequestedWay() {
        assertThat(toolError(callTool("fail", "{\"mode\":\"tool_error\"}"))).contains("tool_error");
        assertThat(errorCode(callTool("fail", "{\"mode\":\"rpc_error\"}"))).isEqualTo(-32602);
        assertThat(errorCode(callTool("fail", "{\"mode\":\"internal_error\"}"))).isEqualTo(-32603);
        assertThat(toolError(callTool("fail", "{\"mode\":\"explode\"}"))).contains("mode must be one of");
    }

    @Test
    void unknownToolsAndMalformedCallsAreInvalidParams() {
        JsonNode unknown = callTool("nope", "{}");
        assertThat(errorCode(unknown)).isEqualTo(-32602);
        assertThat(unknown.at("/error/message").asString()).isEqualTo("Unknown tool: nope");
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}"))).isEqualTo(-32602);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}"))).isEqualTo(-32602);
        assertThat(toolError(callTool("echo", "[1]"))).contains("arguments must be an object");
    }

    // ---- faults through the dispatcher ----

    @Test
    void theDemoFaultsToolReplacesTheFaultsAndReportsThem() {
        JsonNode r = callTool("demo_faults", "{\"error_rate\":1,\"latency\":\"1ms\"}");

        assertThat(r.at("/result/structuredContent/faults").toString()).isEqualTo("{\"latency_ms\":1,\"error_rate\":1}");
        assertThat(r.at("/result/structuredContent/summary").asString()).isEqualTo("latency=1ms,error_rate=1");
        assertThat(faults.settings().errorRate()).isEqualTo(1.0);
        assertThat(errorCode(callTool("echo", "{\"message\":\"x\"}"))).isEqualTo(-32603);

        callTool("demo_faults", "{}");
        assertThat(faults.settings().isNone()).isTrue();
        assertThat(callTool("echo", "{\"message\":\"x\"}").at("/result/content/0/text").asString()).isEqualTo("x");
    }

    @Test
    void theDemoFaultsToolIsNeitherCountedNorFaulted() {
        faults.configure(DemoFaults.Settings.parse("hang_after=0,crash_after=1"));

        JsonNode r = callTool("demo_faults", "{\"garbage_after\":0}");

        assertThat(r.at("/result/structuredContent/tool_calls").asInt()).isZero();
        assertThat(reply(toolCall("echo", "{\"message\":\"x\"}"))).isEqualTo(DemoReply.Silent.GARBAGE);
    }

    @Test
    void theDemoFaultsToolRejectsUnknownKeysAsAToolError() {
        assertThat(toolError(callTool("demo_faults", "{\"explode\":1}"))).contains("unknown fault \"explode\"");
    }

    @Test
    void crashAndHangFaultsAreRepliesForTheTransport() {
        faults.configure(DemoFaults.Settings.parse("hang_after=1"));
        assertThat(callTool("echo", "{\"message\":\"first\"}").at("/result/content/0/text").asString()).isEqualTo("first");
        assertThat(reply(toolCall("echo", "{\"message\":\"second\"}"))).isEqualTo(DemoReply.Silent.HANG);
        assertThat(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").has("result")).as("ping still answered").isTrue();

        faults.configure(DemoFaults.Settings.parse("crash_after=0"));
        assertThat(reply(toolCall("echo", "{\"message\":\"x\"}"))).isEqualTo(DemoReply.Silent.CRASH);
    }

    @Test
    void aWedgedServerAnswersNothingNotEvenPing() {
        faults.configure(DemoFaults.Settings.parse("hang_all_after=0"));

        assertThat(reply(toolCall("echo", "{\"message\":\"x\"}"))).isEqualTo(DemoReply.Silent.HANG);
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).isEqualTo(DemoReply.Silent.HANG);
        assertThat(reply("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).isEqualTo(DemoReply.Silent.HANG);
    }

    @Test
    void listsAndPingsNeverCountAsCalls() {
        faults.configure(DemoFaults.Settings.parse("crash_after=1"));
        request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

        assertThat(faults.toolCalls()).isZero();
        assertThat(callTool("echo", "{\"message\":\"x\"}").has("result")).isTrue();
    }

    @Test
    void theSessionDropFaultAsksTheTransportToForgetSessions() {
        faults.configure(DemoFaults.Settings.parse("drop_session_after=2"));
        callTool("echo", "{\"message\":\"1\"}");
        assertThat(sessionDrops).hasValue(0);
        callTool("echo", "{\"message\":\"2\"}");
        assertThat(sessionDrops).hasValue(1);
        callTool("echo", "{\"message\":\"3\"}");
        assertThat(sessionDrops).hasValue(1);

        callTool("demo_faults", "{\"drop_session_after\":0}");
        assertThat(sessionDrops).as("0 at runtime drops at once").hasValue(2);
    }

    @Test
    void theLatencyFaultDelaysCallsAndCanBeCancelled() throws Exception {
        faults.configure(DemoFaults.Settings.parse("latency=60s"));
        CompletableFuture<DemoReply> call = CompletableFuture.supplyAsync(() -> reply(
                "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            reply("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":77}}");
            return call.isDone();
        });

        assertThat(call.get()).isEqualTo(DemoReply.Silent.NONE);
        assertThat(server.mayBlock(JsonRpc.parseMessage(toolCall("echo", "{}").getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void onlySlowToolsOrInjectedLatencyMayBlock() {
        assertThat(server.mayBlock(JsonRpc.parseMessage(toolCall("echo", "{}").getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(server.mayBlock(JsonRpc.parseMessage(toolCall("slow", "{}").getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(server.mayBlock(JsonRpc.parseMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    // ---- resources, prompts, completion, logging ----

    @Test
    void listsAndReadsTheTwoResources() {
        JsonNode list = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}");
        assertThat(list.at("/result/resources")).extracting(r -> r.get("uri").asString()).containsExactly("demo://readme", "demo://config");

        JsonNode readme = request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"demo://readme\"}}");
        assertThat(readme.at("/result/contents/0/mimeType").asString()).isEqualTo("text/markdown");
        assertThat(readme.at("/result/contents/0/uri").asString()).isEqualTo("demo://readme");
        assertThat(readme.at("/result/contents/0/text").asString()).startsWith("# mcp-gateway demo server");

        JsonNode templates = request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/templates/list\"}");
        assertThat(templates.at("/result/resourceTemplates").isArray()).isTrue();
    }

    @Test
    void theConfigResourceDescribesTheActiveFaults() {
        faults.configure(DemoFaults.Settings.parse("latency=5ms,crash_after=3"));

        JsonNode config = request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"demo://config\"}}");

        assertThat(config.at("/result/contents/0/mimeType").asString()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(config.at("/result/contents/0/text").asString());
        assertThat(body.get("faults").toString()).isEqualTo("{\"latency_ms\":5,\"crash_after\":3}");
        assertThat(body.get("summary").asString()).isEqualTo("latency=5ms,crash_after=3");
        assertThat(body.get("tool_calls").asInt()).isZero();
    }

    @Test
    void readingAnUnknownResourceIsResourceNotFound() {
        JsonNode r = request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"demo://nope\"}}");

        assertThat(errorCode(r)).isEqualTo(-32002);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{}}"))).isEqualTo(-32602);
    }

    @Test
    void theGreetingPromptBuildsOneUserMessage() {
        assertThat(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}").at("/result/prompts/0/arguments/0/required").asBoolean()).isTrue();

        JsonNode formal = request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\",\"arguments\":{\"name\":\"Ada\",\"style\":\"formal\"}}}");
        assertThat(formal.at("/result/messages")).hasSize(1);
        assertThat(formal.at("/result/messages/0/role").asString()).isEqualTo("user");
        assertThat(formal.at("/result/messages/0/content/text").asString()).contains("formal", "Ada");

        JsonNode casual = request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\",\"arguments\":{\"name\":\"Bo\"}}}");
        assertThat(casual.at("/result/messages/0/content/text").asString()).contains("Bo").doesNotContain("formal");
    }

    @Test
    void theGreetingPromptRejectsMissingOrBadArguments() {
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\"}}"))).isEqualTo(-32602);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"greeting\",\"arguments\":{\"name\":\"A\",\"style\":\"rude\"}}}"))).isEqualTo(-32602);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"farewell\"}}"))).isEqualTo(-32602);
    }

    @Test
    void completesTheGreetingStyle() {
        assertThat(completion("ref/prompt", "\"name\":\"greeting\"", "style", "")).containsExactly("formal", "casual");
        assertThat(completion("ref/prompt", "\"name\":\"greeting\"", "style", "ca")).containsExactly("casual");
        assertThat(completion("ref/prompt", "\"name\":\"greeting\"", "name", "A")).isEmpty();
        assertThat(completion("ref/resource", "\"uri\":\"demo://readme\"", "x", "")).isEmpty();
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"nope\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}}")))
                .isEqualTo(-32602);
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{}}"))).isEqualTo(-32602);
    }

    @Test
    void setLevelAcceptsTheRfc5424LevelsOnly() {
        assertThat(request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}").get("result").toString()).isEqualTo("{}");
        assertThat(errorCode(request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"verbose\"}}"))).isEqualTo(-32602);
    }

    // ---- batches ----

    @Test
    void aBatchIsAnsweredWithOneArrayInElementOrder() {
        JsonRpc.Body.Batch batch = (JsonRpc.Body.Batch) JsonRpc.parseBody((
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":50,\"steps\":1}}},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\"}},"
                        + "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}]").getBytes(StandardCharsets.UTF_8));

        DemoReply reply = server.handleBatch(session, batch, DemoOutbound.DISCARD);

        JsonNode array = JSON.readTree(((DemoReply.Response) reply).json());
        assertThat(array).extracting(n -> n.get("id").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(array.get(0).at("/result/content/0/text").asString()).isEqualTo("done after 1 steps");
        assertThat(errorCode(array.get(2))).as("initialize must not be batched").isEqualTo(-32600);
        assertThat(errorCode(array.get(3))).isEqualTo(-32600);
    }

    @Test
    void aBatchOfNotificationsHasNoReply() {
        JsonRpc.Body.Batch batch = (JsonRpc.Body.Batch) JsonRpc.parseBody(
                "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]".getBytes(StandardCharsets.UTF_8));

        assertThat(server.handleBatch(session, batch, DemoOutbound.DISCARD)).isEqualTo(DemoReply.Silent.NONE);
    }

    // ---- helpers ----

    private JsonNode initialize(String version) {
        return request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version + "\"}}");
    }

    private static String toolCall(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
    }

    private JsonNode callTool(String tool, String arguments) {
        return request(toolCall(tool, arguments));
    }

    private JsonValue callToolRaw(String tool, String arguments) {
        DemoReply r = reply(toolCall(tool, arguments));
        return JsonValue.parse(((DemoReply.Response) r).json()).get("result");
    }

    private String sumText(String a, String b) {
        return callToolRaw("add", "{\"a\":" + a + ",\"b\":" + b + "}").get("content").elements().getFirst().getString("text");
    }

    private List<String> completion(String type, String refMember, String argument, String value) {
        JsonNode r = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"" + type + "\","
                + refMember + "},\"argument\":{\"name\":\"" + argument + "\",\"value\":\"" + value + "\"}}}");
        assertThat(r.at("/result/completion/hasMore").asBoolean()).isFalse();
        return r.at("/result/completion/values").valueStream().map(JsonNode::asString).toList();
    }

    private static String toolError(JsonNode response) {
        assertThat(response.at("/result/isError").asBoolean()).as(response.toString()).isTrue();
        return response.at("/result/content/0/text").asString();
    }

    private static int errorCode(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        return response.at("/error/code").asInt();
    }

    private DemoReply reply(String json) {
        return server.handle(session, JsonRpc.parseMessage(json.getBytes(StandardCharsets.UTF_8)),
                m -> notifications.add(JSON.readTree(m)));
    }

    private String raw(String json) {
        return new String(((DemoReply.Response) reply(json)).json(), StandardCharsets.UTF_8);
    }

    private JsonNode request(String json) {
        DemoReply r = reply(json);
        assertThat(r).isInstanceOf(DemoReply.Response.class);
        byte[] bytes = ((DemoReply.Response) r).json();
        JsonValue.parse(bytes); // valid JSON by our own strict scanner too
        return JSON.readTree(bytes);
    }
}
