package dev.mcpgateway.observability;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;
import java.util.concurrent.CompletableFuture;

/**
 * The outermost backend-call stage: counts each logical tool call once, however many attempts it
 * takes and whether or not the failsafe let it through, by outcome; and tells the request why its
 * backend call got no answer, if it did not. It only watches: the call and its answer pass through
 * unchanged.
 */
final class BackendCallObserver implements CallStage {

    private final GatewayMetrics metrics;

    BackendCallObserver(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<JsonRpcResponse> handle(BackendCall call, Next next) {
        return next.proceed(call).whenComplete((response, failure) -> {
            String errorType = Outcomes.OTHER;
            if (failure == null) {
                if (call.tool() != null) {
                    errorType = Outcomes.ofBackendAnswer(call.method(), response);
                }
            } else if (AsyncCalls.cause(failure) instanceof UpstreamException e) {
                errorType = Outcomes.ofFailure(e);
                if (call.options().origin() != null && call.options().origin().observation() instanceof ServerCall request) {
                    request.backendFailure = errorType;
                }
            }
            if (call.tool() != null) {
                metrics.toolCall(call.backend().name(), call.tool(), Outcomes.outcome(errorType));
            }
        });
    }
}
