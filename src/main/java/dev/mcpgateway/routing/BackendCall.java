package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.CallOptions;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.session.ClientSession;

/**
 * One call from the gateway to a backend, as it travels through the {@link CallPipeline}.
 *
 * @param client the client session it serves (null for the gateway's own calls)
 * @param request the request to send; its id is replaced upstream
 * @param tool the backend's own name of the tool for tools/call, else null
 */
public record BackendCall(Backend backend, ClientSession client, JsonRpcRequest request, CallOptions options, String tool) {

    public String method() {
        return request.method();
    }
}
