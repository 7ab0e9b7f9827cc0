package dev.mcpgateway.observability;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute names: the OpenTelemetry MCP semantic conventions (development status), the
 * general ones they refer to, and the gateway's own ({@code backend}, {@code request_id}, ...).
 */
final class McpAttributes {

    private McpAttributes() {}

    // OpenTelemetry MCP / GenAI / JSON-RPC conventions
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> JSONRPC_REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> RPC_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    // the gateway's own
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request_id");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("backend");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");
    static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("circuit_state");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<Double> LATENCY_MS = AttributeKey.doubleKey("latency_ms");
    static final AttributeKey<Long> RESTARTS = AttributeKey.longKey("restarts");

    /** {@code gen_ai.operation.name} of a tool call. */
    static final String EXECUTE_TOOL = "execute_tool";
}
