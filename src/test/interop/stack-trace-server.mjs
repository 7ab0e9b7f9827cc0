// A stdio MCP server that dies like a buggy real one: it answers initialize and tools/list, and
// the first tools/call throws an uncaught error, so Node prints the error and its stack trace on
// stderr and exits with code 1. Used by ResilienceFaultyBackendsIT to check that the gateway
// reports such a crash to the client with the error message but without the stack frames.
//
//   node stack-trace-server.mjs
import process from 'node:process';
import readline from 'node:readline';

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');

function explode(argument) {
  throw new Error(`boom: the backend failed on ${argument}`);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  switch (message.method) {
    case 'initialize':
      send({ jsonrpc: '2.0', id: message.id, result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'stack-trace-server', version: '1.0.0' },
      } });
      break;
    case 'tools/list':
      send({ jsonrpc: '2.0', id: message.id, result: { tools: [
        { name: 'explode', description: 'Dies with an uncaught error.', inputSchema: { type: 'object' } },
      ] } });
      break;
    case 'tools/call':
      setImmediate(() => explode(message.params.name)); // uncaught: Node prints the stack and exits 1
      break;
    default:
      if (message.id !== undefined && message.method !== undefined) {
        send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
      }
  }
});
