package dev.mcpgateway.routing;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.util.List;

/** Serves an aggregated list one page at a time, with the gateway's own cursors. */
final class Pages {

    private final Cursors cursors;
    private final int pageSize;

    Pages(Cursors cursors, int pageSize) {
        this.cursors = cursors;
        this.pageSize = pageSize;
    }

    /**
     * The page of {@code items} that {@code params.cursor} points at, as a result
     * {@code {"<field>": [...], "nextCursor": "..."}}; an invalid cursor gets -32602.
     */
    JsonRpcResponse page(JsonValue id, JsonValue params, String field, List<JsonValue> items) {
        int offset = 0;
        JsonValue cursor = params == null ? null : params.get("cursor");
        if (cursor != null && !cursor.isNull()) {
            if (!cursor.isString()) {
                return JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "Invalid cursor: must be a string returned by an earlier " + field + " page", null);
            }
            try {
                offset = cursors.decode(field, cursor.asString());
            } catch (Cursors.InvalidCursorException e) {
                return JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS,
                        "Invalid cursor: it was not issued by this gateway for " + field + " (or the gateway restarted); list again without a cursor", null);
            }
        }
        int from = Math.min(offset, items.size());
        int to = Math.min(items.size(), from + pageSize);
        int capacity = 64;
        for (int i = from; i < to; i++) {
            capacity += items.get(i).length() + 1;
        }
        JsonWriter w = new JsonWriter(capacity).beginObject().name(field).beginArray();
        for (int i = from; i < to; i++) {
            w.value(items.get(i));
        }
        w.endArray();
        if (to < items.size()) {
            w.member("nextCursor", cursors.encode(field, to));
        }
        return JsonRpc.result(id, w.endObject().toJsonValue());
    }
}
