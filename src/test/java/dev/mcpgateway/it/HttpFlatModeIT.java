package dev.mcpgateway.it;

import static dev.mcpgateway.it.support.HttpGatewayFixture.firstText;
import static dev.mcpgateway.it.support.HttpGatewayFixture.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.interop.CommandFuture;
import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.RequestOptions;
import dev.mcpgateway.interop.SdkClient;
import dev.mcpgateway.interop.SdkCommandException;
import dev.mcpgateway.interop.StreamableHttpRules;
import dev.mcpgateway.it.support.HttpGatewayFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway in flat mode ({@code meta_mcp.enabled: false}) in front of real reference servers,
 * driven over Streamable HTTP by the official TypeScript SDK client: server-everything over stdio
 * ({@code everything}) and over Streamable HTTP ({@code everythingHttp}), server-filesystem
 * ({@code files}), server-memory ({@code memory}) and the raw-JSON echo server ({@code raw}, with
 * 80 filler tools so that the aggregated tool list needs more than one page). One gateway serves
 * every test; each test uses its own client sessions.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpFlatModeIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> BACKENDS = List.of("everything", "everythingHttp", "files", "memory", "raw");
    private static final int RAW_FILLER_TOOLS = 80;
    private static final String SAMPLING_ANSWER = """
            {"role":"assistant","content":{"type":"text","text":"%s"},"model":"test-model","stopReason":"endTurn"}
            """;

    private static HttpGatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = HttpGatewayFixture.builder()
                .flatMode()
                .everythingStdio("everything")
                .everythingHttp("everythingHttp")
                .filesystem("files")
                .memory("memory")
                .echoRaw("raw", RAW_FILLER_TOOLS)
                .start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void closeClientsAndCheckNoBackendProcessLeaked() {
        gateway.closeClients();
        gateway.awaitOnlySharedStdioChildren(WAIT);
    }

    private static SdkClient connect(String name) {
        return gateway.connect(name, ConnectOptions.defaults());
    }

    // ---- 1. initialize ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    void negotiatesEachProtocolVersionAndServesListsAndCallsAtIt(String version) {
        SdkClient client = gateway.client("version-" + version);
        JsonNode init = client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults().withProtocolVersion(version).withTrace()).result();

        assertThat(init.path("protocolVersion").asString()).isEqualTo(version);
        assertThat(client.sentMessages().getFirst().path("params").path("protocolVersion").asString()).isEqualTo(version);
        assertThat(init.path("serverInfo").path("name").asString()).isEqualTo("mcp-gateway");
        assertThat(init.path("sessionId").asString()).isNotBlank();
        assertThat(init.path("serverCapabilities").path("tools").isObject()).isTrue();
        assertThat(names(client.listTools().result().path("tools"))).contains("everything__echo");
        assertThat(firstText(client.callTool("everything__echo", "{\"message\":\"at " + version + "\"}").result())).isEqualTo("Echo: at " + version);
        assertThat(firstText(client.callTool("everythingHttp__get-sum", "{\"a\":40,\"b\":2}").result())).contains("42");
    }

    // ---- 2. tools/list ----

    @Test
    void listsEveryToolOfEveryBackendAcrossPagesWithPrefixedNames() {
        SdkClient client = connect("list-tools");
        SdkClient direct = gateway.directEverything();

        JsonNode firstPage = client.listTools().result();
        JsonNode all = client.listAllTools().result();

        List<String> names = names(all.path("tools"));
        assertThat(firstPage.path("tools").size()).isEqualTo(100); // the gateway's page size
        assertThat(firstPage.path("nextCursor").asString()).isNotBlank();
        assertThat(all.path("pages").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(names).doesNotHaveDuplicates()
                .contains("everything__echo", "everythingHttp__echo", "files__read_text_file", "memory__read_graph", "raw__echo_raw", "raw__filler_080")
                .allSatisfy(name -> assertThat(BACKENDS).contains(name.substring(0, name.indexOf("__"))));
        // exactly the tools each backend offers to a client with the gateway's capabilities, none lost across pages
        List<String> everythingTools = names(direct.listAllTools().result().path("tools"));
        assertThat(withoutPrefix(names, "everything")).containsExactlyInAnyOrderElementsOf(everythingTools);
        assertThat(withoutPrefix(names, "everythingHttp")).containsExactlyInAnyOrderElementsOf(everythingTools);
        assertThat(withoutPrefix(names, "raw")).hasSize(2 + RAW_FILLER_TOOLS);
        assertThat(withoutPrefix(names, "files")).hasSize(14).contains("read_text_file", "list_allowed_directories");
        assertThat(withoutPrefix(names, "memory")).hasSize(9).contains("read_graph", "create_entities");
        // a tool definition is forwarded unchanged apart from its name
        JsonNode echo = toolNamed(all, "everything__echo");
        JsonNode directEcho = toolNamed(direct.listAllTools().result(), "echo");
        assertThat(((ObjectNode) echo.deepCopy()).put("name", "echo")).isEqualTo(directEcho);
    }

    private static List<String> withoutPrefix(List<String> names, String backend) {
        return names.stream().filter(n -> n.startsWith(backend + "__")).map(n -> n.substring(backend.length() + 2)).toList();
    }

    private static JsonNode toolNamed(JsonNode listResult, String name) {
        return listResult.path("tools").valueStream().filter(t -> t.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name));
    }

    // ---- 3. tool calls equal direct calls ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void toolResultsEqualWhatServerEverythingReturnsDirectly(String backend) {
        SdkClient client = connect("calls-" + backend);
        SdkClient direct = gateway.directEverything();
        client.listAllTools().result(); // the client caches every output schema, so the SDK validates structuredContent
        direct.listAllTools().result();

        Map<String, String> calls = Map.of(
                "echo", "{\"message\":\"through the gateway\"}",
                "get-sum", "{\"a\":2.5,\"b\":-7}",
                "get-structured-content", "{\"location\":\"Chicago\"}",
                "get-tiny-image", "{}");
        for (var call : calls.entrySet()) {
            JsonNode viaGateway = client.callTool(backend + "__" + call.getKey(), call.getValue()).result();
            JsonNode directly = direct.callTool(call.getKey(), call.getValue()).result();
            assertThat(viaGateway).as(call.getKey()).isEqualTo(directly);
            assertThat(viaGateway.path("isError").asBoolean(false)).as(call.getKey()).isFalse();
        }
        JsonNode weather = client.callTool(backend + "__get-structured-content", "{\"location\":\"Los Angeles\"}").result();
        assertThat(weather.path("structuredContent").path("temperature").asInt()).isEqualTo(73);
        JsonNode image = client.callTool(backend + "__get-tiny-image", "{}").result();
        assertThat(image.path("content").valueStream()).anySatisfy(c -> {
            assertThat(c.path("type").asString()).isEqualTo("image");
            assertThat(c.path("mimeType").asString()).isEqualTo("image/png");
            assertThat(c.path("data").asString()).startsWith("iVBORw0KGgo"); // PNG signature, base64
        });
    }

    @Test
    void callsFilesystemAndMemoryTools() {
        SdkClient client = connect("files-memory");
        client.listAllTools().result();

        JsonNode read = client.callTool("files__read_text_file", Json.object().put("path", gateway.filesRoot().resolve("hello.txt").toString())).result();
        assertThat(firstText(read)).isEqualTo("hello from the gateway test\n");

        client.callTool("memory__create_entities", Json.parse("""
                {"entities":[{"name":"Gateway","entityType":"software","observations":["routes MCP messages"]}]}
                """)).result();
        JsonNode graph = client.callTool("memory__read_graph", "{}").result();
        assertThat(graph.path("structuredContent").path("entities").valueStream().map(e -> e.path("name").asString())).contains("Gateway");
    }

    // ---- 4. resources, prompts, completion ----

    @Test
    void listsAndReadsStaticAndTemplatedResourcesLikeTheServerDoes() {
        SdkClient client = connect("resources");
        SdkClient direct = gateway.directEverything();

        List<String> uris = client.listAllResources().result().path("resources").valueStream().map(r -> r.path("uri").asString()).toList();
        assertThat(uris).doesNotHaveDuplicates().contains("demo://resource/static/document/features.md", "demo://resource/static/document/architecture.md");
        List<String> templates = client.listAllResourceTemplates().result().path("resourceTemplates").valueStream()
                .map(t -> t.path("uriTemplate").asString()).toList();
        assertThat(templates).contains("demo://resource/dynamic/text/{resourceId}", "demo://resource/dynamic/blob/{resourceId}");

        for (String uri : List.of("demo://resource/static/document/features.md", "demo://resource/dynamic/text/1")) {
            JsonNode read = client.readResource(uri).result();
            assertThat(read.path("contents").path(0).path("uri").asString()).isEqualTo(uri);
            assertThat(read.path("contents").path(0).path("text").asString()).isNotEmpty();
            if (uri.contains("static")) {
                assertThat(read).isEqualTo(direct.readResource(uri).result());
            }
        }
    }

    @Test
    void getsPromptsWithArgumentsAndCompletesPromptArguments() {
        SdkClient client = connect("prompts");
        SdkClient direct = gateway.directEverything();

        List<String> prompts = names(client.listAllPrompts().result().path("prompts"));
        assertThat(prompts).contains("everything__simple-prompt", "everything__args-prompt", "everything__completable-prompt",
                "everythingHttp__args-prompt");

        Map<String, String> args = Map.of("city", "Paris", "state", "Texas");
        JsonNode prompt = client.getPrompt("everything__args-prompt", args).result();
        assertThat(prompt).isEqualTo(direct.getPrompt("args-prompt", args).result());
        assertThat(prompt.path("messages").path(0).path("content").path("text").asString()).contains("Paris").contains("Texas");

        JsonNode completion = client.complete(Json.parse("{\"type\":\"ref/prompt\",\"name\":\"everything__completable-prompt\"}"), "department", "Eng").result();
        assertThat(completion.path("completion").path("values").valueStream().map(JsonNode::asString)).containsExactly("Engineering");

        // a completion that depends on another argument (context), and one for a resource template
        JsonNode withContext = Json.parse("""
                {"ref":{"type":"ref/prompt","name":"everything__completable-prompt"},"argument":{"name":"name","value":"A"},
                 "context":{"arguments":{"department":"Engineering"}}}""");
        JsonNode directContext = ((ObjectNode) withContext.deepCopy()).set("ref", Json.parse("{\"type\":\"ref/prompt\",\"name\":\"completable-prompt\"}"));
        assertThat(client.request("completion/complete", withContext).result()).isEqualTo(direct.request("completion/complete", directContext).result());
        assertThat(client.request("completion/complete", withContext).result().path("completion").path("values").valueStream().map(JsonNode::asString))
                .containsExactly("Alice");
        JsonNode template = Json.parse("""
                {"ref":{"type":"ref/resource","uri":"demo://resource/dynamic/text/{resourceId}"},"argument":{"name":"resourceId","value":"1"}}""");
        assertThat(client.request("completion/complete", template).result()).isEqualTo(direct.request("completion/complete", template).result());
    }

    // ---- 5. progress ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void relaysProgressWithTheClientsOwnToken(String backend) {
        SdkClient client = gateway.connect("progress-" + backend, ConnectOptions.defaults().withTrace());

        CommandFuture call = client.callTool(backend + "__trigger-long-running-operation", Json.parse("{\"duration\":1,\"steps\":3}"),
                RequestOptions.defaults().withProgress());

        assertThat(firstText(call.result())).contains("Long running operation completed");
        JsonNode token = client.sentMessages().stream().filter(m -> m.path("method").asString().equals("tools/call")).findFirst().orElseThrow()
                .path("params").path("_meta").path("progressToken");
        List<JsonNode> progress = client.notifications("notifications/progress");
        assertThat(progress).hasSize(3).allSatisfy(n -> {
            assertThat(n.path("params").path("progressToken")).isEqualTo(token);
            assertThat(n.path("params").path("total").asInt()).isEqualTo(3);
        });
        assertThat(progress).extracting(n -> n.path("params").path("progress").asInt()).containsExactly(1, 2, 3);
        assertThat(client.progressOf(call)).isNotEmpty();
    }

    // ---- 6. cancellation ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void cancellingALongRunningCallEndsItAndTheSessionKeepsWorking(String backend) {
        SdkClient client = gateway.connect("cancel-" + backend, ConnectOptions.defaults().withTrace());

        CommandFuture call = client.callTool(backend + "__trigger-long-running-operation", Json.parse("{\"duration\":20,\"steps\":20}"),
                RequestOptions.defaults().withProgress().withCancelAfter(Duration.ofMillis(500), "user pressed stop"));

        SdkCommandException failure = call.failure();
        assertThat(failure.name()).isEqualTo("AbortError");
        JsonNode requestId = client.requestIdsOf(call).getFirst();
        assertThat(client.sentMessages()).anySatisfy(m -> {
            assertThat(m.path("method").asString()).isEqualTo("notifications/cancelled");
            assertThat(m.path("params").path("requestId")).isEqualTo(requestId);
        });
        // the cancelled call's response never comes, and the session and backend keep working
        assertThat(firstText(client.callTool(backend + "__echo", "{\"message\":\"still here\"}").result())).isEqualTo("Echo: still here");
        assertThat(client.receivedMessages()).noneMatch(m -> m.path("id").equals(requestId));
    }

    @Test
    void relaysTheClientsCancellationToTheBackendWithTheBackendsRequestId() {
        SdkClient client = connect("cancel-raw");

        CommandFuture call = client.callTool("raw__wait_for_cancel", Json.object());
        String waiting = gateway.gateway().awaitStderr(l -> l.contains("[raw] echo-raw-server: waiting for the cancellation of request"), WAIT);
        String upstreamId = waiting.substring(waiting.lastIndexOf(' ') + 1);
        client.cancel(call, "no longer needed").result();

        assertThat(call.failure().name()).isEqualTo("AbortError");
        gateway.gateway().awaitStderr(l -> l.contains("[raw] echo-raw-server: cancelled request " + upstreamId + " reason \"no longer needed\""), WAIT);
        assertThat(firstText(client.callTool("raw__filler_001", "{}").result())).isEqualTo("filler_001 called");
    }

    // ---- 7. sampling and elicitation ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void theClientAnswersABackendsSamplingRequestThroughTheGateway(String backend) {
        SdkClient client = gateway.client("sampling-" + backend);
        client.setHandler("sampling/createMessage", Json.parse(SAMPLING_ANSWER.formatted("canned answer"))).result();
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();

        JsonNode result = client.callTool(backend + "__trigger-sampling-request", "{\"prompt\":\"hello\",\"maxTokens\":20}").result();

        assertThat(firstText(result)).contains("canned answer").contains("test-model");
        JsonNode request = client.awaitRequest("sampling/createMessage", WAIT);
        assertThat(request.path("params").path("maxTokens").asInt()).isEqualTo(20);
        assertThat(request.path("params").path("messages").path(0).path("content").path("text").asString())
                .isEqualTo("Resource trigger-sampling-request context: hello");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void theClientAnswersABackendsElicitationRequestThroughTheGateway(String backend) {
        SdkClient client = gateway.client("elicitation-" + backend);
        client.setHandler("elicitation/create", Json.parse("""
                {"action":"accept","content":{"name":"Ada Lovelace","check":true,"integer":7}}
                """)).result();
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();

        JsonNode result = client.callTool(backend + "__trigger-elicitation-request", Json.object()).result();

        JsonNode request = client.awaitRequest("elicitation/create", WAIT);
        assertThat(request.path("params").path("requestedSchema").path("properties").has("name")).isTrue();
        assertThat(result.path("content").toString()).contains("Ada Lovelace");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void urlElicitationReachesTheClientAsAnErrorAndAsARequest(String backend) {
        SdkClient client = gateway.client("url-elicitation-" + backend);
        client.setHandler("elicitation/create", Json.parse("{\"action\":\"accept\"}")).result();
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
        JsonNode arguments = Json.parse("{\"url\":\"https://example.com/authorize\",\"errorPath\":true}");

        // error path: the backend's JSON-RPC error -32042 comes through with its data
        SdkCommandException required = client.callTool(backend + "__trigger-url-elicitation", arguments).failure();
        assertThat(required.code()).isEqualTo(-32042);
        assertThat(required.data().path("elicitations").path(0).path("mode").asString()).isEqualTo("url");
        assertThat(required.data().path("elicitations").path(0).path("url").asString()).isEqualTo("https://modelcontextprotocol.io");
        assertThat(required.data().path("elicitations").path(0).path("elicitationId").asString()).isNotBlank();

        // request path: the retry sends elicitation/create in URL mode, which the client accepts
        JsonNode result = client.callTool(backend + "__trigger-url-elicitation", arguments).result();
        JsonNode request = client.awaitRequest("elicitation/create", WAIT);
        assertThat(request.path("params").path("mode").asString()).isEqualTo("url");
        assertThat(request.path("params").path("url").asString()).isEqualTo("https://example.com/authorize");
        assertThat(firstText(result)).contains("User completed the URL elicitation flow");
    }

    @Test
    void aClientWithoutTheSamplingCapabilityGetsNoSamplingRequest() {
        SdkClient client = connect("no-sampling");

        JsonNode result = client.callTool("everythingHttp__trigger-sampling-request", "{\"prompt\":\"hello\"}").result();

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").toString()).contains("sampling");
        assertThat(client.requests()).isEmpty();
    }

    // ---- 8. logging ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void logMessagesReachTheClientAfterItSetsTheLevel(String backend) {
        SdkClient client = connect("logging-" + backend);
        assertThat(client.setLoggingLevel("debug").result().isEmpty()).isTrue();

        client.callTool(backend + "__toggle-simulated-logging", "{}").result();
        try {
            JsonNode message = client.awaitNotification("notifications/message", p -> p.path("data").asString().matches("(?i).*level.message.*"), WAIT);
            assertThat(message.path("params").path("level").asString()).isIn("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");
        } finally {
            client.callTool(backend + "__toggle-simulated-logging", "{}").result();
        }
    }

    // ---- 9. list_changed ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void aBackendsResourceListChangeReachesTheClientAndTheNewResourceIsListed(String backend) {
        SdkClient client = connect("list-changed-" + backend);
        String name = "hello-" + System.nanoTime() + ".txt.gz";
        String uri = "demo://resource/session/" + name;
        assertThat(client.listAllResources().result().path("resources").valueStream().map(r -> r.path("uri").asString())).doesNotContain(uri);

        client.callTool(backend + "__gzip-file-as-resource", Json.object().put("name", name).put("data", "data:text/plain;base64,aGVsbG8=")
                .put("outputType", "resourceLink")).result();

        client.awaitNotification("notifications/resources/list_changed", WAIT);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(client.listAllResources().result().path("resources").valueStream().map(r -> r.path("uri").asString())).contains(uri));
        assertThat(client.readResource(uri).result().path("contents").path(0).path("blob").asString()).isNotEmpty();
    }

    // ---- 10. subscriptions ----

    /**
     * server-everything over stdio owns the static documents (it is listed first); the one over
     * HTTP is given resources of its own with gzip-file-as-resource, so its updates come over the
     * upstream GET stream.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void resourceUpdatesReachOnlyTheClientsSubscribedToThatResource(String backend) {
        SdkClient a = connect("subscriber-a-" + backend);
        SdkClient b = connect("subscriber-b-" + backend);
        SdkClient bystander = connect("bystander-" + backend);
        String first = "demo://resource/static/document/architecture.md";
        String second = "demo://resource/static/document/features.md";
        if (backend.equals("everythingHttp")) {
            first = gzipResource(a, backend);
            second = gzipResource(a, backend);
        }
        String uriOfA = first;
        String uriOfB = second;
        assertThat(a.subscribe(uriOfA).result().isEmpty()).isTrue();
        assertThat(b.subscribe(uriOfB).result().isEmpty()).isTrue();

        a.callTool(backend + "__toggle-subscriber-updates", "{}").result();
        try {
            a.awaitNotification("notifications/resources/updated", p -> p.path("uri").asString().equals(uriOfA), WAIT);
            b.awaitNotification("notifications/resources/updated", p -> p.path("uri").asString().equals(uriOfB), WAIT);
        } finally {
            a.callTool(backend + "__toggle-subscriber-updates", "{}").result();
        }
        a.unsubscribe(uriOfA).result();
        b.unsubscribe(uriOfB).result();

        assertThat(a.notifications("notifications/resources/updated")).allSatisfy(n -> assertThat(n.path("params").path("uri").asString()).isEqualTo(uriOfA));
        assertThat(b.notifications("notifications/resources/updated")).allSatisfy(n -> assertThat(n.path("params").path("uri").asString()).isEqualTo(uriOfB));
        assertThat(bystander.notifications("notifications/resources/updated")).isEmpty();
    }

    /** Creates a session resource on {@code backend} and waits until the gateway lists it; returns its URI. */
    private static String gzipResource(SdkClient client, String backend) {
        String name = backend + "-" + System.nanoTime() + ".txt.gz";
        client.callTool(backend + "__gzip-file-as-resource", Json.object().put("name", name).put("data", "data:text/plain;base64,aGVsbG8=")
                .put("outputType", "resourceLink")).result();
        String uri = "demo://resource/session/" + name;
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(client.listAllResources().result().path("resources").valueStream().map(r -> r.path("uri").asString())).contains(uri));
        return uri;
    }

    // ---- 11. byte-faithful forwarding ----

    @Test
    void argumentsReachTheBackendAndResultsReachTheClientByteForByte() {
        SdkClient client = connect("bytes");
        String arguments = "{\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890,"
                + "\"nested\":{\"unknown_key\":{\"deeper\":[1.0,-0.0,2E+3],\"text\":\"caf\\u00e9 \\\"q\\\"\"}},\"spaced\" : [ 1 , 2 ]}";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"raw-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"raw__echo_raw\",\"arguments\":" + arguments + "}}";

        JsonNode response = client.rawHttp("POST", Map.of("content-type", "application/json", "accept", "application/json, text/event-stream"), body).result();

        assertThat(response.path("status").asInt()).isEqualTo(200);
        List<String> messages = HttpGatewayFixture.messagesIn(response);
        String reply = messages.stream().filter(m -> m.contains("\"id\":\"raw-1\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to raw-1 in " + response));
        assertThat(Json.parse(reply).path("result").path("content").path(0).path("text").asString()).as("what the backend received").isEqualTo(arguments);
        assertThat(reply).as("unknown result fields, as the backend wrote them")
                .contains("\"x-raw-extension\":{\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890,\"nested\":{\"unknown\":[true,null,-0.0,2E+3]}}")
                .contains("\"x-raw-item\":{\"precise\":0.30000000000000000001}");
    }

    @Test
    void unknownResultFieldsSurviveToTheSdkClient() {
        SdkClient client = connect("unknown-fields");

        JsonNode result = client.callTool("raw__echo_raw", "{\"a\":{\"unknown\":{\"k\":1}}}").result();

        assertThat(firstText(result)).isEqualTo("{\"a\":{\"unknown\":{\"k\":1}}}");
        assertThat(result.has("x-raw-extension")).isTrue();
        assertThat(result.path("x-raw-extension").path("nested").path("unknown").size()).isEqualTo(4);
        // (the SDK's content-block schemas drop unknown members of a block, so x-raw-item is checked on the wire above)
    }

    // ---- 12. two clients at once ----

    @Test
    void twoClientsAtOnceSeeOnlyTheirOwnProgressAndSamplingRequests() {
        SdkClient a = gateway.client("concurrent-a");
        SdkClient b = gateway.client("concurrent-b");
        a.setHandler("sampling/createMessage", Json.parse(SAMPLING_ANSWER.formatted("answer of a")), Duration.ofMillis(300)).result();
        b.setHandler("sampling/createMessage", Json.parse(SAMPLING_ANSWER.formatted("answer of b")), Duration.ofMillis(300)).result();
        a.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
        b.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
        JsonNode longRun = Json.parse("{\"duration\":1,\"steps\":3}");

        CommandFuture aStdio = a.callTool("everything__trigger-long-running-operation", longRun, RequestOptions.defaults().withProgress());
        CommandFuture bStdio = b.callTool("everything__trigger-long-running-operation", longRun, RequestOptions.defaults().withProgress());
        CommandFuture aHttp = a.callTool("everythingHttp__trigger-long-running-operation", longRun, RequestOptions.defaults().withProgress());
        CommandFuture bHttp = b.callTool("everythingHttp__trigger-long-running-operation", longRun, RequestOptions.defaults().withProgress());
        CommandFuture aSampling = a.callTool("everythingHttp__trigger-sampling-request", "{\"prompt\":\"from a\"}");
        CommandFuture bSampling = b.callTool("everythingHttp__trigger-sampling-request", "{\"prompt\":\"from b\"}");

        assertThat(firstText(aSampling.result())).contains("answer of a").doesNotContain("answer of b");
        assertThat(firstText(bSampling.result())).contains("answer of b").doesNotContain("answer of a");
        for (CommandFuture call : List.of(aStdio, bStdio, aHttp, bHttp)) {
            assertThat(firstText(call.result())).contains("Long running operation completed");
        }
        record Calls(SdkClient client, CommandFuture stdio, CommandFuture http) {}
        for (Calls calls : List.of(new Calls(a, aStdio, aHttp), new Calls(b, bStdio, bHttp))) {
            SdkClient client = calls.client();
            List<JsonNode> stdio = client.progressNotificationsOf(calls.stdio());
            List<JsonNode> http = client.progressNotificationsOf(calls.http());
            assertThat(client.notifications("notifications/progress")).as("progress seen by %s", client.name()).hasSize(6);
            assertThat(stdio).as("progress of %s's stdio call", client.name()).hasSize(3);
            assertThat(http).as("progress of %s's http call", client.name()).hasSize(3);
            Set<JsonNode> tokens = new HashSet<>();
            stdio.forEach(n -> tokens.add(n.path("params").path("progressToken")));
            http.forEach(n -> tokens.add(n.path("params").path("progressToken")));
            assertThat(tokens).as("own tokens of %s", client.name()).hasSize(2);
        }
        assertThat(a.requests("sampling/createMessage")).singleElement().satisfies(r ->
                assertThat(r.path("params").path("messages").path(0).path("content").path("text").asString()).endsWith("from a"));
        assertThat(b.requests("sampling/createMessage")).singleElement().satisfies(r ->
                assertThat(r.path("params").path("messages").path(0).path("content").path("text").asString()).endsWith("from b"));
    }

    @Test
    void aSamplingRequestOnASharedStdioSessionWithTwoCallsInFlightIsRefusedWithAClearError() {
        SdkClient a = gateway.client("unattributable-a");
        SdkClient b = gateway.client("unattributable-b");
        a.setHandler("sampling/createMessage", Json.parse(SAMPLING_ANSWER.formatted("answer of a"))).result();
        b.setHandler("sampling/createMessage", Json.parse(SAMPLING_ANSWER.formatted("answer of b"))).result();
        a.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
        b.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
        CommandFuture busy = b.callTool("everything__trigger-long-running-operation", Json.parse("{\"duration\":3,\"steps\":3}"),
                RequestOptions.defaults().withProgress());
        b.awaitNotification("notifications/progress", WAIT);

        // stdout of a stdio server does not say which call a sampling request belongs to, and two are in flight
        JsonNode refused = a.callTool("everything__trigger-sampling-request", "{\"prompt\":\"whose?\"}").result();

        assertThat(refused.path("isError").asBoolean()).isTrue();
        assertThat(refused.path("content").toString()).contains("session_mode: per_client");
        assertThat(a.requests()).isEmpty();
        assertThat(firstText(busy.result())).contains("Long running operation completed");
        assertThat(b.requests()).isEmpty();
    }

    // ---- 13. transport rules ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
    void passesEveryStreamableHttpTransportRule(String version) {
        List<StreamableHttpRules.Result> results = StreamableHttpRules.against(gateway.mcpUrl()).protocolVersion(version).run();

        results.forEach(r -> System.err.println("[http-rules " + version + "] " + r));
        assertThat(results).extracting(StreamableHttpRules.Result::check).containsExactly(StreamableHttpRules.Check.values());
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
    }
}
