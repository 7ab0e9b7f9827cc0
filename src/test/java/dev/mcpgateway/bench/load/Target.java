package dev.mcpgateway.bench.load;

/**
 * Something the load driver sends {@code tools/call} to: an MCP server directly, or the gateway
 * in front of it. A target hands out {@link Channel}s, one per simulated client.
 */
interface Target extends AutoCloseable {

    /** What a completed call reports: whether it got the expected result, and if not, why. */
    interface Completion {
        void done(boolean ok, String error);
    }

    /** One client's MCP session; {@link #call} may be used concurrently (requests are pipelined). */
    interface Channel {
        /** Sends one {@code tools/call} and reports its end to {@code completion}, from any thread. Never blocks on the answer. */
        void call(Completion completion);
    }

    /** A label for reports, such as {@code direct} or {@code gateway}. */
    String name();

    /** Opens a new MCP session (initialize, notifications/initialized); blocks until it is ready. */
    Channel open() throws Exception;

    @Override
    void close();
}
