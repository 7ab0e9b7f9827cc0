package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.SessionLostException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.http.UpstreamHttpException;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.CallRejectedException;

/**
 * Decides what a finished call says about the backend (one rule for the breaker, health and
 * retries). The backend failed when the gateway could not get an MCP answer from it: transport
 * errors, timeouts, HTTP 5xx (and 408, 401, 403: it cannot be used as configured), a child that
 * died, output that is not JSON-RPC. An answer is a success even when it is an error for the
 * client: a tool result with {@code isError: true}, JSON-RPC "bad request" errors (-32600, -32601,
 * -32602) and other application errors, other HTTP 4xx. JSON-RPC -32603 counts as a failure only
 * if {@code count_internal_errors_as_failures} says so. HTTP 429 is rate limiting, a cancelled call
 * and a lost-and-reinitialized session say nothing: those are not counted.
 */
final class OutcomeClassifier {

    private final boolean internalErrorIsFailure;

    OutcomeClassifier(boolean internalErrorIsFailure) {
        this.internalErrorIsFailure = internalErrorIsFailure;
    }

    CallOutcome of(JsonRpcResponse response) {
        if (response.isError() && internalErrorIsFailure && response.errorCode() == JsonRpcErrors.INTERNAL_ERROR) {
            return CallOutcome.FAILURE;
        }
        return CallOutcome.SUCCESS;
    }

    CallOutcome of(UpstreamException e) {
        return switch (e) {
            case CallCancelledException cancelled -> CallOutcome.NOT_COUNTED;
            case SessionLostException lost -> CallOutcome.NOT_COUNTED;
            case CallRejectedException rejected -> CallOutcome.NOT_COUNTED;
            case UpstreamHttpException http -> ofHttpStatus(http.status());
            default -> CallOutcome.FAILURE;
        };
    }

    private static CallOutcome ofHttpStatus(int status) {
        if (status == 429) {
            return CallOutcome.NOT_COUNTED;
        }
        if (status >= 500 || status == 408 || status == 401 || status == 403) {
            return CallOutcome.FAILURE;
        }
        return CallOutcome.SUCCESS;
    }

    /** A short description of a failed response, for logs and breaker causes. */
    static String describe(JsonRpcResponse failed) {
        return "JSON-RPC error " + failed.errorCode() + (failed.errorMessage() == null ? "" : ": " + failed.errorMessage());
    }
}
