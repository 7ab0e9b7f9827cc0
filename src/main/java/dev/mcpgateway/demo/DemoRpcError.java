package dev.mcpgateway.demo;

/** A JSON-RPC error to answer a request with; thrown from deep inside a handler. No stack trace: it is control flow. */
final class DemoRpcError extends RuntimeException {

    private final int code;

    DemoRpcError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
