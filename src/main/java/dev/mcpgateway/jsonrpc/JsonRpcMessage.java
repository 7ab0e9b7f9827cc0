package dev.mcpgateway.jsonrpc;

/**
 * One JSON-RPC 2.0 message, kept as the bytes it arrived in plus the few parts routing reads.
 *
 * <p>{@link #json()} is the complete message; forwarding it unchanged forwards it byte for byte.
 * The other components are views into it.
 */
public sealed interface JsonRpcMessage permits JsonRpcRequest, JsonRpcNotification, JsonRpcResponse {

    /** The whole message object. */
    JsonValue json();

    /** The method of a request or notification; null for a response. */
    default String method() {
        return null;
    }
}
