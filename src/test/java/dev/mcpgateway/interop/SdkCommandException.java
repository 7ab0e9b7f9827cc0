package dev.mcpgateway.interop;

import tools.jackson.databind.JsonNode;

/**
 * A driver command that ended with {@code ok:false}: the SDK client (or the driver) reported an
 * error. {@link #name()} is the JavaScript error name ({@code McpError}, {@code AbortError},
 * {@code StreamableHTTPError}, {@code NotConnected}, ...); {@link #code()} is the JSON-RPC error
 * code for {@code McpError} and the HTTP status for {@code StreamableHTTPError}.
 */
public final class SdkCommandException extends RuntimeException {

    private final String command;
    private final JsonNode error;

    SdkCommandException(String command, JsonNode error) {
        super(command + " failed: " + error.path("name").asString("Error") + ": " + error.path("message").asString(""));
        this.command = command;
        this.error = error;
    }

    /** The command type that failed, e.g. {@code callTool}. */
    public String command() {
        return command;
    }

    public String name() {
        return error.path("name").asString("Error");
    }

    public String errorMessage() {
        return error.path("message").asString("");
    }

    /** The numeric error code, or null when the error has none (or a non-numeric one like ECONNREFUSED). */
    public Integer code() {
        JsonNode code = error.path("code");
        return code.isIntegralNumber() ? code.intValue() : null;
    }

    /** The error's {@code data} member, or a missing node. */
    public JsonNode data() {
        return error.path("data");
    }

    /** The whole error object as reported by the driver. */
    public JsonNode error() {
        return error;
    }
}
