package dev.mcpgateway.routing;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The single path every backend call takes: an ordered list of {@link CallStage}s, outermost
 * first, ending in the backend's upstream session. Later features (failsafe, tracing, metrics)
 * are stages added to this list, never extra call sites.
 */
public final class CallPipeline {

    private final List<CallStage> stages;

    public CallPipeline(List<CallStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Runs the call; the future completes on the thread that learns its outcome and must not be blocked on there. */
    public CompletableFuture<JsonRpcResponse> executeAsync(BackendCall call) {
        return proceed(0, call);
    }

    /** Runs the call and waits for its answer (for callers on a virtual thread). */
    public JsonRpcResponse execute(BackendCall call) throws UpstreamException {
        return AsyncCalls.await(executeAsync(call));
    }

    private CompletableFuture<JsonRpcResponse> proceed(int index, BackendCall call) {
        try {
            if (index == stages.size()) {
                return call.backend().callAsync(call.client(), call.request(), call.options());
            }
            return stages.get(index).handle(call, next -> proceed(index + 1, next));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
