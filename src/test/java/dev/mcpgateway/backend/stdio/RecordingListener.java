package dev.mcpgateway.backend.stdio;

import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records every callback a transport makes, and on which thread. */
class RecordingListener implements UpstreamTransport.Listener {

    final List<JsonRpcMessage> messages = Collections.synchronizedList(new ArrayList<>());
    final List<String> garbage = Collections.synchronizedList(new ArrayList<>());
    final List<String> closed = Collections.synchronizedList(new ArrayList<>());
    final Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
    final Set<Boolean> callbackOnVirtualThread = ConcurrentHashMap.newKeySet();

    @Override
    public void onMessage(JsonRpcMessage message, JsonValue relatedRequestId) {
        if (relatedRequestId != null) {
            throw new AssertionError("stdio has no related request id");
        }
        note();
        messages.add(message);
    }

    @Override
    public void onGarbage(String excerpt) {
        note();
        garbage.add(excerpt);
    }

    @Override
    public void onClosed(String reason) {
        note();
        closed.add(reason);
    }

    int callbacks() {
        return messages.size() + garbage.size() + closed.size();
    }

    List<JsonRpcMessage> messagesWithMethod(String method) {
        synchronized (messages) {
            return messages.stream().filter(m -> method.equals(m.method())).toList();
        }
    }

    private void note() {
        callbackThreads.add(Thread.currentThread().getName());
        callbackOnVirtualThread.add(Thread.currentThread().isVirtual());
    }
}
