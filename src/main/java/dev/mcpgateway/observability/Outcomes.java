package dev.mcpgateway.observability;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.routing.GatewayErrors;
import java.util.Set;

/**
 * How a request or a backend call ended, as the low-cardinality strings that spans
 * ({@code error.type}), metric labels ({@code error_type}, {@code outcome}) and logs share.
 *
 * <p>{@code error.type} follows the OpenTelemetry MCP conventions: the JSON-RPC error code as a
 * string, {@code tool_error} for a tool result with {@code isError: true}, and the gateway's own
 * reasons ({@code timeout}, {@code backend_unavailable}, {@code backend_error}, {@code cancelled}) for
 * calls that got no answer. An empty string means success. Codes outside JSON-RPC's reserved
 * range (-32768 to -32000) become {@code _OTHER}, so a backend cannot blow up label cardinality.
 */
final class Outcomes {

    static final String NONE = "";
    static final String OK = "ok";
    static final String TOOL_ERROR = "tool_error";
    static final String JSONRPC_ERROR = "jsonrpc_error";
    static final String CANCELLED = "cancelled";
    static final String OTHER = "_OTHER";

    /**
     * Codes that mean the caller sent something the receiver could not serve; per the conventions
     * they are not failures of the server that answers them.
     */
    private static final Set<Integer> CALLER_ERRORS = Set.of(
            JsonRpcErrors.PARSE_ERROR, JsonRpcErrors.INVALID_REQUEST, JsonRpcErrors.METHOD_NOT_FOUND, JsonRpcErrors.INVALID_PARAMS,
            JsonRpcErrors.RESOURCE_NOT_FOUND);

    private static final int RESERVED_LOW = -32768;
    private static final int RESERVED_HIGH = -32000;
    private static final String[] CODE_LABELS = new String[RESERVED_HIGH - RESERVED_LOW + 1];

    static {
        for (int code = RESERVED_LOW; code <= RESERVED_HIGH; code++) {
            CODE_LABELS[code - RESERVED_LOW] = Integer.toString(code);
        }
    }

    private Outcomes() {}

    /** {@code error.type} of a backend's answer as the gateway sees it (every error code is an error for a client). */
    static String ofBackendAnswer(String method, JsonRpcResponse response) {
        if (response.isError()) {
            return codeLabel(response.errorCode());
        }
        return isToolCall(method) && isToolError(response.result()) ? TOOL_ERROR : NONE;
    }

    /** {@code error.type} of the gateway's answer to a client (codes that blame the caller are not errors). */
    static String ofGatewayAnswer(String method, JsonRpcResponse response) {
        if (response == null) {
            return CANCELLED;
        }
        if (response.isError()) {
            int code = response.errorCode();
            return CALLER_ERRORS.contains(code) ? NONE : codeLabel(code);
        }
        return isToolCall(method) && isToolError(response.result()) ? TOOL_ERROR : NONE;
    }

    /** {@code error.type} of a call that got no answer. */
    static String ofFailure(UpstreamException e) {
        if (e instanceof CallCancelledException) {
            return CANCELLED;
        }
        return GatewayErrors.classify(e).wireName();
    }

    /** The {@code outcome} label of a tool call from its {@code error.type}. */
    static String outcome(String errorType) {
        if (errorType.isEmpty()) {
            return OK;
        }
        if (errorType.charAt(0) == '-' || errorType.equals(OTHER)) {
            return JSONRPC_ERROR;
        }
        return errorType;
    }

    static String codeLabel(int code) {
        return code >= RESERVED_LOW && code <= RESERVED_HIGH ? CODE_LABELS[code - RESERVED_LOW] : OTHER;
    }

    /** Whether {@code method} calls a tool: {@code tools/call}, or the gateway's {@code gateway_invoke} called as a method. */
    static boolean isToolCall(String method) {
        return McpMethods.TOOLS_CALL.equals(method) || ServerCall.INVOKE.equals(method);
    }

    /** A {@code CallToolResult} with {@code isError: true}. */
    static boolean isToolError(JsonValue result) {
        if (result == null || !result.isObject()) {
            return false;
        }
        JsonValue isError = result.get("isError");
        return isError != null && isError.isTrue();
    }
}
