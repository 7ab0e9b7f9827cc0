/**
 * The MCP stdio transport: MCP servers that the gateway runs as child processes and talks to
 * with newline-delimited JSON-RPC over their stdin and stdout.
 *
 * <p>Public surface: {@link dev.mcpgateway.backend.stdio.StdioTransport} (one child process
 * lifetime, built with {@code StdioTransport.builder(name, argv)}) and
 * {@link dev.mcpgateway.backend.stdio.ProcessTree} (SIGTERM-then-SIGKILL of a process and all
 * its descendants, for shutdown code). Everything else is package-private: the pumps that read
 * stdout and stderr and write stdin on platform threads, line framing with a length cap, the
 * clean child environment, argv[0] resolution and the callback gate that keeps listener calls
 * from outliving {@code close()}.
 */
package dev.mcpgateway.backend.stdio;
