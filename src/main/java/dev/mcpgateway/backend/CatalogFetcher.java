package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import dev.mcpgateway.mcp.McpMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a backend's complete lists (every page), for the capabilities it declared. */
final class CatalogFetcher {

    /** A backend that pages forever is broken; stop there rather than loop. */
    private static final int MAX_PAGES = 1000;

    private CatalogFetcher() {}

    static BackendCatalog fetch(UpstreamSession session, Duration timeout) throws UpstreamException {
        InitializeResult server = session.server();
        List<JsonValue> tools = server.declares("tools") ? listAll(session, McpMethods.TOOLS_LIST, "tools", timeout) : List.of();
        List<JsonValue> prompts = server.declares("prompts") ? listAll(session, McpMethods.PROMPTS_LIST, "prompts", timeout) : List.of();
        List<JsonValue> resources = List.of();
        List<JsonValue> templates = List.of();
        if (server.declares("resources")) {
            resources = listAll(session, McpMethods.RESOURCES_LIST, "resources", timeout);
            templates = listAll(session, McpMethods.RESOURCES_TEMPLATES_LIST, "resourceTemplates", timeout);
        }
        return new BackendCatalog(tools, prompts, resources, templates);
    }

    static BackendCatalog refresh(UpstreamSession session, BackendCatalog current, String listChanged, Duration timeout) throws UpstreamException {
        return switch (listChanged) {
            case McpMethods.NOTIFICATION_TOOLS_LIST_CHANGED -> current.withTools(listAll(session, McpMethods.TOOLS_LIST, "tools", timeout));
            case McpMethods.NOTIFICATION_PROMPTS_LIST_CHANGED -> current.withPrompts(listAll(session, McpMethods.PROMPTS_LIST, "prompts", timeout));
            case McpMethods.NOTIFICATION_RESOURCES_LIST_CHANGED -> current.withResources(
                    listAll(session, McpMethods.RESOURCES_LIST, "resources", timeout),
                    listAll(session, McpMethods.RESOURCES_TEMPLATES_LIST, "resourceTemplates", timeout));
            default -> fetch(session, timeout);
        };
    }

    /** Every item of a paginated list, following {@code nextCursor} to the end. */
    static List<JsonValue> listAll(UpstreamSession session, String method, String field, Duration timeout) throws UpstreamException {
        List<JsonValue> items = new ArrayList<>();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonValue params = cursor == null ? null : new JsonWriter(cursor.length() + 16).beginObject().member("cursor", cursor).endObject().toJsonValue();
            JsonRpcResponse response = session.call(JsonRpc.request(JsonValue.number(0), method, params), CallOptions.internal(timeout));
            if (response.isError()) {
                throw new UpstreamException("backend `" + session.backend() + "` failed " + method + ": " + response.errorMessage(), true);
            }
            JsonValue list = response.result().get(field);
            if (list != null && list.isArray()) {
                items.addAll(list.elements());
            }
            cursor = response.result().getString("nextCursor");
            if (cursor == null || cursor.isEmpty()) {
                return items;
            }
            if (!seenCursors.add(cursor)) {
                throw new UpstreamException("backend `" + session.backend() + "` repeated a " + method + " cursor; its list never ends", true);
            }
        }
        throw new UpstreamException("backend `" + session.backend() + "` returned more than " + MAX_PAGES + " pages of " + method, true);
    }
}
