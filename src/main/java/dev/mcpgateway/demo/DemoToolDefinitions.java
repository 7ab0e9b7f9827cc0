package dev.mcpgateway.demo;

/** The demo tools as MCP describes them: the text of the {@code tools/list} result. */
final class DemoToolDefinitions {

    private DemoToolDefinitions() {}

    static final String TOOLS_LIST = """
        {"tools": [
          {
            "name": "echo",
            "title": "Echo",
            "description": "Returns the message it is given, unchanged (as text and as structuredContent).",
            "inputSchema": {
              "type": "object",
              "properties": {"message": {"type": "string", "description": "The text to send back."}},
              "required": ["message"]
            },
            "outputSchema": {
              "type": "object",
              "properties": {"message": {"type": "string"}},
              "required": ["message"]
            },
            "annotations": {"title": "Echo", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
          },
          {
            "name": "add",
            "title": "Add two numbers",
            "description": "Adds a and b exactly (decimal arithmetic: large integers keep every digit).",
            "inputSchema": {
              "type": "object",
              "properties": {
                "a": {"type": "number", "description": "First addend."},
                "b": {"type": "number", "description": "Second addend."}
              },
              "required": ["a", "b"]
            },
            "outputSchema": {
              "type": "object",
              "properties": {"sum": {"type": "number"}},
              "required": ["sum"]
            },
            "annotations": {"title": "Add two numbers", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
          },
          {
            "name": "current_time",
            "title": "Current time",
            "description": "The current date and time in ISO-8601 form, in the given IANA time zone (default UTC).",
            "inputSchema": {
              "type": "object",
              "properties": {"timezone": {"type": "string", "description": "IANA time zone id such as Europe/Paris; default UTC."}}
            },
            "annotations": {"title": "Current time", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false}
          },
          {
            "name": "slow",
            "title": "Slow operation",
            "description": "Takes duration_ms milliseconds in the given number of steps, reporting progress after each step when the request carries a progressToken. Can be cancelled.",
            "inputSchema": {
              "type": "object",
              "properties": {
                "duration_ms": {"type": "integer", "minimum": 0, "maximum": 600000, "default": 2000, "description": "Total time in milliseconds."},
                "steps": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 5, "description": "Number of progress steps."}
              }
            },
            "annotations": {"title": "Slow operation", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
          },
          {
            "name": "flaky",
            "title": "Flaky operation",
            "description": "Fails at random: with probability failure_rate the result is a tool error (\\"flaky failure\\"), otherwise it succeeds.",
            "inputSchema": {
              "type": "object",
              "properties": {"failure_rate": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5, "description": "Probability of failing, 0 to 1."}}
            },
            "annotations": {"title": "Flaky operation", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false}
          },
          {
            "name": "fail",
            "title": "Fail on purpose",
            "description": "Always fails, in the chosen way: tool_error (an isError result), rpc_error (JSON-RPC -32602) or internal_error (JSON-RPC -32603).",
            "inputSchema": {
              "type": "object",
              "properties": {"mode": {"type": "string", "enum": ["tool_error", "rpc_error", "internal_error"], "description": "How to fail."}},
              "required": ["mode"]
            },
            "annotations": {"title": "Fail on purpose", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
          },
          {
            "name": "demo_faults",
            "title": "Set injected faults",
            "description": "Replaces the faults this demo server injects into tools/call (keys left out are switched off; {} clears all) and returns the active faults. Thresholds count tools/call requests from now on.",
            "inputSchema": {
              "type": "object",
              "properties": {
                "latency": {"type": ["string", "number"], "description": "Delay added to every tools/call: milliseconds, or text like 50ms or 2s."},
                "latency_jitter": {"type": ["string", "number"], "description": "Extra random delay, 0 up to this."},
                "error_rate": {"type": "number", "minimum": 0, "maximum": 1, "description": "Fraction of calls answered with JSON-RPC -32603."},
                "crash_after": {"type": "integer", "minimum": 0, "description": "After this many calls the process exits (the next call is never answered)."},
                "hang_after": {"type": "integer", "minimum": 0, "description": "Calls after this many are never answered (ping still is)."},
                "hang_all_after": {"type": "integer", "minimum": 0, "description": "The first call after this many wedges the server: nothing is answered any more, not even ping."},
                "garbage_after": {"type": "integer", "minimum": 0, "description": "Calls after this many are answered with non-JSON bytes."},
                "drop_session_after": {"type": "integer", "minimum": 0, "description": "HTTP only: after this many calls every session is forgotten once (old ids get 404)."}
              }
            },
            "outputSchema": {
              "type": "object",
              "properties": {
                "faults": {"type": "object"},
                "summary": {"type": "string"},
                "tool_calls": {"type": "integer"}
              },
              "required": ["faults", "summary", "tool_calls"]
            },
            "annotations": {"title": "Set injected faults", "readOnlyHint": false, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}
          }
        ]}
        """;
}
