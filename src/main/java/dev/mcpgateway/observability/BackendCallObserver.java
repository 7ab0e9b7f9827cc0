package dev.mcpgateway.observability;

import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;

/**
 * The outermost backend-call stage: counts each logical call once, however many attempts it
 * takes (tool calls by outcome, per-backend in-flight and success/failure counts). It only
 * watches: the call and its answer pass through unchanged.
 */
final class BackendCallObserver implements CallStage {

    private final GatewayMetrics metrics;
    private final CallCounts counts;

    BackendCallObserver(GatewayMetrics metrics, CallCounts counts) {
        this.metrics = metrics;
        this.counts = counts;
    }

    @Override
    public JsonRpcResponse handle(BackendCall call, Next next) throws UpstreamException {
        String backend = call.backend().name();
        CallCounts.Counts backendCounts = counts.of(backend);
        backendCounts.started();
        String errorType = Outcomes.OTHER;
        boolean failed = true;
        boolean neutral = false;
        try {
            JsonRpcResponse response = next.proceed(call);
            errorType = Outcomes.ofBackendAnswer(call.method(), response);
            failed = response.isError() && isBackendFault(response.errorCode());
            neutral = response.isError() && !failed;
            return response;
        } catch (UpstreamException e) {
            errorType = Outcomes.ofFailure(e);
            neutral = e instanceof CallCancelledException;
            if (call.options().origin() != null && call.options().origin().observation() instanceof ServerCall request) {
                request.backendFailure = errorType;
            }
            throw e;
        } finally {
            backendCounts.ended(failed && !neutral, neutral);
            if (call.tool() != null) {
                metrics.toolCall(backend, call.tool(), Outcomes.outcome(errorType));
            }
        }
    }

    /** Internal and server errors are the backend's fault; invalid requests, unknown methods and the like are not. */
    private static boolean isBackendFault(int code) {
        return code == JsonRpcErrors.INTERNAL_ERROR || (code <= -32000 && code >= -32099);
    }
}
