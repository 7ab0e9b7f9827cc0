package dev.mcpgateway.session;

import dev.mcpgateway.jsonrpc.JsonRpcMessage;

/**
 * Somewhere messages to a client can be written: an SSE stream of an HTTP response, the
 * session's GET stream, or stdout in stdio mode.
 */
public interface MessageSink {

    /**
     * Queues {@code message} for the client without blocking.
     *
     * @return false if this sink is closed and the message was not taken (the caller may try
     *     another route)
     */
    boolean send(JsonRpcMessage message);
}
