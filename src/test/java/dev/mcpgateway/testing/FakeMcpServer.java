package dev.mcpgateway.testing;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.jsonrpc.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A scriptable MCP server living in the test JVM, reached through a {@link FakeTransport}: for
 * unit tests and fault injection (real peers are used by the interop tests).
 *
 * <p>Tools are declared with a handler; a handler gets a {@link Call} that can send progress,
 * log messages or requests to the client before returning a result.
 */
public final class FakeMcpServer {

    /** What a tool handler can do while it runs. */
    public final class Call {
        private final JsonRpcRequest request;
        private final FakeTransport transport;

        Call(JsonRpcRequest request, FakeTransport transport) {
            this.request = request;
            this.transport = transport;
        }

        public JsonRpcRequest request() {
            return request;
        }

        public JsonValue arguments() {
            JsonValue args = request.params().get("arguments");
            return args == null ? JsonValue.EMPTY_OBJECT : args;
        }

        public JsonValue progressToken() {
            JsonValue meta = request.params().get("_meta");
            return meta == null ? null : meta.get("progressToken");
        }

        public void progress(int progress, int total) {
            JsonValue params = new JsonWriter().beginObject().member("progressToken", progressToken()).member("progress", progress)
                    .member("total", total).endObject().toJsonValue();
            transport.deliver(JsonRpc.notification("notifications/progress", params), request.id());
        }

        /** Sends a notification on this call's stream (attributable to it). */
        public void notifyClient(String method, JsonValue params) {
            transport.deliver(JsonRpc.notification(method, params), request.id());
        }

        /** Sends a request to the client on this call's stream and waits for the answer. */
        public JsonRpcResponse requestClient(String method, JsonValue params) {
            return FakeMcpServer.this.requestClient(transport, method, params, request.id());
        }

        public boolean cancelled() {
            return cancelledIds.contains(request.id());
        }
    }

    private final String name;
    private final Map<String, JsonValue> tools = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final Map<String, Function<Call, JsonValue>> handlers = new ConcurrentHashMap<>();
    private final List<JsonValue> prompts = new CopyOnWriteArrayList<>();
    private final List<JsonValue> resources = new CopyOnWriteArrayList<>();
    private final List<JsonValue> templates = new CopyOnWriteArrayList<>();
    private final List<JsonRpcMessage> received = new CopyOnWriteArrayList<>();
    private final List<JsonValue> cancelledIds = new CopyOnWriteArrayList<>();
    private final Map<JsonValue, CompletableFuture<JsonRpcResponse>> awaitingClient = new ConcurrentHashMap<>();
    private final AtomicLong nextServerRequestId = new AtomicLong(1000);
    private final AtomicInteger initializeCount = new AtomicInteger();
    private volatile String capabilities = "{\"tools\":{\"listChanged\":true},\"prompts\":{},\"resources\":{\"subscribe\":true},\"logging\":{}}";
    private volatile int pageSize = Integer.MAX_VALUE;
    private volatile String instructions;

    public FakeMcpServer(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Declares a tool: {@code definition} is its JSON (name, inputSchema, annotations...). */
    public FakeMcpServer tool(String definitionJson, Function<Call, JsonValue> handler) {
        JsonValue definition = JsonValue.parse(definitionJson);
        tools.put(definition.getString("name"), definition);
        handlers.put(definition.getString("name"), handler);
        return this;
    }

    /** Declares a tool that echoes its arguments back as text. */
    public FakeMcpServer echoTool(String toolName) {
        return tool("{\"name\":\"" + toolName + "\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true}}",
                call -> textResult(call.arguments().toString()));
    }

    public FakeMcpServer removeTool(String toolName) {
        tools.remove(toolName);
        handlers.remove(toolName);
        return this;
    }

    public FakeMcpServer prompt(String json) {
        prompts.add(JsonValue.parse(json));
        return this;
    }

    public FakeMcpServer resource(String json) {
        resources.add(JsonValue.parse(json));
        return this;
    }

    public FakeMcpServer template(String json) {
        templates.add(JsonValue.parse(json));
        return this;
    }

    public FakeMcpServer capabilities(String json) {
        this.capabilities = json;
        return this;
    }

    public FakeMcpServer pageSize(int size) {
        this.pageSize = size;
        return this;
    }

    public FakeMcpServer instructions(String text) {
        this.instructions = text;
        return this;
    }

    public static JsonValue textResult(String text) {
        return new JsonWriter().beginObject().name("content").beginArray().beginObject().member("type", "text").member("text", text)
                .endObject().endArray().endObject().toJsonValue();
    }

    private volatile Thread lastSender;

    /** The transport tells on which thread the gateway sent the latest message. */
    void sentFrom(Thread thread) {
        lastSender = thread;
    }

    /** The thread on which the gateway sent the latest message (to check that no thread is started to wait). */
    public Thread lastSender() {
        return lastSender;
    }

    /** Every message the server received, in order. */
    public List<JsonRpcMessage> received() {
        return List.copyOf(received);
    }

    public List<JsonRpcRequest> receivedRequests(String method) {
        List<JsonRpcRequest> out = new ArrayList<>();
        for (JsonRpcMessage m : received) {
            if (m instanceof JsonRpcRequest r && r.method().equals(method)) {
                out.add(r);
            }
        }
        return out;
    }

    public List<JsonRpcNotification> receivedNotifications(String method) {
        List<JsonRpcNotification> out = new ArrayList<>();
        for (JsonRpcMessage m : received) {
            if (m instanceof JsonRpcNotification n && n.method().equals(method)) {
                out.add(n);
            }
        }
        return out;
    }

    public int initializeCount() {
        return initializeCount.get();
    }

    /** Sends a notification that belongs to no call (as on a GET stream or stdout). */
    public void broadcast(FakeTransport transport, String method, JsonValue params) {
        transport.deliver(JsonRpc.notification(method, params), null);
    }

    /** Sends a request to the client that belongs to no call, and waits for the answer. */
    public JsonRpcResponse requestClientOutOfBand(FakeTransport transport, String method, JsonValue params) {
        return requestClient(transport, method, params, null);
    }

    JsonRpcResponse requestClient(FakeTransport transport, String method, JsonValue params, JsonValue related) {
        JsonValue id = JsonValue.number(nextServerRequestId.getAndIncrement());
        CompletableFuture<JsonRpcResponse> answer = new CompletableFuture<>();
        awaitingClient.put(id, answer);
        transport.deliver(JsonRpc.request(id, method, params), related);
        try {
            return answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("client did not answer " + method, e);
        }
    }

    /** Handles one message from the gateway; called on a virtual thread by the transport. */
    void receive(JsonRpcMessage message, FakeTransport transport) {
        received.add(message);
        switch (message) {
            case JsonRpcRequest request -> {
                JsonRpcResponse response = handle(request, transport);
                if (response != null && !cancelledIds.contains(request.id())) {
                    transport.deliver(response, request.id());
                }
            }
            case JsonRpcNotification notification -> {
                if ("notifications/cancelled".equals(notification.method())) {
                    cancelledIds.add(notification.params().get("requestId"));
                }
            }
            case JsonRpcResponse response -> {
                CompletableFuture<JsonRpcResponse> waiting = awaitingClient.remove(response.id());
                if (waiting != null) {
                    waiting.complete(response);
                }
            }
        }
    }

    private JsonRpcResponse handle(JsonRpcRequest request, FakeTransport transport) {
        JsonValue id = request.id();
        return switch (request.method()) {
            case "initialize" -> {
                initializeCount.incrementAndGet();
                JsonWriter w = new JsonWriter().beginObject()
                        .member("protocolVersion", request.params().getString("protocolVersion"))
                        .member("capabilities", JsonValue.parse(capabilities));
                w.name("serverInfo").beginObject().member("name", name).member("version", "1.0.0").endObject();
                if (instructions != null) {
                    w.member("instructions", instructions);
                }
                yield JsonRpc.result(id, w.endObject().toJsonValue());
            }
            case "ping" -> JsonRpc.result(id, JsonValue.EMPTY_OBJECT);
            case "tools/list" -> {
                List<JsonValue> snapshot;
                synchronized (tools) {
                    snapshot = new ArrayList<>(tools.values());
                }
                yield page(id, request, "tools", snapshot);
            }
            case "prompts/list" -> page(id, request, "prompts", prompts);
            case "resources/list" -> page(id, request, "resources", resources);
            case "resources/templates/list" -> page(id, request, "resourceTemplates", templates);
            case "tools/call" -> {
                String tool = request.params().getString("name");
                Function<Call, JsonValue> handler = handlers.get(tool);
                if (handler == null) {
                    yield JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "Unknown tool: " + tool, null);
                }
                try {
                    yield JsonRpc.result(id, handler.apply(new Call(request, transport)));
                } catch (ToolFailure e) {
                    yield JsonRpc.error(id, e.code, e.getMessage(), null);
                }
            }
            case "resources/read" -> JsonRpc.result(id, JsonValue.parse("{\"contents\":[{\"uri\":" + JsonValue.string(request.params().getString("uri"))
                    + ",\"text\":\"content of " + request.params().getString("uri") + " from " + name + "\"}]}"));
            case "prompts/get" -> JsonRpc.result(id, JsonValue.parse("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"prompt "
                    + request.params().getString("name") + " from " + name + "\"}}]}"));
            case "resources/subscribe", "resources/unsubscribe", "logging/setLevel" -> JsonRpc.result(id, JsonValue.EMPTY_OBJECT);
            case "completion/complete" -> JsonRpc.result(id, JsonValue.parse("{\"completion\":{\"values\":[\"" + name + "\"]}}"));
            default -> JsonRpc.error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + request.method(), null);
        };
    }

    private JsonRpcResponse page(JsonValue id, JsonRpcRequest request, String field, List<JsonValue> items) {
        int offset = 0;
        String cursor = request.params() == null ? null : request.params().getString("cursor");
        if (cursor != null) {
            offset = Integer.parseInt(cursor);
        }
        int end = Math.min(items.size(), offset + pageSize);
        JsonWriter w = new JsonWriter().beginObject().name(field).beginArray();
        for (int i = offset; i < end; i++) {
            w.value(items.get(i));
        }
        w.endArray();
        if (end < items.size()) {
            w.member("nextCursor", Integer.toString(end));
        }
        return JsonRpc.result(id, w.endObject().toJsonValue());
    }

    /** Thrown by a tool handler to answer with a JSON-RPC error. */
    public static final class ToolFailure extends RuntimeException {
        final int code;

        public ToolFailure(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
