package dev.mcpgateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Proves the remote-controlled SDK client against the reference server-everything, over stdio
 * and Streamable HTTP: everything the gateway interop tests will rely on.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkClientEverythingIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    enum Transport { STDIO, STREAMABLE_HTTP }

    private static ReferenceServers.RunningServer everythingHttp;
    private final List<SdkClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        Node.assumeInteropAvailable();
        everythingHttp = ReferenceServers.startEverythingStreamableHttp();
    }

    @AfterAll
    static void stopServer() {
        if (everythingHttp != null) {
            ProcessHandle server = everythingHttp.process();
            everythingHttp.close();
            assertThat(server.isAlive()).as("server-everything is stopped").isFalse();
        }
    }

    @AfterEach
    void closeClientsAndCheckNoProcessSurvives() {
        for (SdkClient client : clients) {
            List<ProcessHandle> tree = client.processTree();
            client.close();
            assertThat(tree).as("processes of %s after close", client).noneMatch(ProcessHandle::isAlive);
        }
    }

    private SdkClient client(String name) {
        SdkClient client = SdkClient.start(name);
        clients.add(client);
        return client;
    }

    private static JsonNode connect(SdkClient client, Transport transport, ConnectOptions options) {
        return switch (transport) {
            case STDIO -> client.connectStdio(ReferenceServers.everythingStdio(), Map.of(), options).result();
            case STREAMABLE_HTTP -> client.connectHttp(everythingHttp.url(), options).result();
        };
    }

    private static String firstText(JsonNode callToolResult) {
        return callToolResult.path("content").path(0).path("text").asString();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void connectsWithClientFeaturesAndListsEveryToolAcrossAllPages(Transport transport) {
        SdkClient client = client("tools-" + transport);
        JsonNode init = connect(client, transport, ConnectOptions.allClientFeatures());

        assertThat(init.path("protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("mcp-servers/everything");
        assertThat(init.path("serverCapabilities").path("tools").isObject()).isTrue();
        assertThat(init.path("instructions").asString()).isNotBlank();
        if (transport == Transport.STREAMABLE_HTTP) {
            assertThat(init.path("sessionId").asString()).isNotBlank();
        } else {
            assertThat(init.path("serverPid").asLong()).isPositive();
        }

        JsonNode all = client.listAllTools().result();
        List<String> names = all.path("tools").valueStream().map(t -> t.path("name").asString()).toList();
        assertThat(all.path("pages").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(names).hasSizeGreaterThanOrEqualTo(13).contains("echo", "get-sum", "get-structured-content", "get-tiny-image");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void callsToolsAndGetsTextStructuredAndImageContent(Transport transport) {
        SdkClient client = client("call-" + transport);
        connect(client, transport, ConnectOptions.defaults());
        client.listAllTools().result(); // caches output schemas, so the SDK validates structuredContent

        assertThat(firstText(client.callTool("echo", "{\"message\":\"hello gateway\"}").result())).isEqualTo("Echo: hello gateway");
        assertThat(firstText(client.callTool("get-sum", "{\"a\":2,\"b\":3}").result())).contains("5");

        JsonNode weather = client.callTool("get-structured-content", "{\"location\":\"New York\"}").result();
        assertThat(weather.path("structuredContent").path("temperature").isNumber()).isTrue();
        assertThat(weather.path("structuredContent").has("conditions")).isTrue();

        JsonNode image = client.callTool("get-tiny-image", Json.object()).result();
        assertThat(image.path("content").valueStream())
                .anySatisfy(c -> {
                    assertThat(c.path("type").asString()).isEqualTo("image");
                    assertThat(c.path("mimeType").asString()).isEqualTo("image/png");
                    assertThat(c.path("data").asString()).isNotEmpty();
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void reportsEveryProgressNotificationOfALongRunningOperation(Transport transport) {
        SdkClient client = client("progress-" + transport);
        connect(client, transport, ConnectOptions.defaults());

        CommandFuture call = client.callTool("trigger-long-running-operation", Json.parse("{\"duration\":1,\"steps\":3}"),
                RequestOptions.defaults().withProgress());

        assertThat(firstText(call.result())).contains("Long running operation completed");
        List<JsonNode> progress = client.progressNotificationsOf(call);
        assertThat(progress).extracting(n -> n.path("params").path("progress").asInt()).containsExactly(1, 2, 3);
        assertThat(progress).allSatisfy(n -> assertThat(n.path("params").path("total").asInt()).isEqualTo(3));
        assertThat(client.progressOf(call)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void cancelsARunningToolCallWithNotificationsCancelled(Transport transport) {
        SdkClient client = client("cancel-" + transport);
        connect(client, transport, ConnectOptions.defaults().withTrace());

        CommandFuture call = client.callTool("trigger-long-running-operation", Json.parse("{\"duration\":5,\"steps\":5}"),
                RequestOptions.defaults().withProgress().withCancelAfter(Duration.ofMillis(300), "user pressed stop"));

        SdkCommandException failure = call.failure();
        assertThat(failure.name()).isEqualTo("AbortError");
        assertThat(failure.errorMessage()).contains("user pressed stop");
        JsonNode requestId = client.requestIdsOf(call).getFirst();
        assertThat(client.sentMessages())
                .anySatisfy(m -> {
                    assertThat(m.path("method").asString()).isEqualTo("notifications/cancelled");
                    assertThat(m.path("params").path("requestId")).isEqualTo(requestId);
                    assertThat(m.path("params").path("reason").asString()).isEqualTo("user pressed stop");
                });
        // The client is still usable after a cancellation.
        assertThat(client.ping().result().isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void cancelsAnInFlightCommandOnRequest(Transport transport) {
        SdkClient client = client("cancel-cmd-" + transport);
        connect(client, transport, ConnectOptions.defaults());

        CommandFuture call = client.callTool("trigger-long-running-operation", Json.parse("{\"duration\":5,\"steps\":5}"),
                RequestOptions.defaults().withProgress());
        client.awaitNotification("notifications/progress", WAIT);
        client.cancel(call, "enough").result();

        assertThat(call.failure().name()).isEqualTo("AbortError");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void answersSamplingRequestsWithTheScriptedResponse(Transport transport) {
        SdkClient client = client("sampling-" + transport);
        client.setHandler("sampling/createMessage", Json.parse("""
                {"role":"assistant","content":{"type":"text","text":"canned answer"},"model":"test-model","stopReason":"endTurn"}
                """)).result();
        connect(client, transport, ConnectOptions.allClientFeatures());

        JsonNode result = client.callTool("trigger-sampling-request", "{\"prompt\":\"hi\",\"maxTokens\":20}").result();

        assertThat(firstText(result)).contains("canned answer");
        JsonNode request = client.awaitRequest("sampling/createMessage", WAIT);
        assertThat(request.path("params").path("maxTokens").asInt()).isEqualTo(20);
        assertThat(client.events()).anySatisfy(e -> {
            assertThat(e.path("type").asString()).isEqualTo("response-sent");
            assertThat(e.path("method").asString()).isEqualTo("sampling/createMessage");
            assertThat(e.path("result").path("model").asString()).isEqualTo("test-model");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void holdsAManualSamplingRequestUntilTheTestResponds(Transport transport) {
        SdkClient client = client("manual-" + transport);
        client.setManualHandler("sampling/createMessage").result();
        connect(client, transport, ConnectOptions.allClientFeatures());

        CommandFuture call = client.callTool("trigger-sampling-request", "{\"prompt\":\"hold on\"}");
        JsonNode request = client.awaitRequest("sampling/createMessage", WAIT);
        assertThat(call).isNotDone();
        client.respond(request.path("id"), Json.parse("""
                {"role":"assistant","content":{"type":"text","text":"answered by hand"},"model":"m"}
                """)).result();

        assertThat(firstText(call.result())).contains("answered by hand");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void answersElicitationRequestsWithTheScriptedResponse(Transport transport) {
        SdkClient client = client("elicit-" + transport);
        client.setHandler("elicitation/create", Json.parse("{\"action\":\"decline\"}")).result();
        connect(client, transport, ConnectOptions.allClientFeatures());

        JsonNode result = client.callTool("trigger-elicitation-request", Json.object()).result();

        assertThat(client.awaitRequest("elicitation/create", WAIT).path("params").path("requestedSchema").isObject()).isTrue();
        assertThat(result.path("content").toString()).containsIgnoringCase("decline");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void answersRootsListRequestsAndAnnouncesChangedRoots(Transport transport) {
        SdkClient client = client("roots-" + transport);
        client.setRoots(List.of("file:///tmp/project-a")).result();
        connect(client, transport, ConnectOptions.allClientFeatures());

        client.awaitRequest("roots/list", WAIT);
        client.awaitNotification("notifications/message", p -> p.path("data").asString().contains("1 root(s)"), WAIT);

        client.setRoots(List.of("file:///tmp/project-a", "file:///tmp/project-b")).result();
        client.sendRootsListChanged().result();

        client.awaitNotification("notifications/message", p -> p.path("data").asString().contains("2 root(s)"), WAIT);
        assertThat(client.requests("roots/list")).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void readsResourcesAndListsResourceTemplates(Transport transport) {
        SdkClient client = client("resources-" + transport);
        connect(client, transport, ConnectOptions.defaults());

        JsonNode resources = client.listAllResources().result();
        assertThat(resources.path("resources").valueStream().map(r -> r.path("uri").asString()))
                .contains("demo://resource/static/document/features.md");

        JsonNode templates = client.listAllResourceTemplates().result();
        assertThat(templates.path("resourceTemplates").valueStream().map(t -> t.path("uriTemplate").asString()))
                .anyMatch(t -> t.startsWith("demo://resource/dynamic/text/"));

        JsonNode read = client.readResource("demo://resource/dynamic/text/7").result();
        assertThat(read.path("contents").path(0).path("uri").asString()).isEqualTo("demo://resource/dynamic/text/7");
        assertThat(read.path("contents").path(0).path("text").asString()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void getsPromptsWithArgumentsAndCompletesArguments(Transport transport) {
        SdkClient client = client("prompts-" + transport);
        connect(client, transport, ConnectOptions.defaults());

        assertThat(client.listAllPrompts().result().path("prompts").valueStream().map(p -> p.path("name").asString()))
                .contains("simple-prompt", "args-prompt");
        JsonNode prompt = client.getPrompt("args-prompt", Map.of("city", "Paris", "state", "Texas")).result();
        assertThat(prompt.path("messages").path(0).path("content").path("text").asString()).contains("Paris");

        JsonNode completion = client.complete(Json.parse("{\"type\":\"ref/prompt\",\"name\":\"completable-prompt\"}"), "department", "Eng").result();
        assertThat(completion.path("completion").path("values").valueStream().map(JsonNode::asString)).containsExactly("Engineering");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void setsTheLoggingLevelAndTheServerHonoursIt(Transport transport) {
        SdkClient client = client("logging-" + transport);
        connect(client, transport, ConnectOptions.defaults());
        String uri = "demo://resource/static/document/features.md";

        assertThat(client.setLoggingLevel("info").result().isEmpty()).isTrue();
        assertThat(client.subscribe(uri).result().isEmpty()).isTrue();
        client.awaitNotification("notifications/message", p -> p.path("data").asString().contains("Received Subscribe Resource request"), WAIT);

        client.setLoggingLevel("error").result();
        client.unsubscribe(uri).result();
        client.assertNoNotification("notifications/message", p -> p.path("data").asString().contains("Unsubscribe"), Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void receivesListChangedAndResourceUpdatedNotifications(Transport transport) {
        SdkClient client = client("changes-" + transport);
        connect(client, transport, ConnectOptions.allClientFeatures());
        if (transport == Transport.STDIO) { // over HTTP it races the opening of the GET stream
            client.awaitNotification("notifications/tools/list_changed", WAIT);
        }
        String uri = "demo://resource/static/document/architecture.md";

        client.subscribe(uri).result();
        client.callTool("toggle-subscriber-updates", Json.object()).result();
        try {
            client.awaitNotification("notifications/resources/updated", p -> p.path("uri").asString().equals(uri), WAIT);
        } finally {
            client.callTool("toggle-subscriber-updates", Json.object()).result(); // stop the 5 s updates
        }

        client.callTool("gzip-file-as-resource", Json.parse("""
                {"name":"hello.txt.gz","data":"data:text/plain;base64,aGVsbG8=","outputType":"resourceLink"}
                """)).result();
        client.awaitNotification("notifications/resources/list_changed", WAIT);
        JsonNode gzipped = client.readResource("demo://resource/session/hello.txt.gz").result();
        assertThat(gzipped.path("contents").path(0).path("blob").asString()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void twoClientsAtOnceSeeOnlyTheirOwnNotifications(Transport transport) {
        SdkClient a = client("a-" + transport);
        SdkClient b = client("b-" + transport);
        connect(a, transport, ConnectOptions.defaults());
        connect(b, transport, ConnectOptions.defaults());

        CommandFuture slow = a.callTool("trigger-long-running-operation", Json.parse("{\"duration\":1,\"steps\":2}"),
                RequestOptions.defaults().withProgress());
        CommandFuture echo = b.callTool("echo", "{\"message\":\"from b\"}");

        assertThat(firstText(echo.result())).isEqualTo("Echo: from b");
        assertThat(firstText(slow.result())).contains("completed");
        assertThat(a.progressNotificationsOf(slow)).hasSize(2);
        b.assertNoNotification("notifications/progress", Duration.ofMillis(500));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void negotiatesAForcedOlderProtocolVersion(Transport transport) {
        SdkClient client = client("version-" + transport);
        JsonNode init = connect(client, transport, ConnectOptions.defaults().withProtocolVersion("2025-03-26").withTrace());

        assertThat(init.path("protocolVersion").asString()).isEqualTo("2025-03-26");
        assertThat(client.sentMessages().getFirst().path("params").path("protocolVersion").asString()).isEqualTo("2025-03-26");
        assertThat(firstText(client.callTool("echo", "{\"message\":\"old\"}").result())).isEqualTo("Echo: old");
    }

    @Test
    void terminatesAnHttpSessionAndLaterRequestsFail() {
        SdkClient client = client("terminate");
        JsonNode init = connect(client, Transport.STREAMABLE_HTTP, ConnectOptions.defaults());

        assertThat(client.terminate().result().path("sessionId").asString()).isEqualTo(init.path("sessionId").asString());

        SdkCommandException failure = client.ping().failure();
        assertThat(failure.name()).isEqualTo("StreamableHTTPError");
        assertThat(failure.code()).isEqualTo(400); // server-everything answers 400, not the 404 the spec asks for
    }

    @Test
    void sendsRawHttpWithTheSessionHeaders() {
        SdkClient client = client("raw");
        connect(client, Transport.STREAMABLE_HTTP, ConnectOptions.defaults());

        JsonNode response = client.rawHttp("POST", Map.of("content-type", "application/json", "accept", "application/json, text/event-stream"),
                "{\"jsonrpc\":\"2.0\",\"id\":\"raw-1\",\"method\":\"ping\"}").result();

        assertThat(response.path("status").asInt()).isEqualTo(200);
        assertThat(response.path("body").asString()).contains("\"id\":\"raw-1\"");
    }

    @Test
    void survivesBadCommandsAndReportsThemAsErrors() {
        SdkClient client = client("robust");

        assertThat(client.send("noSuchCommand", Json.object()).failure().name()).isEqualTo("UnknownCommand");
        assertThat(client.callTool("echo", "{}").failure().name()).isEqualTo("NotConnected");
        assertThat(client.send("setHandler", Json.object().put("method", "tools/list")).failure().name()).isEqualTo("InvalidCommand");

        connect(client, Transport.STDIO, ConnectOptions.defaults());
        // SDK servers report an unknown tool as a tool error result, not a JSON-RPC error.
        assertThat(client.request("tools/call", Json.parse("{\"name\":\"no-such-tool\",\"arguments\":{}}")).result().path("isError").asBoolean()).isTrue();
        assertThat(client.connectStdio(ReferenceServers.everythingStdio(), Map.of(), ConnectOptions.defaults()).failure().name()).isEqualTo("AlreadyConnected");
        assertThat(client.ping().result().isEmpty()).isTrue();
    }

    @Test
    void reportsAnSdkRequestTimeoutAsMcpError32001() {
        SdkClient client = client("timeout");
        connect(client, Transport.STDIO, ConnectOptions.defaults().withTrace());

        CommandFuture call = client.callTool("trigger-long-running-operation", Json.parse("{\"duration\":3,\"steps\":3}"),
                RequestOptions.defaults().withTimeout(Duration.ofMillis(300)));

        SdkCommandException failure = call.failure();
        assertThat(failure.name()).isEqualTo("McpError");
        assertThat(failure.code()).isEqualTo(-32001);
        assertThat(client.sentMessages()).anyMatch(m -> m.path("method").asString().equals("notifications/cancelled"));
    }

    @Test
    void reportsAConnectFailureAndCanConnectAfterwards() {
        SdkClient client = client("connect-fail");
        int port = ReferenceServers.freePort();

        SdkCommandException failure = client.connectHttp(java.net.URI.create("http://127.0.0.1:" + port + "/mcp"), ConnectOptions.defaults()).failure();

        assertThat(failure.errorMessage()).isNotBlank();
        JsonNode init = connect(client, Transport.STREAMABLE_HTTP, ConnectOptions.defaults());
        assertThat(init.path("sessionId").asString()).isNotBlank();
    }

    @Test
    void sigtermToTheDriverStillClosesTheStdioServer() {
        SdkClient client = client("sigterm");
        JsonNode init = connect(client, Transport.STDIO, ConnectOptions.defaults());
        ProcessHandle server = ProcessHandle.of(init.path("serverPid").asLong()).orElseThrow();

        client.process().destroy();

        assertThat(ProcessTrees.awaitExit(client.process(), WAIT)).isTrue();
        assertThat(ProcessTrees.awaitExit(server, WAIT)).as("stdio server ended by the driver").isTrue();
    }

    @Test
    void disconnectsAndReconnectsWithTheSameDriver() {
        SdkClient client = client("reconnect");
        String first = connect(client, Transport.STREAMABLE_HTTP, ConnectOptions.defaults()).path("sessionId").asString();

        client.disconnect().result();
        client.awaitClosed(WAIT);
        assertThat(client.ping().failure().name()).isEqualTo("NotConnected");
        String second = connect(client, Transport.STREAMABLE_HTTP, ConnectOptions.defaults()).path("sessionId").asString();

        assertThat(second).isNotEqualTo(first);
        assertThat(client.ping().result().isEmpty()).isTrue();
    }

    @Test
    void closingTheClientEndsTheStdioServerItStarted() {
        SdkClient client = SdkClient.start("stdio-exit");
        JsonNode init = connect(client, Transport.STDIO, ConnectOptions.defaults());
        ProcessHandle server = ProcessHandle.of(init.path("serverPid").asLong()).orElseThrow();
        List<ProcessHandle> tree = client.processTree();
        assertThat(tree).contains(server);

        client.close();

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(client.ping()).isCompletedExceptionally();
    }
}
