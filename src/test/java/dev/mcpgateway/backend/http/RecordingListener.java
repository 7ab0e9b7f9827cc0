package dev.mcpgateway.backend.http;

import static org.awaitility.Awaitility.await;

import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every listener call, thread-safely, with helpers to wait for them. */
class RecordingListener implements UpstreamTransport.Listener {

    record Received(JsonRpcMessage message, JsonValue related) {
        String json() {
            return message.json().toString();
        }
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    final Map<JsonValue, String> lost = new ConcurrentHashMap<>();
    final List<String> garbage = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    /** Calls made by any method, to check nothing happens after close. */
    final AtomicInteger calls = new AtomicInteger();
    /** The thread that delivered the last message. */
    volatile Thread lastThread;

    @Override
    public void onMessage(JsonRpcMessage message, JsonValue relatedRequestId) {
        lastThread = Thread.currentThread();
        calls.incrementAndGet();
        messages.add(new Received(message, relatedRequestId));
    }

    @Override
    public void onResponseLost(JsonValue requestId, String reason) {
        calls.incrementAndGet();
        lost.put(requestId, reason);
    }

    @Override
    public void onGarbage(String excerpt) {
        calls.incrementAndGet();
        garbage.add(excerpt);
    }

    @Override
    public void onClosed(String reason) {
        calls.incrementAndGet();
        closed.add(reason);
    }

    List<Received> awaitMessages(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= count);
        return List.copyOf(messages);
    }

    /** The response with this id (as JSON text), waiting for it. */
    Received awaitResponse(String idJson) {
        await().atMost(Duration.ofSeconds(10)).until(() -> responseFor(idJson) != null);
        return responseFor(idJson);
    }

    Received responseFor(String idJson) {
        for (Received r : messages) {
            if (r.message() instanceof JsonRpcResponse response && response.id().toString().equals(idJson)) {
                return r;
            }
        }
        return null;
    }

    String awaitLost(JsonValue id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> lost.containsKey(id));
        return lost.get(id);
    }
}
