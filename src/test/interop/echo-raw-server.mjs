#!/usr/bin/env node
// echo-raw-server.mjs: a tiny stdio MCP server for mcp-gateway's integration tests that shows
// exactly which bytes reach a backend. It reads raw JSON-RPC lines (no SDK, no JSON.parse of the
// parts it echoes, so 1.10 stays 1.10 and 1e400 is not turned into Infinity) and answers with
// hand-written JSON.
//
//   node echo-raw-server.mjs            (MCP on stdin/stdout, log lines on stderr)
//
// Tools:
//   echo_raw         result {"content":[{"type":"text","text":<the raw text of params.arguments>,
//                    "x-raw-item":{...}}],"x-raw-extension":{...},"isError":false}: the text is
//                    the arguments exactly as they arrived; the x-raw-* members are fields no MCP
//                    schema knows, with numbers JavaScript cannot represent.
//   wait_for_cancel  never answers on its own: it waits for notifications/cancelled for its
//                    request and logs "echo-raw-server: cancelled request <raw id> reason <raw
//                    reason>" on stderr (answers after 60 s if nothing comes).
//   filler_NNN       RAW_TOOL_COUNT (env, default 0) more tools, to make long tool lists.
// tools/list is served RAW_PAGE_SIZE (env, default 25) tools per page with its own cursors.
// Every line received is logged on stderr as "echo-raw-server: received <line>" when
// RAW_LOG_RECEIVED=1.

import process from 'node:process';

const SUPPORTED = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const TOOL_COUNT = Number.parseInt(process.env.RAW_TOOL_COUNT ?? '0', 10);
const PAGE_SIZE = Number.parseInt(process.env.RAW_PAGE_SIZE ?? '25', 10);
const LOG_RECEIVED = process.env.RAW_LOG_RECEIVED === '1';

// Unknown members of the result, kept as text so the numbers survive as written.
const EXTENSION = '{"price":1.10,"huge":1e400,"big":123456789012345678901234567890,"nested":{"unknown":[true,null,-0.0,2E+3]}}';
const ITEM_EXTRA = '{"precise":0.30000000000000000001}';

function log(text) {
  process.stderr.write(`echo-raw-server: ${text}\n`);
}

function send(line) {
  process.stdout.write(line + '\n');
}

// ---- a minimal JSON scanner: the [start, end) span of a member's value in the raw text -----

function skipWs(s, i) {
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  return i;
}

function skipString(s, i) {
  if (s[i] !== '"') throw new Error(`string expected at ${i}`);
  i++;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) throw new Error('unterminated string');
  return i + 1;
}

function skipValue(s, i) {
  i = skipWs(s, i);
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    i = skipWs(s, i + 1);
    if (s[i] === close) return i + 1;
    for (;;) {
      if (c === '{') {
        i = skipString(s, skipWs(s, i));
        i = skipWs(s, i);
        if (s[i] !== ':') throw new Error(`':' expected at ${i}`);
        i++;
      }
      i = skipWs(s, skipValue(s, i));
      if (s[i] === ',') { i++; continue; }
      if (s[i] === close) return i + 1;
      throw new Error(`',' or '${close}' expected at ${i}`);
    }
  }
  const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(i, i + 4096));
  if (!m) throw new Error(`value expected at ${i}`);
  return i + m[0].length;
}

/** The raw text of member `name` of the object starting at i (or null if absent). */
function member(s, i, name) {
  i = skipWs(s, i);
  if (s[i] !== '{') return null;
  i = skipWs(s, i + 1);
  if (s[i] === '}') return null;
  for (;;) {
    const keyStart = skipWs(s, i);
    const keyEnd = skipString(s, keyStart);
    const key = JSON.parse(s.slice(keyStart, keyEnd));
    i = skipWs(s, keyEnd) + 1; // past ':'
    const valueStart = skipWs(s, i);
    const valueEnd = skipValue(s, valueStart);
    if (key === name) return { text: s.slice(valueStart, valueEnd), start: valueStart };
    i = skipWs(s, valueEnd);
    if (s[i] === ',') { i++; continue; }
    return null;
  }
}

// ---- MCP ------------------------------------------------------------------------------------

const TOOLS = [
  '{"name":"echo_raw","description":"Returns the raw text of its arguments, exactly as received.","inputSchema":{"type":"object"}}',
  '{"name":"wait_for_cancel","description":"Waits until the call is cancelled.","inputSchema":{"type":"object"}}',
];
for (let n = 1; n <= TOOL_COUNT; n++) {
  const name = `filler_${String(n).padStart(3, '0')}`;
  TOOLS.push(`{"name":"${name}","description":"Filler tool number ${n}, to make the tool list long.","inputSchema":{"type":"object","properties":{}}}`);
}

const waiting = new Map(); // raw request id text -> timer

function result(idText, resultText) {
  send(`{"jsonrpc":"2.0","id":${idText},"result":${resultText}}`);
}

function error(idText, code, message) {
  send(`{"jsonrpc":"2.0","id":${idText},"error":{"code":${code},"message":${JSON.stringify(message)}}}`);
}

function handle(line) {
  if (LOG_RECEIVED) log(`received ${line}`);
  const message = JSON.parse(line); // only for method, names and cursors; echoed parts come from the raw text
  const id = member(line, 0, 'id');
  const params = member(line, 0, 'params');
  if (message.method === undefined) return; // a response to a request we never send
  if (id === null) {
    if (message.method === 'notifications/cancelled') {
      const requestId = member(params.text, 0, 'requestId')?.text;
      const reason = member(params.text, 0, 'reason')?.text ?? 'none';
      if (waiting.has(requestId)) {
        clearTimeout(waiting.get(requestId));
        waiting.delete(requestId);
        log(`cancelled request ${requestId} reason ${reason}`);
      } else {
        log(`cancellation of unknown request ${requestId} reason ${reason}`);
      }
    }
    return;
  }
  switch (message.method) {
    case 'initialize': {
      const requested = message.params?.protocolVersion;
      const version = SUPPORTED.includes(requested) ? requested : SUPPORTED[SUPPORTED.length - 1];
      result(id.text, `{"protocolVersion":"${version}","capabilities":{"tools":{}},"serverInfo":{"name":"echo-raw-server","version":"1.0.0"}}`);
      return;
    }
    case 'ping':
      result(id.text, '{}');
      return;
    case 'tools/list': {
      const cursor = message.params?.cursor;
      const offset = cursor === undefined ? 0 : Number.parseInt(String(cursor).replace('raw-page-', ''), 10);
      if (!Number.isInteger(offset) || offset < 0 || offset > TOOLS.length) {
        error(id.text, -32602, `invalid cursor ${cursor}`);
        return;
      }
      const end = Math.min(TOOLS.length, offset + PAGE_SIZE);
      const next = end < TOOLS.length ? `,"nextCursor":"raw-page-${end}"` : '';
      result(id.text, `{"tools":[${TOOLS.slice(offset, end).join(',')}]${next}}`);
      return;
    }
    case 'tools/call': {
      const name = message.params?.name;
      if (name === 'echo_raw') {
        const args = member(params.text, 0, 'arguments')?.text ?? '';
        result(id.text, `{"content":[{"type":"text","text":${JSON.stringify(args)},"x-raw-item":${ITEM_EXTRA}}],"x-raw-extension":${EXTENSION},"isError":false}`);
      } else if (name === 'wait_for_cancel') {
        log(`waiting for the cancellation of request ${id.text}`);
        waiting.set(id.text, setTimeout(() => {
          waiting.delete(id.text);
          result(id.text, '{"content":[{"type":"text","text":"nobody cancelled me"}]}');
        }, 60_000));
      } else if (typeof name === 'string' && name.startsWith('filler_')) {
        result(id.text, `{"content":[{"type":"text","text":"${name} called"}]}`);
      } else {
        result(id.text, `{"content":[{"type":"text","text":"unknown tool ${String(name).replace(/[^\w-]/g, '?')}"}],"isError":true}`);
      }
      return;
    }
    default:
      error(id.text, -32601, `Method not found: ${message.method}`);
  }
}

let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, newline).replace(/\r$/, '');
    buffer = buffer.slice(newline + 1);
    if (!line.trim()) continue;
    try {
      handle(line);
    } catch (e) {
      log(`cannot handle ${JSON.stringify(line.slice(0, 200))}: ${e.message}`);
    }
  }
});
process.stdin.on('end', () => process.exit(0));
log('ready');
