package dev.mcpgateway.routing;

import static dev.mcpgateway.testing.TestConfigs.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.GatewayConfig;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.config.SurfacedTool;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.testing.FakeBackends;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.TestClient;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final FakeBackends fakes = new FakeBackends();
    private final List<TestClient> clients = new ArrayList<>();
    private Gateway gateway;

    private final FakeMcpServer alpha = new FakeMcpServer("alpha")
            .echoTool("echo")
            .tool("{\"name\":\"write\",\"inputSchema\":{\"type\":\"object\"}}", call -> FakeMcpServer.textResult("written"))
            .prompt("{\"name\":\"greet\",\"arguments\":[{\"name\":\"who\"}]}")
            .resource("{\"uri\":\"mem://alpha/a\",\"name\":\"a\"}")
            .template("{\"uriTemplate\":\"mem://alpha/items/{id}\",\"name\":\"item\"}");
    private final FakeMcpServer beta = new FakeMcpServer("beta")
            .echoTool("echo")
            .echoTool("search_issues")
            .resource("{\"uri\":\"mem://beta/b\",\"name\":\"b\"}");

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    private void start(GatewayConfig config) throws Exception {
        gateway = Gateway.start(config, fakes, false);
        gateway.awaitStartup(Duration.ofSeconds(5));
    }

    private void startFlat() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(TestConfigs.flat(backend("alpha"), backend("beta")));
    }

    private TestClient client() {
        return client("{\"sampling\":{},\"roots\":{}}");
    }

    private TestClient client(String capabilities) {
        TestClient client = TestClient.connect(gateway.dispatcher(), gateway.sessions(), capabilities);
        clients.add(client);
        return client;
    }

    private static List<String> names(JsonRpcResponse response, String field) {
        return response.result().get(field).elements().stream().map(v -> v.getString("name")).toList();
    }

    // ---- flat mode ----

    @Test
    void flatToolsListMergesEveryBackendUnderItsPrefix() throws Exception {
        startFlat();
        JsonRpcResponse tools = client().request("tools/list", null);
        assertThat(names(tools, "tools")).containsExactly("alpha__echo", "alpha__write", "beta__echo", "beta__search_issues");
        assertThat(tools.result().get("nextCursor")).isNull();
    }

    @Test
    void renamingAToolKeepsEveryOtherMemberOfItsDefinition() throws Exception {
        startFlat();
        JsonValue echo = client().request("tools/list", null).result().get("tools").elements().getFirst();
        assertThat(echo.toString()).isEqualTo("{\"name\":\"alpha__echo\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true}}");
    }

    @Test
    void longListsArePagedWithTheGatewaysOwnCursors() throws Exception {
        FakeMcpServer many = new FakeMcpServer("many").pageSize(7);
        for (int i = 0; i < 130; i++) {
            many.echoTool(String.format("tool_%03d", i));
        }
        fakes.add("many", many);
        start(TestConfigs.flat(backend("many")));
        TestClient client = client();
        JsonRpcResponse first = client.request("tools/list", null);
        assertThat(first.result().get("tools").elements()).hasSize(100);
        String cursor = first.result().getString("nextCursor");
        assertThat(cursor).isNotBlank();
        JsonRpcResponse second = client.request("tools/list", "{\"cursor\":" + JsonValue.string(cursor) + "}");
        assertThat(second.result().get("tools").elements()).hasSize(30);
        assertThat(second.result().get("nextCursor")).isNull();
        assertThat(names(second, "tools").getLast()).isEqualTo("many__tool_129");
    }

    @Test
    void aCursorThatTheGatewayDidNotIssueIsInvalidParams() throws Exception {
        startFlat();
        TestClient client = client();
        assertThat(client.request("tools/list", "{\"cursor\":\"bogus\"}").errorCode()).isEqualTo(-32602);
        String promptsCursor = new Cursors().encode("prompts", 1);
        assertThat(client.request("tools/list", "{\"cursor\":\"" + promptsCursor + "\"}").errorCode()).isEqualTo(-32602);
    }

    @Test
    void toolCallsReachTheOwningBackendUnderItsOwnNameWithArgumentsByteForByte() throws Exception {
        startFlat();
        String args = "{\"x\":1.10,\"y\":1e400,\"big\":123456789012345678901234567890,\"unknown\":{\"k\":[1, 2]}}";
        JsonRpcResponse response = client().request("tools/call", "{\"name\":\"beta__echo\",\"arguments\":" + args + ",\"_meta\":{\"custom\":1}}");
        assertThat(response.isError()).isFalse();
        JsonRpcRequest received = beta.receivedRequests("tools/call").getFirst();
        assertThat(received.params().getString("name")).isEqualTo("echo");
        assertThat(received.params().get("arguments").toString()).isEqualTo(args);
        assertThat(received.params().get("_meta").toString()).isEqualTo("{\"custom\":1}");
        assertThat(alpha.receivedRequests("tools/call")).isEmpty();
    }

    @Test
    void resultsComeBackUnchangedWithTheClientsId() throws Exception {
        String result = "{\"content\":[{\"type\":\"text\",\"text\":\"t\"}],\"structuredContent\":{\"n\":1.10},\"isError\":false,\"_meta\":{\"x\":1},\"unknown\":[true]}";
        alpha.tool("{\"name\":\"exact\",\"inputSchema\":{\"type\":\"object\"}}", call -> JsonValue.parse(result));
        startFlat();
        JsonRpcResponse response = client().exchangeWithId(JsonValue.string("client-id-7"), "tools/call", "{\"name\":\"alpha__exact\"}").response();
        assertThat(response.id().toString()).isEqualTo("\"client-id-7\"");
        assertThat(response.result().toString()).isEqualTo(result);
    }

    @Test
    void anUnknownToolIsInvalidParamsWithSuggestions() throws Exception {
        startFlat();
        JsonRpcResponse response = client().request("tools/call", "{\"name\":\"echo\",\"arguments\":{}}");
        assertThat(response.errorCode()).isEqualTo(-32602);
        assertThat(response.errorMessage()).contains("Unknown tool: echo").contains("Did you mean").contains("alpha__echo");
    }

    @Test
    void anUnknownMethodIsMethodNotFound() throws Exception {
        startFlat();
        JsonRpcResponse response = client().request("tools/lst", null);
        assertThat(response.errorCode()).isEqualTo(-32601);
        assertThat(response.errorMessage()).contains("tools/list");
    }

    @Test
    void promptsAreRenamedAndRoutedBack() throws Exception {
        startFlat();
        TestClient client = client();
        assertThat(names(client.request("prompts/list", null), "prompts")).containsExactly("alpha__greet");
        JsonRpcResponse response = client.request("prompts/get", "{\"name\":\"alpha__greet\",\"arguments\":{\"who\":\"x\"}}");
        assertThat(response.result().toString()).contains("prompt greet from alpha");
        assertThat(alpha.receivedRequests("prompts/get").getFirst().params().getString("name")).isEqualTo("greet");
    }

    @Test
    void resourcesKeepTheirUrisAndAreReadFromTheirOwner() throws Exception {
        startFlat();
        TestClient client = client();
        JsonRpcResponse list = client.request("resources/list", null);
        assertThat(list.result().get("resources").elements()).extracting(v -> v.getString("uri")).containsExactly("mem://alpha/a", "mem://beta/b");
        assertThat(client.request("resources/read", "{\"uri\":\"mem://beta/b\"}").result().toString()).contains("from beta");
        assertThat(client.request("resources/read", "{\"uri\":\"mem://alpha/items/42\"}").result().toString()).contains("from alpha");
        assertThat(client.request("resources/read", "{\"uri\":\"mem://nowhere\"}").errorCode()).isEqualTo(-32002);
    }

    @Test
    void completionFollowsThePromptItIsFor() throws Exception {
        startFlat();
        JsonRpcResponse response = client().request("completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"alpha__greet\"},\"argument\":{\"name\":\"who\",\"value\":\"a\"}}");
        assertThat(response.result().toString()).contains("alpha");
        assertThat(alpha.receivedRequests("completion/complete").getFirst().params().get("ref").getString("name")).isEqualTo("greet");
    }

    @Test
    void manyClientsUsingTheSameRequestIdsAtOnceEachGetTheirOwnAnswers() throws Exception {
        startFlat();
        List<TestClient> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(client());
        }
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (int c = 0; c < many.size(); c++) {
            TestClient client = many.get(c);
            for (int r = 0; r < 25; r++) {
                String marker = "client-" + c + "-call-" + r;
                JsonValue id = JsonValue.number(r); // every client uses ids 0..24: the gateway must keep them apart
                checks.add(client.start(id, "tools/call", "{\"name\":\"alpha__echo\",\"arguments\":{\"m\":\"" + marker + "\"}}")
                        .thenAccept(exchange -> {
                            assertThat(exchange.response().id()).isEqualTo(id);
                            assertThat(exchange.response().result().toString()).contains(marker);
                        }));
            }
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(alpha.receivedRequests("tools/call")).hasSize(500)
                .extracting(r -> r.id().toString()).doesNotHaveDuplicates();
    }

    // ---- meta mode ----

    @Test
    void metaModeListsTheFourMetaToolsWithLiveCountsAndSurfacedTools() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(TestConfigs.gateway(true, List.of(new SurfacedTool("beta", "search_issues")), backend("alpha"), backend("beta")));
        JsonRpcResponse tools = client().request("tools/list", null);
        assertThat(names(tools, "tools")).containsExactly("gateway_list_servers", "gateway_list_tools", "gateway_search_tools", "gateway_invoke",
                "beta__search_issues");
        assertThat(tools.result().get("tools").elements().getFirst().getString("description")).contains("2 MCP servers").contains("4 tools");
        assertThat(tools.result().get("tools").elements().get(3).get("annotations").toString()).contains("\"readOnlyHint\":false");
    }

    @Test
    void gatewayInvokeReturnsTheBackendsResultUnchanged() throws Exception {
        String result = "{\"content\":[],\"structuredContent\":{\"v\":1.10},\"isError\":true,\"_meta\":{\"m\":1}}";
        alpha.tool("{\"name\":\"exact\",\"inputSchema\":{\"type\":\"object\"}}", call -> JsonValue.parse(result));
        fakes.add("alpha", alpha);
        start(TestConfigs.gateway(true, List.of(), backend("alpha")));
        JsonRpcResponse response = client().request("tools/call",
                "{\"name\":\"gateway_invoke\",\"arguments\":{\"server\":\"alpha\",\"tool\":\"exact\",\"arguments\":{\"a\":1e400}}}");
        assertThat(response.result().toString()).isEqualTo(result);
        assertThat(alpha.receivedRequests("tools/call").getFirst().params().get("arguments").toString()).isEqualTo("{\"a\":1e400}");
    }

    @Test
    void metaToolsSuggestCloseNamesForUnknownServersAndTools() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(TestConfigs.gateway(true, List.of(), backend("alpha"), backend("beta")));
        TestClient client = client();
        JsonRpcResponse badServer = client.request("tools/call", "{\"name\":\"gateway_invoke\",\"arguments\":{\"server\":\"alpah\",\"tool\":\"echo\"}}");
        assertThat(badServer.errorCode()).isEqualTo(-32602);
        assertThat(badServer.errorMessage()).contains("Did you mean: alpha");
        JsonRpcResponse badTool = client.request("tools/call", "{\"name\":\"gateway_invoke\",\"arguments\":{\"server\":\"beta\",\"tool\":\"serch_issues\"}}");
        assertThat(badTool.errorMessage()).contains("search_issues");
    }

    @Test
    void searchFindsToolsByNameWords() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(TestConfigs.gateway(true, List.of(), backend("alpha"), backend("beta")));
        JsonRpcResponse response = client().request("tools/call", "{\"name\":\"gateway_search_tools\",\"arguments\":{\"query\":\"search issues\"}}");
        JsonValue matches = response.result().get("structuredContent").get("matches");
        assertThat(matches.elements().getFirst().get("tool").getString("name")).isEqualTo("search_issues");
        assertThat(matches.elements().getFirst().getString("server")).isEqualTo("beta");
    }

    @Test
    void metaToolNamesWorkAsPlainMethods() throws Exception {
        fakes.add("alpha", alpha);
        start(TestConfigs.gateway(true, List.of(), backend("alpha")));
        JsonRpcResponse servers = client().request("gateway_list_servers", null);
        JsonValue first = servers.result().get("servers").elements().getFirst();
        assertThat(first.getString("name")).isEqualTo("alpha");
        assertThat(first.getString("status")).isEqualTo("ready");
        assertThat(first.get("tools").asLong()).isEqualTo(2);
    }

    // ---- both directions ----

    @Test
    void progressReachesTheCallingClientWithItsOwnToken() throws Exception {
        alpha.tool("{\"name\":\"slow\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            call.progress(1, 2);
            call.progress(2, 2);
            return FakeMcpServer.textResult("done");
        });
        startFlat();
        TestClient.Exchange exchange = client().exchange("tools/call", "{\"name\":\"alpha__slow\",\"_meta\":{\"progressToken\":\"client-token\"}}");
        assertThat(exchange.related()).hasSize(2).allSatisfy(m -> {
            assertThat(m.method()).isEqualTo("notifications/progress");
            assertThat(((JsonRpcNotification) m).params().getString("progressToken")).isEqualTo("client-token");
        });
        JsonValue upstreamToken = alpha.receivedRequests("tools/call").getFirst().params().get("_meta").get("progressToken");
        assertThat(upstreamToken.toString()).isNotEqualTo("\"client-token\"");
    }

    @Test
    void cancellingARequestCancelsItUpstreamAndSendsNoAnswer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        alpha.tool("{\"name\":\"hang\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            started.countDown();
            await().atMost(Duration.ofSeconds(10)).until(call::cancelled);
            return FakeMcpServer.textResult("too late");
        });
        startFlat();
        TestClient client = client();
        CompletableFuture<TestClient.Exchange> running = client.start(JsonValue.number(77), "tools/call", "{\"name\":\"alpha__hang\"}");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        client.notify("notifications/cancelled", "{\"requestId\":77,\"reason\":\"user pressed stop\"}");
        assertThat(running.get(5, TimeUnit.SECONDS).response()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !alpha.receivedNotifications("notifications/cancelled").isEmpty());
        JsonRpcNotification cancel = alpha.receivedNotifications("notifications/cancelled").getFirst();
        JsonValue upstreamId = alpha.receivedRequests("tools/call").getFirst().id();
        assertThat(cancel.params().get("requestId")).isEqualTo(upstreamId);
        assertThat(cancel.params().getString("reason")).isEqualTo("user pressed stop");
    }

    @Test
    void samplingGoesToTheClientWhoseCallCausedItAndTheAnswerGoesBack() throws Exception {
        alpha.tool("{\"name\":\"ask\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            JsonRpcResponse answer = call.requestClient("sampling/createMessage", JsonValue.parse("{\"messages\":[],\"maxTokens\":5}"));
            return FakeMcpServer.textResult("model said " + answer.result().getString("model"));
        });
        startFlat();
        TestClient a = client().answering(req -> JsonRpc.result(req.id(), JsonValue.parse("{\"role\":\"assistant\",\"model\":\"model-a\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}}")));
        TestClient b = client().answering(req -> JsonRpc.result(req.id(), JsonValue.parse("{\"role\":\"assistant\",\"model\":\"model-b\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}}")));
        CompletableFuture<TestClient.Exchange> fromA = a.start(JsonValue.number(1), "tools/call", "{\"name\":\"alpha__ask\"}");
        TestClient.Exchange exchangeA = fromA.get(10, TimeUnit.SECONDS);
        TestClient.Exchange exchangeB = b.exchange("tools/call", "{\"name\":\"alpha__ask\"}");
        assertThat(exchangeA.response().result().toString()).contains("model said model-a");
        assertThat(exchangeB.response().result().toString()).contains("model said model-b");
        assertThat(exchangeA.related()).extracting(JsonRpcMessage::method).containsExactly("sampling/createMessage");
        assertThat(b.outOfBand()).noneMatch(m -> "sampling/createMessage".equals(m.method()));
    }

    @Test
    void aServerRequestThatBelongsToNoCallIsRefusedWithAClearError() throws Exception {
        startFlat();
        client();
        CompletableFuture<JsonRpcResponse> answer = CompletableFuture.supplyAsync(
                () -> alpha.requestClientOutOfBand(fakes.latest("alpha"), "roots/list", null), Thread::startVirtualThread);
        JsonRpcResponse response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.isError()).isTrue();
        assertThat(response.errorMessage()).contains("cannot tell which client").contains("per_client");
    }

    @Test
    void listChangedIsRefetchedAndForwardedToClients() throws Exception {
        startFlat();
        TestClient client = client();
        assertThat(names(client.request("tools/list", null), "tools")).doesNotContain("alpha__fresh");
        alpha.echoTool("fresh");
        fakes.latest("alpha").serverNotifies("notifications/tools/list_changed", null);
        client.awaitOutOfBand(m -> "notifications/tools/list_changed".equals(m.method()));
        await().atMost(Duration.ofSeconds(5)).until(() -> names(client.request("tools/list", null), "tools").contains("alpha__fresh"));
        assertThat(client.outOfBand()).extracting(JsonRpcMessage::method)
                .as("only the list that changed is announced").doesNotContain("notifications/prompts/list_changed", "notifications/resources/list_changed");
    }

    @Test
    void resourceUpdatesGoOnlyToSubscribersAndTheUpstreamSubscriptionIsShared() throws Exception {
        startFlat();
        TestClient a = client();
        TestClient b = client();
        TestClient c = client();
        assertThat(a.request("resources/subscribe", "{\"uri\":\"mem://alpha/a\"}").isError()).isFalse();
        assertThat(b.request("resources/subscribe", "{\"uri\":\"mem://alpha/a\"}").isError()).isFalse();
        assertThat(alpha.receivedRequests("resources/subscribe")).hasSize(1);
        fakes.latest("alpha").serverNotifies("notifications/resources/updated", "{\"uri\":\"mem://alpha/a\"}");
        a.awaitOutOfBand(m -> "notifications/resources/updated".equals(m.method()));
        b.awaitOutOfBand(m -> "notifications/resources/updated".equals(m.method()));
        assertThat(c.outOfBand()).noneMatch(m -> "notifications/resources/updated".equals(m.method()));
        a.request("resources/unsubscribe", "{\"uri\":\"mem://alpha/a\"}");
        assertThat(alpha.receivedRequests("resources/unsubscribe")).isEmpty();
        b.request("resources/unsubscribe", "{\"uri\":\"mem://alpha/a\"}");
        assertThat(alpha.receivedRequests("resources/unsubscribe")).hasSize(1);
    }

    @Test
    void logMessagesFollowEachSessionsLevel() throws Exception {
        startFlat();
        TestClient verbose = client();
        TestClient quiet = client();
        TestClient silent = client();
        verbose.request("logging/setLevel", "{\"level\":\"debug\"}");
        quiet.request("logging/setLevel", "{\"level\":\"error\"}");
        assertThat(alpha.receivedRequests("logging/setLevel")).extracting(r -> r.params().getString("level")).contains("debug");
        fakes.latest("alpha").serverNotifies("notifications/message", "{\"level\":\"info\",\"data\":\"hello\"}");
        fakes.latest("alpha").serverNotifies("notifications/message", "{\"level\":\"error\",\"data\":\"boom\"}");
        verbose.awaitOutOfBand(m -> m.json().toString().contains("boom"));
        quiet.awaitOutOfBand(m -> m.json().toString().contains("boom"));
        assertThat(verbose.outOfBand()).anyMatch(m -> m.json().toString().contains("hello"));
        assertThat(quiet.outOfBand()).noneMatch(m -> m.json().toString().contains("hello"));
        assertThat(silent.outOfBand()).noneMatch(m -> "notifications/message".equals(m.method()));
        assertThat(client().request("logging/setLevel", "{\"level\":\"loud\"}").errorCode()).isEqualTo(-32602);
    }

    // ---- failures ----

    @Test
    void aCrashedBackendIsRestartedOnTheNextCall() throws Exception {
        startFlat();
        TestClient client = client();
        assertThat(client.request("tools/call", "{\"name\":\"alpha__echo\"}").isError()).isFalse();
        fakes.latest("alpha").crash("exited with code 1");
        JsonRpcResponse afterCrash = client.request("tools/call", "{\"name\":\"alpha__echo\"}");
        assertThat(afterCrash.isError()).isFalse();
        assertThat(afterCrash.result().get("isError")).isNull();
        assertThat(fakes.transports("alpha")).hasSize(2);
        assertThat(gateway.backends().getFirst().restarts()).isEqualTo(1);
    }

    @Test
    void aCallTheTransportKnewCouldNotBeSentIsSentAfterReinitializingEvenIfNotIdempotent() throws Exception {
        startFlat();
        TestClient client = client();
        fakes.latest("alpha").expireSessionBeforeSending();
        JsonRpcResponse unsafe = client.request("tools/call", "{\"name\":\"alpha__write\"}");
        assertThat(unsafe.result().toString()).contains("written");
        assertThat(alpha.receivedRequests("tools/call")).extracting(r -> r.params().getString("name")).containsExactly("write");
    }

    @Test
    void aLostHttpSessionIsReinitializedAndSafeCallsAreRepeated() throws Exception {
        startFlat();
        TestClient client = client();
        fakes.latest("alpha").expireSession();
        JsonRpcResponse readOnly = client.request("tools/call", "{\"name\":\"alpha__echo\"}");
        assertThat(readOnly.result().get("isError")).isNull();
        assertThat(alpha.initializeCount()).isEqualTo(2);
        fakes.latest("alpha").expireSession();
        JsonRpcResponse unsafe = client.request("tools/call", "{\"name\":\"alpha__write\"}");
        assertThat(unsafe.result().get("isError").isTrue()).isTrue();
        assertThat(unsafe.result().toString()).contains("did not repeat the call");
        assertThat(alpha.receivedRequests("tools/call")).extracting(r -> r.params().getString("name")).doesNotContain("write");
    }

    @Test
    void aBackendThatIsDownAtStartupLeavesTheOthersWorking() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta).failStarts("alpha", 1000);
        start(TestConfigs.flat(backend("alpha"), backend("beta")));
        TestClient client = client();
        assertThat(names(client.request("tools/list", null), "tools")).containsExactly("beta__echo", "beta__search_issues");
        assertThat(client.request("tools/call", "{\"name\":\"beta__echo\"}").result().get("isError")).isNull();
        JsonRpcResponse downTool = client.request("tools/call", "{\"name\":\"alpha__echo\"}");
        assertThat(downTool.result().get("isError").isTrue()).isTrue();
        assertThat(downTool.result().get("_meta").getString("reason")).isEqualTo("backend_unavailable");
        assertThat(downTool.result().toString()).contains("backend `alpha` is unavailable").contains("connection refused");
    }

    @Test
    void aBackendThatGoesDownKeepsItsToolsListedAndItsCallsGetAToolError() throws Exception {
        startFlat();
        TestClient client = client();
        fakes.failStarts("alpha", 1000);
        fakes.latest("alpha").crash("exited with code 1");
        assertThat(names(client.request("tools/list", null), "tools")).contains("alpha__echo", "beta__echo");
        JsonRpcResponse response = client.request("tools/call", "{\"name\":\"alpha__echo\"}");
        assertThat(response.result().get("isError").isTrue()).isTrue();
        assertThat(response.result().get("_meta").getString("reason")).isEqualTo("backend_unavailable");
        assertThat(response.result().get("content").elements().getFirst().getString("text")).contains("alpha");
        assertThat(client.request("tools/call", "{\"name\":\"beta__echo\"}").result().get("isError")).isNull();
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeGetsCancelledAndTheClientAToolError() throws Exception {
        alpha.tool("{\"name\":\"hang\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
            await().atMost(Duration.ofSeconds(10)).until(call::cancelled);
            return FakeMcpServer.textResult("late");
        });
        fakes.add("alpha", alpha);
        start(TestConfigs.flat(TestConfigs.backend("alpha", "alpha", SessionMode.SHARED, Duration.ofMillis(300))));
        JsonRpcResponse response = client().request("tools/call", "{\"name\":\"alpha__hang\"}");
        assertThat(response.result().get("isError").isTrue()).isTrue();
        assertThat(response.result().get("_meta").getString("reason")).isEqualTo("timeout");
        assertThat(response.result().get("_meta").getString("backend")).isEqualTo("alpha");
        await().atMost(Duration.ofSeconds(5)).until(() -> !alpha.receivedNotifications("notifications/cancelled").isEmpty());
    }

    @Test
    void twoBackendsWithTheSamePrefixDoNotStart() {
        fakes.add("alpha", alpha).add("beta", beta);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(TestConfigs.flat(
                        TestConfigs.backend("alpha", "x", SessionMode.SHARED, Duration.ofSeconds(1)),
                        TestConfigs.backend("beta", "x", SessionMode.SHARED, Duration.ofSeconds(1)))))
                .hasMessageContaining("`alpha`").hasMessageContaining("`beta`").hasMessageContaining("prefix");
    }

    @Test
    void aToolOfferedTwiceUnderTheSameNameGoesToTheFirstBackendInTheConfiguration() throws Exception {
        fakes.add("alpha", alpha).add("beta", beta);
        start(TestConfigs.flat(TestConfigs.backend("alpha", "", SessionMode.SHARED, Duration.ofSeconds(5)),
                TestConfigs.backend("beta", "", SessionMode.SHARED, Duration.ofSeconds(5))));
        TestClient client = client();
        assertThat(names(client.request("tools/list", null), "tools")).containsExactly("echo", "write", "search_issues");
        client.request("tools/call", "{\"name\":\"echo\"}");
        assertThat(alpha.receivedRequests("tools/call")).hasSize(1);
        assertThat(beta.receivedRequests("tools/call")).isEmpty();
    }

    // ---- per-client sessions ----

    @Test
    void perClientBackendsGiveEveryClientItsOwnUpstreamSession() throws Exception {
        List<FakeMcpServer> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        fakes.addPerConnection("own", () -> {
            FakeMcpServer server = new FakeMcpServer("own-" + created.size()).tool("{\"name\":\"roots\",\"inputSchema\":{\"type\":\"object\"}}",
                    call -> FakeMcpServer.textResult(call.requestClient("roots/list", null).result().toString()));
            created.add(server);
            return server;
        });
        start(TestConfigs.flat(TestConfigs.backend("own", "own", SessionMode.PER_CLIENT, Duration.ofSeconds(5))));
        TestClient a = client().answering(req -> JsonRpc.result(req.id(), JsonValue.parse("{\"roots\":[{\"uri\":\"file:///a\"}]}")));
        TestClient b = client().answering(req -> JsonRpc.result(req.id(), JsonValue.parse("{\"roots\":[{\"uri\":\"file:///b\"}]}")));
        assertThat(a.request("tools/call", "{\"name\":\"own__roots\"}").result().toString()).contains("file:///a");
        assertThat(b.request("tools/call", "{\"name\":\"own__roots\"}").result().toString()).contains("file:///b");
        assertThat(created).hasSize(2);
        JsonRpcRequest init = created.getFirst().receivedRequests("initialize").getFirst();
        assertThat(init.params().get("capabilities").toString()).isEqualTo("{\"sampling\":{},\"roots\":{}}");
        a.close();
        // the client's own upstream session (one of the two) ends with it; the other stays open
        await().atMost(Duration.ofSeconds(5)).until(() -> fakes.transports("own").stream().filter(t -> t.isClosed()).count() == 1);
    }

    @Test
    void sharedSessionsDeclareSamplingAndElicitationButNotRoots() throws Exception {
        startFlat();
        JsonValue capabilities = alpha.receivedRequests("initialize").getFirst().params().get("capabilities");
        assertThat(capabilities.has("sampling")).isTrue();
        assertThat(capabilities.has("elicitation")).isTrue();
        assertThat(capabilities.has("roots")).isFalse();
    }

    @Test
    void handleAsyncSendsAToolCallOnTheCallingThreadAndLeavesTheAnswerToTheThreadThatReceivesIt() throws Exception {
        startFlat();
        TestClient client = client();
        ClientRequest request = new ClientRequest(client.session(), JsonRpc.request(JsonValue.number(41), "tools/call",
                JsonValue.parse("{\"name\":\"alpha__echo\",\"arguments\":{\"text\":\"hi\"}}")), message -> true);
        assertThat(client.session().begin(request)).isTrue();
        Thread caller = Thread.currentThread();

        CompletableFuture<JsonRpcResponse> answer = gateway.dispatcher().handleAsync(request);

        // Sent before handleAsync returned, by this very thread: no thread was started or woken to send it.
        assertThat(alpha.lastSender()).isSameAs(caller);
        JsonRpcResponse response = answer.get(5, TimeUnit.SECONDS);
        assertThat(response.id()).isEqualTo(JsonValue.number(41));
        assertThat(response.result().toString()).contains("hi");
        request.finish();
    }
}
