package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which backend and client session own each task (MCP 2025-11-25 tasks). Task ids pass through
 * unchanged; a client can only reach the tasks it created.
 */
final class TaskOwners {

    record Owner(Backend backend, ClientSession session) {}

    private final ConcurrentMap<String, Owner> owners = new ConcurrentHashMap<>();

    /** If {@code result} is a CreateTaskResult, remembers who owns the task. */
    void recordIfTask(JsonValue result, Backend backend, ClientSession session) {
        JsonValue task = result == null ? null : result.get("task");
        String taskId = task == null ? null : task.getString("taskId");
        if (taskId == null || session == null) {
            return;
        }
        owners.put(taskId, new Owner(backend, session));
        session.onClose(() -> owners.remove(taskId));
    }

    /** The backend of task {@code taskId} if {@code session} owns it, else null. */
    Backend owner(String taskId, ClientSession session) {
        Owner owner = owners.get(taskId);
        return owner != null && owner.session() == session ? owner.backend() : null;
    }

    /** The session that owns task {@code taskId} at {@code backend}, or null. */
    ClientSession sessionOf(String taskId, Backend backend) {
        Owner owner = owners.get(taskId);
        return owner != null && owner.backend() == backend ? owner.session() : null;
    }

    List<Backend> backendsOf(ClientSession session) {
        List<Backend> out = new ArrayList<>();
        for (Owner owner : owners.values()) {
            if (owner.session() == session && !out.contains(owner.backend())) {
                out.add(owner.backend());
            }
        }
        return out;
    }
}
