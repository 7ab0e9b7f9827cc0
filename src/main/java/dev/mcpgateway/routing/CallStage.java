package dev.mcpgateway.routing;

import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One step every backend call passes through (observability, failsafe, ...). A stage calls
 * {@code next.proceed(call)} to go on (a retry stage may call it again), or answers without it
 * (a short circuit, such as an open circuit breaker).
 *
 * <p>Calls are asynchronous (see {@link dev.mcpgateway.backend.AsyncCalls}): a stage returns at
 * once with the future of the answer, never throws (a failure is a failed future carrying an
 * {@link dev.mcpgateway.backend.UpstreamException}), and never blocks in what it chains to that
 * future, which runs on whatever thread the answer arrives on.
 */
@FunctionalInterface
public interface CallStage {

    CompletableFuture<JsonRpcResponse> handle(BackendCall call, Next next);

    /** The rest of the pipeline. */
    @FunctionalInterface
    interface Next {
        CompletableFuture<JsonRpcResponse> proceed(BackendCall call);
    }
}
