// Drives mcp-gateway's demo server with the official MCP TypeScript SDK client and checks every
// tool, resource and prompt. Run by DemoServerSdkIT; usable by hand:
//
//   node demo-smoke.mjs stdio JAVA JAR        spawns `JAVA -jar JAR demo-server --stdio`
//   node demo-smoke.mjs http URL              connects to a running demo server's /mcp
//
// Prints one JSON report on stdout ({ok, transport, checks[]}); exit 0 when every check passed,
// 1 when one failed (the report says which), 2 on usage errors.
import { Client } from './node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
import { StdioClientTransport } from './node_modules/@modelcontextprotocol/sdk/dist/esm/client/stdio.js';
import { StreamableHTTPClientTransport } from './node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js';
import { McpError } from './node_modules/@modelcontextprotocol/sdk/dist/esm/types.js';

const [mode, ...rest] = process.argv.slice(2);
if (!['stdio', 'http'].includes(mode) || (mode === 'stdio' && rest.length !== 2) || (mode === 'http' && rest.length !== 1)) {
  process.stderr.write('usage: node demo-smoke.mjs stdio JAVA JAR | node demo-smoke.mjs http URL\n');
  process.exit(2);
}

const checks = [];
let current = '';

function check(condition, what, detail) {
  if (!condition) {
    const error = new Error(`${current}: ${what}${detail === undefined ? '' : ` (got ${JSON.stringify(detail)})`}`);
    error.isCheck = true;
    throw error;
  }
}

async function step(name, fn) {
  current = name;
  await fn();
  checks.push(name);
}

function text(result) {
  check(Array.isArray(result.content) && result.content.length === 1 && result.content[0].type === 'text',
    'exactly one text content block', result.content);
  return result.content[0].text;
}

async function rpcError(promise) {
  try {
    await promise;
  } catch (e) {
    if (e instanceof McpError) return e;
    throw e;
  }
  check(false, 'expected a JSON-RPC error, got a result');
}

const transport = mode === 'stdio'
  ? new StdioClientTransport({ command: rest[0], args: ['-jar', rest[1], 'demo-server', '--stdio'], stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(rest[0]));
const client = new Client({ name: 'demo-smoke', version: '1.0.0' });

async function run() {
  await step('initialize', async () => {
    await client.connect(transport);
    const info = client.getServerVersion();
    check(info.name === 'mcp-gateway-demo', 'serverInfo.name is mcp-gateway-demo', info);
    check(typeof info.version === 'string' && info.version.length > 0, 'serverInfo.version is set', info);
    const caps = client.getServerCapabilities();
    check(caps.tools?.listChanged === true, 'tools.listChanged', caps);
    check(caps.resources && caps.resources.subscribe === false, 'resources without subscribe', caps);
    check(caps.prompts && caps.logging && caps.completions, 'prompts, logging and completions', caps);
    if (mode === 'http') {
      check(transport.protocolVersion === '2025-11-25', 'negotiated 2025-11-25', transport.protocolVersion);
      check(typeof transport.sessionId === 'string' && transport.sessionId.length >= 16, 'a session id', transport.sessionId);
    }
  });

  await step('tools/list', async () => {
    const { tools, nextCursor } = await client.listTools();
    check(nextCursor === undefined, 'one page');
    const names = tools.map((t) => t.name);
    for (const n of ['echo', 'add', 'current_time', 'slow', 'flaky', 'fail', 'demo_faults']) {
      check(names.includes(n), `tool ${n} listed`, names);
    }
    for (const t of tools) {
      check(typeof t.title === 'string', `${t.name} has a title`);
      const a = t.annotations ?? {};
      for (const hint of ['readOnlyHint', 'idempotentHint', 'destructiveHint', 'openWorldHint']) {
        check(typeof a[hint] === 'boolean', `${t.name} has ${hint}`, a);
      }
    }
    check(tools.find((t) => t.name === 'echo').outputSchema, 'echo has an outputSchema');
    check(tools.find((t) => t.name === 'add').outputSchema, 'add has an outputSchema');
  });

  await step('echo', async () => {
    const message = 'héllo "demo" \n ✓';
    const r = await client.callTool({ name: 'echo', arguments: { message } });
    check(!r.isError, 'not an error', r);
    check(text(r) === message, 'text is exactly the message', text(r));
    check(r.structuredContent?.message === message, 'structuredContent.message', r.structuredContent);
  });

  await step('add', async () => {
    const r = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    check(text(r) === '5' && r.structuredContent?.sum === 5, '2 + 3 = 5', r);
    const d = await client.callTool({ name: 'add', arguments: { a: 0.1, b: 0.2 } });
    check(text(d) === '0.3' && d.structuredContent?.sum === 0.3, 'decimal 0.1 + 0.2 = 0.3', d);
    const bad = await client.callTool({ name: 'add', arguments: { a: 'two', b: 3 } });
    check(bad.isError === true, 'a non-number argument is a tool error', bad);
  });

  await step('current_time', async () => {
    const r = await client.callTool({ name: 'current_time', arguments: { timezone: 'Europe/Paris' } });
    check(!r.isError && !Number.isNaN(Date.parse(text(r))), 'an ISO-8601 time', text(r));
    const utc = await client.callTool({ name: 'current_time', arguments: {} });
    check(/Z$/.test(text(utc)), 'UTC by default', text(utc));
    const bad = await client.callTool({ name: 'current_time', arguments: { timezone: 'Mars/Olympus_Mons' } });
    check(bad.isError === true && /time zone/i.test(text(bad)), 'unknown zone is a tool error', bad);
  });

  await step('slow with progress', async () => {
    // Count progress as it arrives on the wire: SDK 1.32.2 may drop the last onprogress callback when
    // that notification and the response arrive in one read (it handles the response first).
    const progress = [];
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (message.method === 'notifications/progress') progress.push(message.params);
      deliver(message, extra);
    };
    const r = await client.callTool({ name: 'slow', arguments: { duration_ms: 300, steps: 3 } }, undefined,
      { onprogress: () => {} });
    transport.onmessage = deliver;
    check(text(r) === 'done after 3 steps', 'done after 3 steps', text(r));
    check(progress.length === 3, 'three progress notifications', progress);
    check(progress.every((p, i) => p.progress === i + 1 && p.total === 3 && typeof p.message === 'string'),
      'progress 1..3 of 3 with messages', progress);
  });

  await step('slow cancelled', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow', arguments: { duration_ms: 5000, steps: 5 } }, undefined,
      { signal: controller.signal });
    setTimeout(() => controller.abort('enough'), 300);
    let aborted = false;
    try {
      await call;
    } catch (e) {
      aborted = true;
    }
    check(aborted, 'the call was aborted');
    await client.ping();
  });

  await step('flaky', async () => {
    const ok = await client.callTool({ name: 'flaky', arguments: { failure_rate: 0 } });
    check(!ok.isError, 'failure_rate 0 succeeds', ok);
    const ko = await client.callTool({ name: 'flaky', arguments: { failure_rate: 1 } });
    check(ko.isError === true && text(ko) === 'flaky failure', 'failure_rate 1 fails', ko);
  });

  await step('fail', async () => {
    const toolError = await client.callTool({ name: 'fail', arguments: { mode: 'tool_error' } });
    check(toolError.isError === true, 'tool_error is an isError result', toolError);
    const invalid = await rpcError(client.callTool({ name: 'fail', arguments: { mode: 'rpc_error' } }));
    check(invalid.code === -32602, 'rpc_error is -32602', invalid.code);
    const internal = await rpcError(client.callTool({ name: 'fail', arguments: { mode: 'internal_error' } }));
    check(internal.code === -32603, 'internal_error is -32603', internal.code);
    const unknown = await rpcError(client.callTool({ name: 'no_such_tool', arguments: {} }));
    check(unknown.code === -32602, 'an unknown tool is -32602', unknown.code);
  });

  await step('demo_faults', async () => {
    const set = await client.callTool({ name: 'demo_faults', arguments: { error_rate: 1, latency: '5ms' } });
    check(set.structuredContent?.faults?.error_rate === 1 && set.structuredContent.faults.latency_ms === 5,
      'faults reported', set.structuredContent);
    const failed = await rpcError(client.callTool({ name: 'echo', arguments: { message: 'x' } }));
    check(failed.code === -32603, 'error_rate 1 answers -32603', failed.code);
    const cleared = await client.callTool({ name: 'demo_faults', arguments: {} });
    check(cleared.structuredContent?.summary === 'none', 'faults cleared', cleared.structuredContent);
    const echo = await client.callTool({ name: 'echo', arguments: { message: 'back' } });
    check(text(echo) === 'back', 'calls work again');
  });

  await step('resources', async () => {
    const { resources } = await client.listResources();
    check(resources.map((r) => r.uri).join() === 'demo://readme,demo://config', 'readme and config', resources);
    const readme = await client.readResource({ uri: 'demo://readme' });
    check(readme.contents[0].mimeType === 'text/markdown' && readme.contents[0].text.includes('demo'), 'readme', readme);
    const config = await client.readResource({ uri: 'demo://config' });
    check(config.contents[0].mimeType === 'application/json', 'config is JSON', config);
    check(JSON.parse(config.contents[0].text).summary === 'none', 'config shows no faults', config.contents[0].text);
    const templates = await client.listResourceTemplates();
    check(Array.isArray(templates.resourceTemplates), 'templates list');
    const missing = await rpcError(client.readResource({ uri: 'demo://nope' }));
    check(missing.code === -32002, 'unknown resource is -32002', missing.code);
  });

  await step('prompts', async () => {
    const { prompts } = await client.listPrompts();
    check(prompts.length === 1 && prompts[0].name === 'greeting', 'greeting listed', prompts);
    const p = await client.getPrompt({ name: 'greeting', arguments: { name: 'Ada', style: 'formal' } });
    check(p.messages.length === 1 && p.messages[0].role === 'user' && p.messages[0].content.text.includes('Ada'),
      'one user message naming Ada', p);
    const c = await client.complete({ ref: { type: 'ref/prompt', name: 'greeting' }, argument: { name: 'style', value: 'f' } });
    check(c.completion.values.join() === 'formal', 'style completes to formal', c);
    const missing = await rpcError(client.getPrompt({ name: 'greeting', arguments: {} }));
    check(missing.code === -32602, 'missing name is -32602', missing.code);
  });

  await step('logging and ping', async () => {
    await client.setLoggingLevel('info');
    const bad = await rpcError(client.setLoggingLevel('loud'));
    check(bad.code === -32602, 'an invalid level is -32602', bad.code);
    await client.ping();
  });

  if (mode === 'http') {
    await step('terminate session', async () => {
      await transport.terminateSession();
    });
  }
}

let exitCode = 0;
let failure;
try {
  await run();
} catch (e) {
  exitCode = 1;
  failure = e.isCheck ? e.message : `${current}: ${e?.name}: ${e?.message}`;
}
try {
  await client.close();
} catch {
  // closing a broken transport may throw; the report already says what failed
}
process.stdout.write(`${JSON.stringify({ ok: exitCode === 0, transport: mode, checks, failure }, null, 2)}\n`);
process.exit(exitCode);
