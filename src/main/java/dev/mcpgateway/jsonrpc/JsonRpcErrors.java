package dev.mcpgateway.jsonrpc;

/** JSON-RPC 2.0 and MCP error codes used by the gateway. */
public final class JsonRpcErrors {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Generic server error; the SDKs use it for "Bad Request: Server not initialized". */
    public static final int SERVER_ERROR = -32000;
    /** MCP: resource not found (2024-11-05 .. 2025-11-25). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2025-11-25: URL elicitation required. */
    public static final int URL_ELICITATION_REQUIRED = -32042;

    private JsonRpcErrors() {}
}
