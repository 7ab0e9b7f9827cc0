package dev.mcpgateway.testing;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.Dispatcher;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.MessageSink;
import dev.mcpgateway.session.SessionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A client session driven directly against the {@link Dispatcher} (no transport): records what
 * the gateway sends it, on request streams and out of band, and can answer requests sent to it.
 */
public final class TestClient {

    private final Dispatcher dispatcher;
    private final ClientSession session;
    private final List<JsonRpcMessage> outOfBand;
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile Function<JsonRpcRequest, JsonRpcResponse> responder;

    private TestClient(Dispatcher dispatcher, ClientSession session, List<JsonRpcMessage> outOfBand) {
        this.dispatcher = dispatcher;
        this.session = session;
        this.outOfBand = outOfBand;
    }

    public static TestClient connect(Dispatcher dispatcher, SessionRegistry sessions, String capabilitiesJson) {
        List<JsonRpcMessage> outOfBand = new CopyOnWriteArrayList<>();
        TestClient[] self = new TestClient[1];
        MessageSink sink = message -> {
            outOfBand.add(message);
            TestClient client = self[0];
            if (client != null) {
                client.maybeAnswer(message);
            }
            return true;
        };
        JsonValue params = JsonValue.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilitiesJson
                + ",\"clientInfo\":{\"name\":\"test-client\",\"version\":\"1\"}}");
        Dispatcher.Initialized init = dispatcher.initialize(JsonRpc.request(JsonValue.number(0), "initialize", params), sink);
        if (init.session() == null) {
            throw new AssertionError("initialize failed: " + init.response().json());
        }
        sessions.add(init.session());
        self[0] = new TestClient(dispatcher, init.session(), outOfBand);
        init.session().markInitialized();
        return self[0];
    }

    public ClientSession session() {
        return session;
    }

    /** Answers requests the gateway sends this client (sampling, roots...). */
    public TestClient answering(Function<JsonRpcRequest, JsonRpcResponse> responder) {
        this.responder = responder;
        return this;
    }

    private void maybeAnswer(JsonRpcMessage message) {
        Function<JsonRpcRequest, JsonRpcResponse> current = responder;
        if (current != null && message instanceof JsonRpcRequest request) {
            Thread.ofVirtual().start(() -> dispatcher.handleResponse(session, current.apply(request)));
        }
    }

    /** A request and everything sent on its stream. */
    public record Exchange(JsonRpcResponse response, List<JsonRpcMessage> related) {}

    public JsonRpcResponse request(String method, String paramsJson) {
        return exchange(method, paramsJson).response();
    }

    public Exchange exchange(String method, String paramsJson) {
        return exchangeWithId(JsonValue.number(nextId.getAndIncrement()), method, paramsJson);
    }

    public Exchange exchangeWithId(JsonValue id, String method, String paramsJson) {
        JsonRpcRequest request = JsonRpc.request(id, method, paramsJson == null ? null : JsonValue.parse(paramsJson));
        List<JsonRpcMessage> related = new CopyOnWriteArrayList<>();
        MessageSink stream = message -> {
            related.add(message);
            maybeAnswer(message);
            return true;
        };
        ClientRequest clientRequest = new ClientRequest(session, request, stream);
        if (!session.begin(clientRequest)) {
            throw new AssertionError("duplicate id " + id);
        }
        try {
            return new Exchange(dispatcher.handle(clientRequest), List.copyOf(related));
        } finally {
            clientRequest.finish();
        }
    }

    /** Starts a request on a virtual thread; its ClientRequest can be cancelled meanwhile. */
    public CompletableFuture<Exchange> start(JsonValue id, String method, String paramsJson) {
        return CompletableFuture.supplyAsync(() -> exchangeWithId(id, method, paramsJson), Thread::startVirtualThread);
    }

    public void notify(String method, String paramsJson) {
        dispatcher.handleNotification(session, JsonRpc.notification(method, paramsJson == null ? null : JsonValue.parse(paramsJson)));
    }

    public List<JsonRpcMessage> outOfBand() {
        return List.copyOf(outOfBand);
    }

    public JsonRpcMessage awaitOutOfBand(Predicate<JsonRpcMessage> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                () -> outOfBand.stream().filter(matching).findFirst().orElse(null), m -> m != null);
    }

    public void close() {
        session.close("test done");
    }
}
