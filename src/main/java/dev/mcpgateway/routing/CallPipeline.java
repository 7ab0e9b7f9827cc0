package dev.mcpgateway.routing;

import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import java.util.List;

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

    public JsonRpcResponse execute(BackendCall call) throws UpstreamException {
        return proceed(0, call);
    }

    private JsonRpcResponse proceed(int index, BackendCall call) throws UpstreamException {
        if (index == stages.size()) {
            return call.backend().call(call.client(), call.request(), call.options());
        }
        CallStage stage = stages.get(index);
        return stage.handle(call, next -> proceed(index + 1, next));
    }
}
