package dev.mcpgateway.demo;

/**
 * What the demo server does about one inbound message. Transports turn this into bytes (stdio)
 * or an HTTP exchange: a {@link Response} is written, the {@link Silent} kinds are the ways of not
 * answering normally.
 */
sealed interface DemoReply permits DemoReply.Response, DemoReply.Silent {

    /** A complete JSON-RPC response message. */
    record Response(byte[] json) implements DemoReply {}

    enum Silent implements DemoReply {
        /** Nothing to send: a notification, a client's response, or a request the client cancelled. */
        NONE,
        /** A hang fault: the request is accepted and never answered. */
        HANG,
        /** A garbage fault: answer with bytes that are not JSON. */
        GARBAGE,
        /** A crash fault: the process must die now, without answering. */
        CRASH
    }
}
