package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamTransport.Listener;
import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonSyntaxException;
import dev.mcpgateway.jsonrpc.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns JSON bytes from a server (a JSON response body or one SSE event's data) into JSON-RPC
 * messages for the listener. The bytes are parsed in place, never copied or re-serialised. A body
 * may be one message or (2025-03-26) a batch array.
 */
final class MessageDelivery {

    private static final Logger log = LoggerFactory.getLogger(MessageDelivery.class);

    private final String backend;
    private final Listener listener;

    MessageDelivery(String backend, Listener listener) {
        this.backend = backend;
        this.listener = listener;
    }

    /**
     * Delivers the messages in {@code json} with {@code relatedRequestId}.
     *
     * @param awaited a request id whose response we watch for, or null
     * @return whether a response to {@code awaited} was among them, or what was wrong
     */
    Outcome deliver(byte[] json, JsonValue relatedRequestId, JsonValue awaited) {
        JsonRpc.Body body;
        try {
            body = JsonRpc.parseBody(json);
        } catch (JsonSyntaxException | InvalidMessageException e) {
            String excerpt = Excerpt.of(json);
            log.warn("backend {}: server sent something that is not a JSON-RPC message ({}): {}",
                    backend, e.getMessage(), excerpt);
            listener.onGarbage(excerpt);
            return new Outcome(false, excerpt);
        }
        boolean sawResponse = false;
        switch (body) {
            case JsonRpc.Body.Single single -> sawResponse = deliverOne(single.message(), relatedRequestId, awaited);
            case JsonRpc.Body.Batch batch -> {
                for (JsonRpc.Body.Element element : batch.elements()) {
                    if (element.message() != null) {
                        sawResponse |= deliverOne(element.message(), relatedRequestId, awaited);
                    } else {
                        String excerpt = Excerpt.of(element.invalid().getMessage());
                        log.warn("backend {}: invalid message in a batch: {}", backend, excerpt);
                        listener.onGarbage(excerpt);
                    }
                }
            }
        }
        return new Outcome(sawResponse, null);
    }

    private boolean deliverOne(JsonRpcMessage message, JsonValue relatedRequestId, JsonValue awaited) {
        listener.onMessage(message, relatedRequestId);
        return awaited != null && message instanceof JsonRpcResponse response && awaited.equals(response.id());
    }

    /**
     * @param sawResponse the awaited response was delivered
     * @param garbage an excerpt of the input when it was not JSON-RPC at all, else null
     */
    record Outcome(boolean sawResponse, String garbage) {}
}
