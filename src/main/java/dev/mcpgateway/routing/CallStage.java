package dev.mcpgateway.routing;

import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;

/**
 * One step every backend call passes through (observability, failsafe, ...). A stage calls
 * {@code next.proceed(call)} to go on (a retry stage may call it again), or answers without it
 * (a short circuit, such as an open circuit breaker).
 */
@FunctionalInterface
public interface CallStage {

    JsonRpcResponse handle(BackendCall call, Next next) throws UpstreamException;

    /** The rest of the pipeline. */
    @FunctionalInterface
    interface Next {
        JsonRpcResponse proceed(BackendCall call) throws UpstreamException;
    }
}
