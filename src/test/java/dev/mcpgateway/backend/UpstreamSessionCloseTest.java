package dev.mcpgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.FakeTransport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What calls still waiting get when the gateway closes their session. */
class UpstreamSessionCloseTest {

    private static final UpstreamSession.Listener IGNORED = new UpstreamSession.Listener() {
        @Override
        public void onNotification(UpstreamSession session, JsonRpcNotification notification, ClientRequest origin) {}

        @Override
        public void onServerRequest(UpstreamSession session, JsonRpcRequest request, ClientRequest origin) {}

        @Override
        public void onReinitialized(UpstreamSession session) {}

        @Override
        public void onClosed(UpstreamSession session, String reason) {}
    };

    private final CountDownLatch release = new CountDownLatch(1);
    private final FakeMcpServer server = new FakeMcpServer("alpha").tool("{\"name\":\"stuck\",\"inputSchema\":{\"type\":\"object\"}}", call -> {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return FakeMcpServer.textResult("too late");
    });

    private CompletableFuture<JsonRpcResponse> stuckCall(UpstreamSession session) {
        return session.callAsync(JsonRpc.request(JsonValue.number(1), "tools/call", JsonValue.parse("{\"name\":\"stuck\"}")),
                CallOptions.internal(Duration.ofSeconds(30)));
    }

    private UpstreamSession open() throws UpstreamException {
        return UpstreamSession.open("alpha", new FakeTransport(server),
                new UpstreamSession.Handshake(JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT, "2025-11-25"), IGNORED, Duration.ofSeconds(5));
    }

    @Test
    void closingForAReasonFailsTheWaitingCallsWithThatReason() throws Exception {
        UpstreamSession session = open();
        CompletableFuture<JsonRpcResponse> waiting = stuckCall(session);
        session.close("health check failed: is not running (exited with code 1)");
        release.countDown();
        Throwable failure = AsyncCalls.cause(waiting.handle((r, e) -> e).get(5, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(UpstreamException.class)
                .hasMessage("backend `alpha` session closed: health check failed: is not running (exited with code 1)");
    }

    @Test
    void closingWithoutAReasonSaysTheGatewayClosedIt() throws Exception {
        UpstreamSession session = open();
        CompletableFuture<JsonRpcResponse> waiting = stuckCall(session);
        session.close();
        release.countDown();
        assertThat(AsyncCalls.cause(waiting.handle((r, e) -> e).get(5, TimeUnit.SECONDS)))
                .hasMessage("backend `alpha` session closed: closed by the gateway");
    }
}
