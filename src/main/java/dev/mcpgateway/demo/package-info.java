/**
 * The demo MCP server built into mcp-gateway ({@code mcp-gateway demo-server --stdio | --http PORT}).
 *
 * <p>It is the gateway's backend when there is no configuration (spawned over stdio from the same
 * jar, so a first run works offline), and the fast backend and fault injector of the tests and
 * the load benchmark. It speaks MCP 2024-11-05 to 2025-11-25 on our own JSON layer
 * ({@code dev.mcpgateway.jsonrpc}); the official TypeScript SDK client passes against it
 * ({@code DemoServerSdkIT}).
 *
 * <p>Shape: {@link dev.mcpgateway.demo.DemoServer} dispatches one message (transport-free);
 * {@code DemoTools} and {@code DemoCatalog} hold the tools, resources and prompt;
 * {@link dev.mcpgateway.demo.DemoFaults} decides the fate of each {@code tools/call};
 * {@link dev.mcpgateway.demo.DemoStdioServer} and {@link dev.mcpgateway.demo.DemoHttpServer} are
 * the transports.
 *
 * <p>Decisions worth knowing when testing against it:
 * <ul>
 *   <li>Faults count {@code tools/call} only (never ping or lists, never the {@code demo_faults}
 *       tool itself, which is also never faulted so a test can always switch faults off). The
 *       count restarts when {@code demo_faults} replaces the faults, so its thresholds count
 *       from that moment. See {@link dev.mcpgateway.demo.DemoFaults} for each fault.
 *   <li>Crash: call N+1 is never answered and the process halts with exit code 3 (stdio and HTTP
 *       alike); in process, {@code DemoHttpServer} stops itself instead.
 *   <li>Hang: the request is accepted and never answered; over HTTP the exchange is held (no
 *       thread) until the connection idle timeout (5 minutes) or until the server stops.
 *       {@code hang_all_after} also silences ping and every other request.
 *   <li>GET {@code /mcp} opens an SSE stream that carries only comment keep-alives (every 15 s);
 *       the demo never sends unsolicited messages. Progress and log notifications travel on the
 *       POST's own SSE response, which is used only when the request carries a progressToken.
 *   <li>Invalid tool arguments are {@code isError} results (2025-11-25 guidance); an unknown tool
 *       is JSON-RPC -32602; an unknown resource is -32002.
 *   <li>Log messages ({@code notifications/message}) are sent only after the client called
 *       {@code logging/setLevel}: the {@code slow} tool logs each step at level info.
 * </ul>
 */
package dev.mcpgateway.demo;
