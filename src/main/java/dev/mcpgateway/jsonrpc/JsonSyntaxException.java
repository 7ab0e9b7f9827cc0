package dev.mcpgateway.jsonrpc;

/** Input that is not valid JSON; {@link #offset()} is the byte position where reading stopped. */
public final class JsonSyntaxException extends RuntimeException {

    private final int offset;

    public JsonSyntaxException(String message, int offset) {
        super(message + " at byte " + offset, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
