package dev.mcpgateway.jsonrpc;

/**
 * Valid JSON that is not a valid JSON-RPC message. Carries the message's id when one could be
 * read, so the error response can name it.
 */
public final class InvalidMessageException extends RuntimeException {

    private final transient JsonValue id;

    public InvalidMessageException(String message, JsonValue id) {
        super(message, null, false, false);
        this.id = id;
    }

    /** The id of the offending request, or null if it had none we could use. */
    public JsonValue id() {
        return id;
    }
}
