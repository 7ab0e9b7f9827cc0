package dev.mcpgateway.interop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.JsonNode;

/**
 * The pending reply to one driver command: completes with the command's result, or exceptionally
 * with {@link SdkCommandException} (the SDK reported an error), a {@link java.util.concurrent.TimeoutException}
 * (no reply in time) or an {@link IllegalStateException} (the driver died).
 */
public final class CommandFuture extends CompletableFuture<JsonNode> {

    private final long seq;
    private final String type;

    CommandFuture(long seq, String type) {
        this.seq = seq;
        this.type = type;
    }

    /** The command's sequence number (progress events of this command carry it). */
    public long seq() {
        return seq;
    }

    public String type() {
        return type;
    }

    /**
     * Waits for the result and returns it; a failure is rethrown as itself (not wrapped), so test
     * failures show the SDK's error directly.
     */
    public JsonNode result() {
        try {
            return join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Waits for the reply and returns the SDK error; fails the test if the command succeeded. */
    public SdkCommandException failure() {
        try {
            JsonNode result = get();
            throw new AssertionError(type + " #" + seq + " was expected to fail but returned " + Json.write(result));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkCommandException failure) {
                return failure;
            }
            throw new AssertionError(type + " #" + seq + " did not get an SDK error reply: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return type + " #" + seq + " " + super.toString();
    }
}
