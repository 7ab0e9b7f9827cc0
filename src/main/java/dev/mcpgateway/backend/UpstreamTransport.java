package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.concurrent.CompletableFuture;

/**
 * Carries JSON-RPC messages to and from one MCP server over one connection.
 *
 * <p>A transport only frames and moves messages; it does not correlate requests with responses
 * or run the MCP handshake (that is {@code UpstreamSession}'s job). Implementations:
 * {@code StdioTransport} (a child process), {@code StreamableHttpTransport} and
 * {@code LegacySseTransport}.
 *
 * <p>Thread safety: {@link #send} is called from many threads at once; {@link #close} may race
 * with it. Listener callbacks come from the transport's own reader threads, in the order the
 * server sent the messages on each stream.
 */
public interface UpstreamTransport extends AutoCloseable {

    /**
     * Connects (spawns the child, opens the legacy SSE stream, or nothing yet for Streamable
     * HTTP) and starts delivering the server's messages to {@code listener}.
     *
     * @throws UpstreamException if the server cannot be reached or started
     */
    void start(Listener listener) throws UpstreamException;

    /**
     * Sends one message. Returns once the server has it: written to the child's stdin, or, over
     * HTTP, once the POST's response status and headers arrived (an SSE response body is then
     * read in the background and its messages delivered to the listener).
     *
     * @throws SessionExpiredException if an HTTP server answered 404 for our session id; the
     *     transport has already forgotten that session id, and the caller re-initializes
     * @throws UpstreamException if the message could not be delivered; {@link
     *     UpstreamException#reachedServer()} says whether the server may have received it
     */
    void send(JsonRpcMessage message) throws UpstreamException;

    /**
     * Sends one message without waiting: the future completes when {@link #send} would return,
     * or fails with what it would throw. Transports whose {@code send} may wait (HTTP) override
     * this so no thread waits; the default sends on the calling thread, which suits a transport
     * that only queues the message (stdio).
     */
    default CompletableFuture<Void> sendAsync(JsonRpcMessage message) {
        try {
            send(message);
            return CompletableFuture.completedFuture(null);
        } catch (UpstreamException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Tells the transport the protocol version negotiated by {@code initialize}. Streamable
     * HTTP sends it as {@code MCP-Protocol-Version} on later requests and opens the server's GET
     * stream once it knows it.
     */
    default void initialized(String protocolVersion) {}

    /**
     * The gateway no longer waits for the response to {@code requestId} (cancelled or timed
     * out): an HTTP transport aborts the POST that carries it. Messages already read are kept.
     */
    default void abandon(JsonValue requestId) {}

    /** "stdio", "streamable_http" or "sse", as used in logs and health output. */
    String kind();

    /**
     * Ends the connection and frees everything it holds. stdio: close stdin, then SIGTERM, then
     * SIGKILL for the whole process tree. Streamable HTTP: DELETE the session, close the
     * streams. Idempotent; returns when done; no listener calls after it returns.
     */
    @Override
    void close();

    /** Receives what the server sends. Callbacks must be quick; they must not block on I/O. */
    interface Listener {

        /**
         * A message from the server.
         *
         * @param relatedRequestId over Streamable HTTP, the id of the gateway's request whose
         *     POST response stream carried this message; null if it came from stdio, from the
         *     GET stream or from a legacy SSE stream
         */
        void onMessage(JsonRpcMessage message, JsonValue relatedRequestId);

        /**
         * The stream that was to carry the response to {@code requestId} ended without it and
         * could not be resumed. The gateway fails that call.
         */
        default void onResponseLost(JsonValue requestId, String reason) {}

        /**
         * The server wrote something that is not a JSON-RPC message where one was expected
         * (a non-JSON line on stdout, an unparseable SSE event). {@code excerpt} is a short,
         * printable prefix of it, for error messages; the transport has already logged it.
         */
        default void onGarbage(String excerpt) {}

        /**
         * The connection is gone for good: the child exited, or the server stream closed and could
         * not be reopened. No more messages will arrive.
         */
        void onClosed(String reason);
    }
}
