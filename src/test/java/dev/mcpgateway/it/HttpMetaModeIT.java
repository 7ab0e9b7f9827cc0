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
import dev.mcpgateway.it.support.HttpGatewayFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The gateway in meta mode (the default) in front of real reference servers, over Streamable
 * HTTP with the official SDK client: the four {@code gateway_*} tools plus two pinned tools
 * ({@code surfaced_tools}), calls through {@code gateway_invoke}, and a server-everything backend
 * in {@code session_mode: per_client} ({@code mine}) that sees each client's own roots.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpMetaModeIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> META_TOOLS = List.of("gateway_list_servers", "gateway_list_tools", "gateway_search_tools", "gateway_invoke");

    private static HttpGatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = HttpGatewayFixture.builder()
                .surfacedTool("everything/echo")
                .surfacedTool("files/read_text_file")
                .everythingStdio("everything")
                .everythingHttp("everythingHttp")
                .filesystem("files")
                .echoRaw("raw", 0)
                .everythingPerClient("mine")
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

    private static ObjectNode invocation(String server, String tool, JsonNode arguments) {
        ObjectNode args = Json.object().put("server", server).put("tool", tool);
        args.set("arguments", arguments);
        return args;
    }

    private static JsonNode invoke(SdkClient client, String server, String tool, String arguments) {
        return client.callTool("gateway_invoke", invocation(server, tool, Json.parse(arguments))).result();
    }

    // ---- 2. tools/list in meta mode ----

    @Test
    void listsTheFourGatewayToolsAndThePinnedOnes() {
        SdkClient client = gateway.connect("meta-list", ConnectOptions.defaults());

        JsonNode all = client.listAllTools().result();

        assertThat(all.path("pages").asInt()).isEqualTo(1);
        assertThat(names(all.path("tools"))).containsExactly("gateway_list_servers", "gateway_list_tools", "gateway_search_tools", "gateway_invoke",
                "everything__echo", "files__read_text_file");
        assertThat(all.path("tools").valueStream().filter(t -> META_TOOLS.contains(t.path("name").asString())))
                .allSatisfy(t -> {
                    assertThat(t.path("description").asString()).isNotBlank();
                    assertThat(t.path("inputSchema").path("type").asString()).isEqualTo("object");
                });
        assertThat(firstText(client.callTool("everything__echo", "{\"message\":\"pinned\"}").result())).isEqualTo("Echo: pinned");
        assertThat(firstText(client.callTool("files__read_text_file", Json.object().put("path", gateway.filesRoot().resolve("hello.txt").toString())).result()))
                .isEqualTo("hello from the gateway test\n");
    }

    @Test
    void theMetaToolsDescribeEveryBackendAndFindItsTools() {
        SdkClient client = gateway.connect("meta-discover", ConnectOptions.defaults());

        JsonNode servers = client.callTool("gateway_list_servers", Json.object()).result().path("structuredContent").path("servers");
        assertThat(names(servers)).containsExactly("everything", "everythingHttp", "files", "raw", "mine");
        assertThat(servers.valueStream().map(s -> s.path("status").asString())).containsOnly("ready");

        JsonNode files = client.callTool("gateway_list_tools", Json.object().put("server", "files")).result().path("structuredContent");
        assertThat(names(files.path("tools"))).hasSize(14).contains("read_text_file", "list_allowed_directories");

        JsonNode matches = client.callTool("gateway_search_tools", Json.object().put("query", "read text file")).result()
                .path("structuredContent").path("matches");
        assertThat(matches.path(0).path("server").asString()).isEqualTo("files");
        assertThat(matches.path(0).path("tool").path("name").asString()).isEqualTo("read_text_file");
    }

    // ---- 3. calls through gateway_invoke equal direct calls ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"everything", "everythingHttp"})
    void gatewayInvokeReturnsWhatServerEverythingReturnsDirectly(String backend) {
        SdkClient client = gateway.connect("invoke-" + backend, ConnectOptions.defaults());
        SdkClient direct = gateway.directEverything();
        client.listAllTools().result();
        direct.listAllTools().result();

        Map<String, String> calls = Map.of(
                "echo", "{\"message\":\"through gateway_invoke\"}",
                "get-sum", "{\"a\":19,\"b\":23}",
                "get-structured-content", "{\"location\":\"New York\"}",
                "get-tiny-image", "{}");
        for (var call : calls.entrySet()) {
            JsonNode viaGateway = invoke(client, backend, call.getKey(), call.getValue());
            assertThat(viaGateway).as(call.getKey()).isEqualTo(direct.callTool(call.getKey(), call.getValue()).result());
        }
        assertThat(invoke(client, backend, "get-structured-content", "{\"location\":\"New York\"}").path("structuredContent").path("conditions").asString())
                .isEqualTo("Cloudy");
    }

    @Test
    void gatewayInvokeRelaysProgressWithTheClientsOwnToken() {
        SdkClient client = gateway.connect("invoke-progress", ConnectOptions.defaults());

        CommandFuture call = client.callTool("gateway_invoke", invocation("everythingHttp", "trigger-long-running-operation",
                Json.parse("{\"duration\":1,\"steps\":3}")), RequestOptions.defaults().withProgress());

        assertThat(firstText(call.result())).contains("Long running operation completed");
        JsonNode token = client.requestIdsOf(call).getFirst();
        assertThat(client.notifications("notifications/progress")).hasSize(3)
                .allSatisfy(n -> assertThat(n.path("params").path("progressToken")).isEqualTo(token));
    }

    // ---- 11. byte-faithful through gateway_invoke ----

    @Test
    void gatewayInvokeForwardsArgumentsAndResultsByteForByte() {
        SdkClient client = gateway.connect("invoke-bytes", ConnectOptions.defaults());
        String arguments = "{\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890,\"nested\":{\"unknown_key\":{\"x\" : [1.0,-0.0]}}}";
        Map<String, String> headers = Map.of("content-type", "application/json", "accept", "application/json, text/event-stream");
        String asTool = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"gateway_invoke\","
                + "\"arguments\":{\"server\":\"raw\",\"tool\":\"echo_raw\",\"arguments\":" + arguments + "}}}";
        String asMethod = "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"gateway_invoke\",\"params\":{\"server\":\"raw\",\"tool\":\"echo_raw\",\"arguments\":"
                + arguments + "}}";

        for (String body : List.of(asTool, asMethod)) {
            JsonNode response = client.rawHttp("POST", headers, body).result();

            assertThat(response.path("status").asInt()).isEqualTo(200);
            String reply = HttpGatewayFixture.messagesIn(response).stream().filter(m -> m.contains("\"result\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no result in " + response));
            assertThat(Json.parse(reply).path("result").path("content").path(0).path("text").asString()).isEqualTo(arguments);
            assertThat(reply).contains("\"x-raw-extension\":{\"price\":1.10,\"huge\":1e400,\"big\":123456789012345678901234567890,");
        }
    }

    // ---- 7. roots (and sampling) through a per_client backend ----

    private static SdkClient connectWithRoots(String name, List<String> roots) {
        SdkClient client = gateway.client(name);
        client.setRoots(roots).result();
        client.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults().withRoots(true)).result();
        awaitPerClientTool(client, "get-roots-list");
        return client;
    }

    /** server-everything registers capability-dependent tools after initialized, so they appear a moment after connecting. */
    private static void awaitPerClientTool(SdkClient client, String tool) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(names(client.callTool("gateway_list_tools",
                Json.object().put("server", "mine")).result().path("structuredContent").path("tools"))).contains(tool));
    }

    @Test
    void eachClientsOwnRootsReachItsPerClientBackend() {
        SdkClient a = connectWithRoots("roots-a", List.of("file:///tmp/project-a"));
        SdkClient b = connectWithRoots("roots-b", List.of("file:///tmp/project-b", "file:///tmp/project-c"));

        String rootsOfA = firstText(invoke(a, "mine", "get-roots-list", "{}"));
        String rootsOfB = firstText(invoke(b, "mine", "get-roots-list", "{}"));

        assertThat(rootsOfA).contains("(1 total)").contains("file:///tmp/project-a").doesNotContain("project-b");
        assertThat(rootsOfB).contains("(2 total)").contains("file:///tmp/project-b").contains("file:///tmp/project-c").doesNotContain("project-a");
        assertThat(a.requests("roots/list")).isNotEmpty();
        assertThat(b.requests("roots/list")).isNotEmpty();
    }

    @Test
    void aRootsChangeOfTheClientReachesItsPerClientBackend() {
        SdkClient client = connectWithRoots("roots-change", List.of("file:///tmp/before"));
        assertThat(firstText(invoke(client, "mine", "get-roots-list", "{}"))).contains("file:///tmp/before");
        int asked = client.requests("roots/list").size();

        client.setRoots(List.of("file:///tmp/after-1", "file:///tmp/after-2")).result();
        client.sendRootsListChanged().result();

        await().atMost(WAIT).untilAsserted(() -> assertThat(client.requests("roots/list")).hasSizeGreaterThan(asked));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(firstText(invoke(client, "mine", "get-roots-list", "{}"))).contains("(2 total)").contains("file:///tmp/after-2"));
    }

    @Test
    void sharedSessionsDoNotDeclareRootsSoOnlyThePerClientBackendOffersTheRootsTool() {
        SdkClient client = connectWithRoots("roots-shared", List.of("file:///tmp/x"));

        JsonNode shared = client.callTool("gateway_list_tools", Json.object().put("server", "everything")).result().path("structuredContent");

        assertThat(names(shared.path("tools"))).doesNotContain("get-roots-list").contains("trigger-sampling-request", "trigger-elicitation-request");
    }

    @Test
    void aPerClientStdioBackendRoutesConcurrentSamplingRequestsToTheirOwnClients() {
        SdkClient a = gateway.client("per-client-sampling-a");
        SdkClient b = gateway.client("per-client-sampling-b");
        String answer = "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"%s\"},\"model\":\"m\"}";
        a.setHandler("sampling/createMessage", Json.parse(answer.formatted("answer of a")), Duration.ofMillis(300)).result();
        b.setHandler("sampling/createMessage", Json.parse(answer.formatted("answer of b")), Duration.ofMillis(300)).result();
        a.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults().withSampling()).result();
        b.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults().withSampling()).result();
        awaitPerClientTool(a, "trigger-sampling-request");
        awaitPerClientTool(b, "trigger-sampling-request");

        CommandFuture ofA = a.callTool("gateway_invoke", invocation("mine", "trigger-sampling-request", Json.parse("{\"prompt\":\"from a\"}")));
        CommandFuture ofB = b.callTool("gateway_invoke", invocation("mine", "trigger-sampling-request", Json.parse("{\"prompt\":\"from b\"}")));

        assertThat(firstText(ofA.result())).contains("answer of a");
        assertThat(firstText(ofB.result())).contains("answer of b");
        assertThat(a.requests("sampling/createMessage")).singleElement()
                .satisfies(r -> assertThat(r.path("params").path("messages").path(0).path("content").path("text").asString()).endsWith("from a"));
        assertThat(b.requests("sampling/createMessage")).singleElement()
                .satisfies(r -> assertThat(r.path("params").path("messages").path(0).path("content").path("text").asString()).endsWith("from b"));
    }
}
