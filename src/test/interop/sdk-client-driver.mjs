#!/usr/bin/env node
// sdk-client-driver.mjs: a remote-controlled official MCP TypeScript SDK client
// (@modelcontextprotocol/sdk, pinned in package.json), driven by mcp-gateway's Java integration
// tests through dev.mcpgateway.interop.SdkClient.
//
//   node sdk-client-driver.mjs            (commands on stdin, events on stdout, logs on stderr)
//
// PROTOCOL. Newline-delimited JSON both ways, one object per line.
//
// Commands (stdin) are objects {"seq": <number>, "type": <command>, ...fields}. Commands run
// concurrently: a slow callTool does not hold up a ping sent after it. Each command ends with
// exactly one reply:
//   {"type":"reply","seq":N,"ok":true,"result":<JSON>}
//   {"type":"reply","seq":N,"ok":false,"error":{"name","message","code"?,"data"?}}
// A failure inside a command (SDK error, bad field, timeout) is an error reply; the driver itself
// never exits because of one. An unknown command type is an error reply (name "UnknownCommand").
//
// Events (stdout), emitted as they happen:
//   {"type":"ready","pid","node","sdkVersion"}           once, when the SDK has loaded
//   {"type":"fatal","error"}                             the SDK could not be loaded; exit 3 follows
//   {"type":"notification","method","params"}           every notification the server sends
//   {"type":"request","method","params","id"}            every server->client request (sampling,
//                                                        elicitation, roots/list, ping, unknown ones),
//                                                        emitted before the driver answers it
//   {"type":"response-sent","id","method","result"|"error"}  the driver's answer to such a request
//   {"type":"request-sent","seq","id","method"}          command seq sent JSON-RPC request id (the
//                                                        SDK uses the id as progressToken)
//   {"type":"progress","seq","progress"}                 onprogress callback of command seq. NOTE: SDK
//                                                        1.32.2 runs notification handlers in a microtask
//                                                        but responses synchronously, so a progress
//                                                        notification read in the same chunk as the
//                                                        response never reaches onprogress (the SDK
//                                                        reports "unknown token" via onerror). The
//                                                        "notification" events always have every one.
//   {"type":"stderr","line"}                             a stderr line of a stdio server
//   {"type":"sent","message"}                            every message the client sends, and
//   {"type":"received","message"}                        every message it receives, in wire order
//                                                        (connect with "trace":true only)
//   {"type":"transport-error","error"}                   the SDK's onerror
//   {"type":"closed"}                                    the connection closed (either side)
//   {"type":"driver-error","error"}                      a line that is not a command, or an
//                                                        uncaught error inside the driver
//
// Commands. Request-like commands (request, callTool, list*, readResource, getPrompt, complete,
// setLoggingLevel, subscribe, unsubscribe, ping) accept the request options
//   timeoutMs (SDK request timeout, default 60000), progress (true: pass onprogress, so the SDK
//   adds _meta.progressToken and the driver emits "progress" events), resetTimeoutOnProgress,
//   maxTotalTimeoutMs, cancelAfterMs (abort after that long: the SDK sends
//   notifications/cancelled and the reply is {ok:false, error:{name:"AbortError"}}),
//   cancelReason (the reason string sent in notifications/cancelled). An SDK timeout fails with
//   {name:"McpError", code:-32001}; a JSON-RPC error from the server with {name:"McpError", code,
//   data}; an HTTP failure with {name:"StreamableHTTPError", code:<HTTP status>}.
//
//   connect {transport:"http"|"stdio"|"sse", url?, command?, args?, env?, inheritEnv?, cwd?,
//            headers?, protocolVersion?, capabilities?, clientInfo?, trace?, timeoutMs?}
//       -> {sessionId, protocolVersion, serverInfo, serverCapabilities, instructions, serverPid}
//       protocolVersion forces the version sent in initialize (the SDK always sends its latest,
//       so the driver rewrites that one outgoing message). trace:true adds sent/received events.
//       env is merged over the SDK's default child environment (HOME, PATH, ...);
//       inheritEnv:true passes the driver's whole environment. serverPid: the stdio server's pid.
//       Handlers for sampling/createMessage, elicitation/create and roots/list are installed for
//       the capabilities declared.
//   setHandler {method, response? | error?:{code,message,data?}, delayMs?, manual?}
//       scripts the answer to a server->client request method (kept until replaced).
//       manual:true holds each such request until a "respond" command answers it.
//       Unscripted: roots/list answers the roots set by "roots" (default []); sampling and
//       elicitation answer error -32603 "no scripted response".
//   respond {id, result? | error?}      answers a held (manual) request by its JSON-RPC id
//   roots {roots:[{uri,name?}]}         sets the roots answered to roots/list
//   sendRootsListChanged                sends notifications/roots/list_changed
//   request {method, params?}           any request; -> the raw result, unvalidated
//   notify {method, params?}            any notification
//   listTools|listResources|listResourceTemplates|listPrompts {cursor?, all?}
//       all:true follows nextCursor through every page -> {tools|resources|resourceTemplates|
//       prompts: [...], pages}; after listTools all the client caches every tool's output schema
//   callTool {name, arguments?, meta?}  -> CallToolResult (validated by the SDK as a client does)
//   readResource {uri}, getPrompt {name, arguments?}, complete {ref, argument, context?},
//   setLoggingLevel {level}, subscribe {uri}, unsubscribe {uri}, ping
//   cancel {target, reason?}            aborts in-flight command number target (as cancelAfterMs)
//   rawHttp {method?, headers?, body?, url?, session?, timeoutMs?, maxBytes?}
//       plain fetch to the connected URL (or url). session (default true) adds the session id and
//       negotiated MCP-Protocol-Version headers. Reads the body until it ends, timeoutMs (default
//       5000) passes or maxBytes (default 1 MiB) arrive -> {status, headers, body, truncated}
//   terminate                           HTTP: DELETE the session (transport.terminateSession())
//   disconnect                          closes the client; the driver stays up for a new connect
//   close                               closes the client, replies, then the driver exits 0
// End of stdin acts like close; SIGTERM closes the connection too, then exits 143.

import process from 'node:process';
import readline from 'node:readline';

const SDK = './node_modules/@modelcontextprotocol/sdk';
const ANSWERED_REQUESTS = ['sampling/createMessage', 'elicitation/create', 'roots/list'];

// ---- output -----------------------------------------------------------------------------------

function emit(event) {
  let line;
  try {
    line = JSON.stringify(event);
  } catch (e) {
    line = JSON.stringify({ type: 'driver-error', error: { name: 'SerializationError', message: String(e) } });
  }
  process.stdout.write(line + '\n');
}

function log(message) {
  process.stderr.write(`[sdk-client-driver] ${message}\n`);
}

function errorJson(e) {
  if (e === null || e === undefined || typeof e !== 'object') {
    return { name: 'Error', message: String(e) };
  }
  let name = e.name ?? 'Error';
  if (name === 'Error' && e.constructor?.name) name = e.constructor.name;
  const out = { name, message: e.message ?? String(e) };
  if (e.code !== undefined) out.code = e.code;
  if (e.data !== undefined) out.data = e.data;
  return out;
}

class CommandError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

const required = (cmd, field) => {
  if (cmd[field] === undefined || cmd[field] === null) throw new CommandError('InvalidCommand', `${cmd.type}: "${field}" is required`);
  return cmd[field];
};

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

// ---- state (one connection at a time) ---------------------------------------------------------

let sdk;                              // loaded modules
let client = null;
let transport = null;
let transportKind = null;
let connectedUrl = null;
let negotiatedVersion = null;
let roots = [];
const handlers = new Map();           // method -> {response?, error?, delayMs, manual}
const heldRequests = new Map();       // JSON id (as JSON text) -> {resolve, reject}
const inflight = new Map();           // command seq -> AbortController
let sendingSeq = null;                // seq of the command whose SDK call is on the stack right now

// A result "schema" that accepts anything: Protocol.request validates with schema.safeParse.
const RAW_RESULT = { safeParse: (data) => ({ success: true, data }) };

function requireClient() {
  if (!client) throw new CommandError('NotConnected', 'not connected: send connect first');
  return client;
}

// ---- server -> client requests ----------------------------------------------------------------

async function answerServerRequest(method, request, extra) {
  const handler = handlers.get(method);
  if (!handler) {
    if (method === 'roots/list') return { roots };
    throw new sdk.McpError(sdk.ErrorCode.InternalError, `sdk-client-driver: no scripted response for ${method}`);
  }
  if (handler.delayMs) await sleep(handler.delayMs, extra?.signal);
  if (handler.manual) {
    return await new Promise((resolve, reject) => {
      const key = JSON.stringify(request.id ?? extra?.requestId);
      heldRequests.set(key, { resolve, reject });
      extra?.signal?.addEventListener('abort', () => {
        heldRequests.delete(key);
        reject(extra.signal.reason);
      }, { once: true });
    });
  }
  if (handler.error) throw new sdk.McpError(handler.error.code ?? -32603, handler.error.message ?? 'error', handler.error.data);
  return structuredClone(handler.response ?? {});
}

function installRequestHandlers(c, capabilities) {
  const schemas = {
    'sampling/createMessage': [sdk.CreateMessageRequestSchema, 'sampling'],
    'elicitation/create': [sdk.ElicitRequestSchema, 'elicitation'],
    'roots/list': [sdk.ListRootsRequestSchema, 'roots'],
  };
  for (const method of ANSWERED_REQUESTS) {
    const [schema, capability] = schemas[method];
    if (capabilities?.[capability] === undefined) continue; // the SDK refuses handlers for undeclared capabilities
    c.setRequestHandler(schema, (request, extra) => answerServerRequest(method, request, extra));
  }
}

// ---- connect ----------------------------------------------------------------------------------

function buildTransport(cmd) {
  const kind = required(cmd, 'transport');
  const headers = cmd.headers ?? {};
  switch (kind) {
    case 'http':
      return new sdk.StreamableHTTPClientTransport(new URL(required(cmd, 'url')), { requestInit: { headers } });
    case 'sse':
      return new sdk.SSEClientTransport(new URL(required(cmd, 'url')), { requestInit: { headers } });
    case 'stdio': {
      const env = cmd.inheritEnv ? { ...process.env, ...(cmd.env ?? {}) } : (cmd.env ?? {});
      const t = new sdk.StdioClientTransport({ command: required(cmd, 'command'), args: cmd.args ?? [], env, cwd: cmd.cwd, stderr: 'pipe' });
      readline.createInterface({ input: t.stderr }).on('line', (line) => {
        process.stderr.write(`[stdio server] ${line}\n`);
        emit({ type: 'stderr', line });
      });
      return t;
    }
    default:
      throw new CommandError('InvalidCommand', `connect: unknown transport "${kind}" (http, stdio, sse)`);
  }
}

async function connect(cmd) {
  if (client) throw new CommandError('AlreadyConnected', 'already connected: send disconnect first');
  const capabilities = cmd.capabilities ?? {};
  const c = new sdk.Client(cmd.clientInfo ?? { name: 'sdk-client-driver', version: '1.0.0' }, { capabilities });
  installRequestHandlers(c, capabilities);
  const t = buildTransport(cmd);
  let initializeId;
  negotiatedVersion = null;

  // Observe every message both ways. Protocol.connect keeps an onmessage set before it and calls
  // it first, so events are emitted before the SDK handles (and answers) the message.
  const serverRequests = new Map(); // JSON id -> method, to label our answers in response-sent
  t.onmessage = (message) => {
    if (cmd.trace) emit({ type: 'received', message });
    if (typeof message?.method === 'string') {
      if (message.id !== undefined) {
        serverRequests.set(JSON.stringify(message.id), message.method);
        emit({ type: 'request', method: message.method, params: message.params, id: message.id });
      } else {
        emit({ type: 'notification', method: message.method, params: message.params });
      }
    } else if (initializeId !== undefined && message?.id === initializeId && message.result) {
      negotiatedVersion = message.result.protocolVersion ?? null;
    }
  };
  const send = t.send.bind(t);
  t.send = (message, options) => {
    if (sendingSeq !== null && typeof message?.method === 'string' && message.id !== undefined) {
      emit({ type: 'request-sent', seq: sendingSeq, id: message.id, method: message.method });
    }
    if (message?.method === 'initialize') {
      initializeId = message.id;
      // The SDK always asks for its latest version; a forced version is written into this one message.
      if (cmd.protocolVersion) message = { ...message, params: { ...message.params, protocolVersion: cmd.protocolVersion } };
    } else if (message?.method === undefined && message?.id !== undefined) {
      const key = JSON.stringify(message.id);
      if (serverRequests.has(key)) {
        const event = { type: 'response-sent', id: message.id, method: serverRequests.get(key) };
        if ('error' in message) event.error = message.error; else event.result = message.result;
        serverRequests.delete(key);
        emit(event);
      }
    }
    if (cmd.trace) emit({ type: 'sent', message });
    return send(message, options);
  };

  c.onclose = () => {
    if (client === c) {
      client = null;
      transport = null;
    }
    for (const held of heldRequests.values()) held.reject(new Error('connection closed'));
    heldRequests.clear();
    emit({ type: 'closed' });
  };
  c.onerror = (error) => emit({ type: 'transport-error', error: errorJson(error) });

  client = c;
  transport = t;
  transportKind = cmd.transport;
  connectedUrl = cmd.url ?? null;
  try {
    await c.connect(t, cmd.timeoutMs ? { timeout: cmd.timeoutMs } : undefined);
  } catch (e) {
    if (client === c) {
      client = null;
      transport = null;
    }
    await c.close().catch(() => {});
    throw e;
  }
  return {
    sessionId: t.sessionId ?? null,
    protocolVersion: negotiatedVersion ?? t.protocolVersion ?? null,
    serverInfo: c.getServerVersion() ?? null,
    serverCapabilities: c.getServerCapabilities() ?? null,
    instructions: c.getInstructions() ?? null,
    serverPid: t.pid ?? null,
  };
}

// ---- requests ---------------------------------------------------------------------------------

function requestOptions(cmd) {
  const controller = new AbortController();
  inflight.set(cmd.seq, controller);
  const options = { signal: controller.signal };
  if (cmd.timeoutMs !== undefined) options.timeout = cmd.timeoutMs;
  if (cmd.maxTotalTimeoutMs !== undefined) options.maxTotalTimeout = cmd.maxTotalTimeoutMs;
  if (cmd.resetTimeoutOnProgress) options.resetTimeoutOnProgress = true;
  if (cmd.progress) options.onprogress = (progress) => emit({ type: 'progress', seq: cmd.seq, progress });
  if (cmd.cancelAfterMs !== undefined) {
    const timer = setTimeout(() => controller.abort(cmd.cancelReason ?? `cancelled by test after ${cmd.cancelAfterMs} ms`), cmd.cancelAfterMs);
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    options._timer = timer;
  }
  return options;
}

// Runs one SDK request with the command's options; an abort becomes an AbortError.
async function withOptions(cmd, fn) {
  const options = requestOptions(cmd);
  const { _timer: timer, ...sdkOptions } = options;
  try {
    // The SDK sends the request synchronously inside fn, so the send hook can tie it to this seq.
    let pending;
    sendingSeq = cmd.seq;
    try {
      pending = fn(sdkOptions);
    } finally {
      sendingSeq = null;
    }
    return await pending;
  } catch (e) {
    if (options.signal.aborted) {
      const reason = options.signal.reason;
      const error = new CommandError('AbortError', `request cancelled: ${reason instanceof Error ? reason.message : String(reason)}`);
      if (e?.code !== undefined) error.code = e.code;
      throw error;
    }
    throw e;
  } finally {
    clearTimeout(timer);
    inflight.delete(cmd.seq);
  }
}

async function listPages(cmd, method, key) {
  const c = requireClient();
  if (!cmd.all) return withOptions(cmd, (o) => c[method](cmd.cursor ? { cursor: cmd.cursor } : undefined, o));
  const items = [];
  let cursor = cmd.cursor;
  let pages = 0;
  do {
    const page = await withOptions(cmd, (o) => c[method](cursor ? { cursor } : undefined, o));
    items.push(...(page[key] ?? []));
    pages++;
    cursor = page.nextCursor;
    if (pages > 1000) throw new CommandError('PaginationError', `${method}: more than 1000 pages, the server's cursor does not end`);
  } while (cursor);
  // The SDK caches output-schema validators from the last page only; a real client that pages
  // through everything wants every tool's schema enforced.
  if (method === 'listTools') c.cacheToolMetadata(items);
  return { [key]: items, pages };
}

async function rawHttp(cmd) {
  const url = cmd.url ?? connectedUrl;
  if (!url) throw new CommandError('InvalidCommand', 'rawHttp: no url and not connected over HTTP');
  const headers = { ...(cmd.headers ?? {}) };
  if (cmd.session !== false && transport?.sessionId) {
    headers['mcp-session-id'] ??= transport.sessionId;
    if (transport.protocolVersion) headers['mcp-protocol-version'] ??= transport.protocolVersion;
  }
  const body = cmd.body === undefined || typeof cmd.body === 'string' ? cmd.body : JSON.stringify(cmd.body);
  const controller = new AbortController();
  const timeoutMs = cmd.timeoutMs ?? 5000;
  const maxBytes = cmd.maxBytes ?? 1024 * 1024;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { method: cmd.method ?? 'POST', headers, body, signal: controller.signal });
    const chunks = [];
    let size = 0;
    let truncated = false;
    try {
      for await (const chunk of res.body ?? []) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= maxBytes) { truncated = true; break; }
      }
    } catch (e) {
      if (!controller.signal.aborted) throw e;
      truncated = true; // still streaming when the time was up (e.g. a GET SSE stream)
    }
    controller.abort();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: Buffer.concat(chunks.map((c) => Buffer.from(c))).toString('utf8'),
      truncated,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function closeClient() {
  const c = client;
  if (!c) return;
  await Promise.race([c.close(), sleep(5000)]);
  client = null;
  transport = null;
}

const COMMANDS = {
  connect,
  setHandler(cmd) {
    const method = required(cmd, 'method');
    if (!ANSWERED_REQUESTS.includes(method)) throw new CommandError('InvalidCommand', `setHandler: method must be one of ${ANSWERED_REQUESTS.join(', ')}`);
    handlers.set(method, { response: cmd.response, error: cmd.error, delayMs: cmd.delayMs ?? 0, manual: !!cmd.manual });
    return {};
  },
  respond(cmd) {
    const key = JSON.stringify(required(cmd, 'id'));
    const held = heldRequests.get(key);
    if (!held) throw new CommandError('UnknownRequest', `respond: no held request with id ${key}`);
    heldRequests.delete(key);
    if (cmd.error) held.reject(new sdk.McpError(cmd.error.code ?? -32603, cmd.error.message ?? 'error', cmd.error.data));
    else held.resolve(cmd.result ?? {});
    return {};
  },
  roots(cmd) {
    roots = required(cmd, 'roots');
    return {};
  },
  async sendRootsListChanged() {
    await requireClient().sendRootsListChanged();
    return {};
  },
  request(cmd) {
    const c = requireClient();
    const request = { method: required(cmd, 'method'), ...(cmd.params !== undefined ? { params: cmd.params } : {}) };
    return withOptions(cmd, (o) => c.request(request, RAW_RESULT, o));
  },
  async notify(cmd) {
    const notification = { method: required(cmd, 'method'), ...(cmd.params !== undefined ? { params: cmd.params } : {}) };
    await requireClient().notification(notification);
    return {};
  },
  listTools: (cmd) => listPages(cmd, 'listTools', 'tools'),
  listResources: (cmd) => listPages(cmd, 'listResources', 'resources'),
  listResourceTemplates: (cmd) => listPages(cmd, 'listResourceTemplates', 'resourceTemplates'),
  listPrompts: (cmd) => listPages(cmd, 'listPrompts', 'prompts'),
  callTool(cmd) {
    const c = requireClient();
    const params = { name: required(cmd, 'name'), arguments: cmd.arguments ?? {}, ...(cmd.meta ? { _meta: cmd.meta } : {}) };
    return withOptions(cmd, (o) => c.callTool(params, undefined, o));
  },
  readResource(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.readResource({ uri: required(cmd, 'uri') }, o));
  },
  getPrompt(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.getPrompt({ name: required(cmd, 'name'), ...(cmd.arguments ? { arguments: cmd.arguments } : {}) }, o));
  },
  complete(cmd) {
    const c = requireClient();
    const params = { ref: required(cmd, 'ref'), argument: required(cmd, 'argument'), ...(cmd.context ? { context: cmd.context } : {}) };
    return withOptions(cmd, (o) => c.complete(params, o));
  },
  setLoggingLevel(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.setLoggingLevel(required(cmd, 'level'), o));
  },
  subscribe(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.subscribeResource({ uri: required(cmd, 'uri') }, o));
  },
  unsubscribe(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.unsubscribeResource({ uri: required(cmd, 'uri') }, o));
  },
  ping(cmd) {
    const c = requireClient();
    return withOptions(cmd, (o) => c.ping(o));
  },
  cancel(cmd) {
    const controller = inflight.get(required(cmd, 'target'));
    if (!controller) throw new CommandError('UnknownCommand', `cancel: command ${cmd.target} is not in flight`);
    controller.abort(cmd.reason ?? 'cancelled by test');
    return {};
  },
  rawHttp,
  async terminate() {
    requireClient();
    if (transportKind !== 'http') throw new CommandError('InvalidCommand', 'terminate: only for the http transport');
    const sessionId = transport.sessionId ?? null;
    await transport.terminateSession();
    return { sessionId };
  },
  async disconnect() {
    await closeClient();
    return {};
  },
  async close() {
    await closeClient();
    return {};
  },
};

// ---- main loop --------------------------------------------------------------------------------

async function handleLine(line) {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    emit({ type: 'driver-error', error: { name: 'ParseError', message: `not JSON: ${e.message}` } });
    return;
  }
  if (cmd === null || typeof cmd !== 'object' || cmd.seq === undefined) {
    emit({ type: 'driver-error', error: { name: 'InvalidCommand', message: 'a command needs "seq" and "type"' } });
    return;
  }
  const seq = cmd.seq;
  try {
    const run = Object.hasOwn(COMMANDS, cmd.type) ? COMMANDS[cmd.type] : undefined;
    if (!run) throw new CommandError('UnknownCommand', `unknown command "${cmd.type}"`);
    const result = await run(cmd);
    emit({ type: 'reply', seq, ok: true, result: result ?? null });
  } catch (e) {
    emit({ type: 'reply', seq, ok: false, error: errorJson(e) });
  }
  if (cmd.type === 'close') exit(0);
}

let exiting = false;
function exit(code) {
  if (exiting) return;
  exiting = true;
  // Exit only once everything written to stdout has been flushed to the pipe.
  process.stdout.write('', () => process.exit(code));
}

process.on('uncaughtException', (e) => {
  log(`uncaught: ${e?.stack ?? e}`);
  emit({ type: 'driver-error', error: errorJson(e) });
});
process.on('unhandledRejection', (e) => {
  log(`unhandled rejection: ${e?.stack ?? e}`);
  emit({ type: 'driver-error', error: errorJson(e) });
});
process.stdout.on('error', () => process.exit(1)); // the test JVM went away
// A SIGTERM (the test tearing down) still closes the connection, so a stdio server gets its end of input.
process.on('SIGTERM', () => {
  closeClient().catch(() => {}).finally(() => exit(143));
});

try {
  const [client_, types, http, stdio, sse] = await Promise.all([
    import(`${SDK}/dist/esm/client/index.js`),
    import(`${SDK}/dist/esm/types.js`),
    import(`${SDK}/dist/esm/client/streamableHttp.js`),
    import(`${SDK}/dist/esm/client/stdio.js`),
    import(`${SDK}/dist/esm/client/sse.js`),
  ]);
  sdk = { ...types, Client: client_.Client, StreamableHTTPClientTransport: http.StreamableHTTPClientTransport, StdioClientTransport: stdio.StdioClientTransport, SSEClientTransport: sse.SSEClientTransport };
} catch (e) {
  emit({ type: 'fatal', error: { ...errorJson(e), message: `cannot load the MCP SDK from ${SDK} (run install.sh): ${e.message}` } });
  exit(3);
}

if (sdk) {
  const { createRequire } = await import('node:module');
  const sdkVersion = createRequire(import.meta.url)(`${SDK}/package.json`).version;
  emit({ type: 'ready', pid: process.pid, node: process.version, sdkVersion });
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => { handleLine(line); });
  input.on('close', async () => {
    await closeClient().catch(() => {});
    exit(0);
  });
}
