package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.ClientRequest;

/** MCP 2025-11-25 tasks: requests about a task go to the backend that created it, for its own client only. */
final class TaskRoutes {

    private final TaskOwners tasks;
    private final Forwarder forwarder;

    TaskRoutes(TaskOwners tasks, Forwarder forwarder) {
        this.tasks = tasks;
        this.forwarder = forwarder;
    }

    /** tasks/get, tasks/result, tasks/cancel. */
    JsonRpcResponse forward(ClientRequest request) throws UpstreamException {
        String taskId = request.message().params() == null ? null : request.message().params().getString("taskId");
        Backend owner = taskId == null ? null : tasks.owner(taskId, request.session());
        if (owner == null) {
            return GatewayErrors.invalidParams(request.id(), "Unknown task: " + taskId);
        }
        return forwarder.forward(request, owner, request.message(), !McpMethods.TASKS_CANCEL.equals(request.method()), null);
    }

    /** tasks/list: the client's own tasks, from every backend that holds some of them. */
    JsonRpcResponse list(ClientRequest request) throws UpstreamException {
        JsonWriter w = new JsonWriter(1024).beginObject().name("tasks").beginArray();
        for (Backend backend : tasks.backendsOf(request.session())) {
            JsonRpcResponse response = forwarder.forward(request, backend, JsonRpc.request(request.id(), McpMethods.TASKS_LIST, null), true, null);
            if (response == null || response.isError() || response.result().get("tasks") == null) {
                continue;
            }
            for (JsonValue task : response.result().get("tasks").elements()) {
                String taskId = task.getString("taskId");
                if (taskId != null && tasks.owner(taskId, request.session()) == backend) {
                    w.value(task);
                }
            }
        }
        return JsonRpc.result(request.id(), w.endArray().endObject().toJsonValue());
    }
}
