package dev.mcpgateway.routing;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallCancelledException;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientRequest;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out to a backend for every client request: through the {@link CallPipeline}, with the
 * answer given back the client's id and failures turned into answers.
 */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final CallPipeline pipeline;
    private final TaskOwners tasks;

    Forwarder(CallPipeline pipeline, TaskOwners tasks) {
        this.pipeline = pipeline;
        this.tasks = tasks;
    }

    /**
     * Sends {@code outgoing} to {@code backend} and turns the answer into the answer to the client
     * request. Backend failures become error results, never exceptions; a cancellation surfaces as
     * {@link CallCancelledException}.
     *
     * @param repeatable whether the call may be sent again after a lost session or a failure (see {@link CallOptions})
     * @param tool the backend's own tool name for tools/call, else null
     */
    JsonRpcResponse forward(ClientRequest request, Backend backend, JsonRpcRequest outgoing, boolean repeatable, String tool)
            throws CallCancelledException {
        try {
            return AsyncCalls.await(forwardAsync(request, backend, outgoing, repeatable, tool));
        } catch (CallCancelledException e) {
            throw e;
        } catch (UpstreamException e) {
            throw new IllegalStateException("a forwarded call failed with an exception instead of an answer", e);
        }
    }

    /** {@link #forward} without waiting: the future holds the answer, or fails only with {@link CallCancelledException}. */
    CompletableFuture<JsonRpcResponse> forwardAsync(ClientRequest request, Backend backend, JsonRpcRequest outgoing, boolean repeatable,
            String tool) {
        CallOptions options = new CallOptions(request, backend.config().timeout(), repeatable);
        return pipeline.executeAsync(new BackendCall(backend, request.session(), outgoing, options, tool)).handle((response, failure) -> {
            if (failure == null) {
                if (McpMethods.TOOLS_CALL.equals(outgoing.method()) && !response.isError()) {
                    tasks.recordIfTask(response.result(), backend, request.session());
                }
                return CompletableFuture.completedFuture(response.withId(request.id()));
            }
            Throwable cause = AsyncCalls.cause(failure);
            if (cause instanceof UpstreamException e && !(cause instanceof CallCancelledException)) {
                LOG.debug("{} for {} failed: {}", outgoing.method(), request.session(), e.getMessage());
                return CompletableFuture.completedFuture(GatewayErrors.backendFailure(request.id(), outgoing.method(), backend.name(), e));
            }
            return CompletableFuture.<JsonRpcResponse>failedFuture(cause);
        }).thenCompose(f -> f);
    }
}
