package dev.mcpgateway.demo;

/**
 * Where notifications produced while answering one request go: stdout for stdio, the SSE response
 * of the POST over HTTP, or nowhere when the HTTP response is plain JSON.
 */
@FunctionalInterface
interface DemoOutbound {

    /** Drops everything: a JSON response cannot carry notifications. */
    DemoOutbound DISCARD = message -> {};

    /** Sends one complete JSON-RPC notification. Never throws: a broken stream just loses it. */
    void send(byte[] message);
}
