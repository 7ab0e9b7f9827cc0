package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonSyntaxException;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server over Streamable HTTP at {@code /mcp}, on Jetty 12 core (no servlets).
 *
 * <ul>
 *   <li>POST: requests are answered with {@code application/json}, except a request carrying
 *       {@code _meta.progressToken} (and a client that accepts {@code text/event-stream}), which
 *       gets an SSE stream: headers at once, progress notifications, the response, end. A body of
 *       only notifications or responses gets 202. A batch is answered with one JSON array.
 *   <li>Sessions: {@code initialize} creates one ({@code Mcp-Session-Id}, 128 random bits from
 *       SecureRandom); any other request without the header gets 400, with an unknown id 404.
 *   <li>GET opens the session's server stream: SSE, kept alive with a comment every 15 s, carrying
 *       no messages (the demo has nothing to say unprompted). One per session; a second gets 409.
 *   <li>DELETE ends the session (200); its running calls are cancelled and its GET stream ends.
 *   <li>An {@code Origin} header that is not loopback gets 403 (DNS-rebinding protection); an
 *       unsupported {@code MCP-Protocol-Version} gets 400.
 * </ul>
 *
 * <p>Threads: Jetty's pool reads bodies and answers fast requests inline (no hand-off: this is
 * the benchmark backend); anything that may sleep (the slow tool, injected latency, SSE, batches)
 * runs on a virtual thread, and idle timeouts are ignored while it works. Hung requests (hang
 * faults) hold no thread: their exchange stays open until the connection's idle timeout
 * ({@value #CONNECTION_IDLE_MINUTES} minutes; Jetty does not notice a client that leaves while
 * nothing is read or written) or until the server stops, which drops their connections.
 */
public final class DemoHttpServer implements AutoCloseable {

    static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    static final int MAX_SESSIONS = 10_000;
    static final Duration IDLE_SESSION_EVICTION = Duration.ofMinutes(10);
    static final int CONNECTION_IDLE_MINUTES = 5;
    static final Duration CONNECTION_IDLE_TIMEOUT = Duration.ofMinutes(CONNECTION_IDLE_MINUTES);
    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(DemoHttpServer.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final DemoServer server;
    private final Server jetty;
    private final ServerConnector connector;
    private final Runnable onCrash;
    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    /** Exchanges held open by hang faults; the server drops their connections when it stops. */
    private final Set<HeldExchange> held = ConcurrentHashMap.newKeySet();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("demo-http-call-", 0).factory());
    private final ScheduledExecutorService keepAlives =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("demo-http-keepalive").factory());
    private final SecureRandom random = new SecureRandom();

    /** A request a hang fault never answers. */
    private record HeldExchange(Request request, Callback callback) {
        /**
         * Drops the connection rather than answering: to the client the server simply went away.
         * Jetty then reports the failure to the listener {@link #hold} registered, which completes
         * the exchange (completing it here too would race Jetty's own failure handling).
         */
        void abandon() {
            request.getConnectionMetaData().getConnection().getEndPoint().close(new EofException("demo server stopped"));
        }
    }

    /** One client session: the protocol state plus its GET stream (guarded by the session). */
    private static final class HttpSession {
        final String id;
        final DemoSession state = new DemoSession();
        volatile long lastUsedNanos = System.nanoTime();
        SseServerStream serverStream;

        HttpSession(String id) {
            this.id = id;
        }

        synchronized SseServerStream takeServerStream() {
            SseServerStream s = serverStream;
            serverStream = null;
            return s;
        }
    }

    private DemoHttpServer(DemoServer server, String host, int port, Runnable onCrash, Duration keepAliveInterval) {
        this.server = server;
        this.onCrash = onCrash != null ? onCrash : () -> Thread.ofPlatform().name("demo-http-crash").start(this::close);
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("demo-http");
        this.jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(CONNECTION_IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        jetty.setHandler(new McpHandler());
        server.onDropSessions(this::dropAllSessions);
        long every = keepAliveInterval.toMillis();
        keepAlives.scheduleAtFixedRate(this::sendKeepAlives, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts a demo server on {@code host:port} (port 0 picks a free one); a crash fault stops it. */
    public static DemoHttpServer start(String host, int port, DemoFaults faults) throws Exception {
        return start(host, port, faults, null);
    }

    /**
     * Starts a demo server on {@code host:port} (port 0 picks a free one).
     *
     * @param onCrash what a crash fault does; null stops this server (the CLI halts the JVM)
     */
    public static DemoHttpServer start(String host, int port, DemoFaults faults, Runnable onCrash) throws Exception {
        return start(new DemoServer(faults), host, port, onCrash, KEEP_ALIVE_INTERVAL);
    }

    static DemoHttpServer start(DemoServer server, String host, int port, Runnable onCrash, Duration keepAliveInterval) throws Exception {
        DemoHttpServer http = new DemoHttpServer(server, host, port, onCrash, keepAliveInterval);
        try {
            http.jetty.start();
        } catch (Exception e) {
            http.close();
            throw e;
        }
        return http;
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:39123/mcp}. */
    public URI endpoint() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + PATH);
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    public DemoFaults faults() {
        return server.faults();
    }

    /** Number of live sessions (for tests and diagnostics). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Stops listening, ends every stream and held exchange, cancels running calls. Idempotent. */
    @Override
    public void close() {
        keepAlives.shutdownNow();
        sessions.values().forEach(this::endSession);
        dropAllSessions();
        held.forEach(HeldExchange::abandon);
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("demo-server: stopping Jetty failed: {}", e.toString());
        }
        calls.shutdownNow();
    }

    // ---- HTTP handling ----

    private final class McpHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!PATH.equals(Request.getPathInContext(request))) {
                return false; // Jetty answers 404
            }
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin != null && !isLoopbackOrigin(origin)) {
                httpError(response, callback, 403, JsonRpcErrors.SERVER_ERROR, "Forbidden: Origin " + origin + " is not allowed");
                return true;
            }
            String version = request.getHeaders().get(VERSION_HEADER);
            if (version != null && !DemoServer.PROTOCOL_VERSIONS.contains(version)) {
                httpError(response, callback, 400, JsonRpcErrors.SERVER_ERROR,
                        "Bad Request: unsupported " + VERSION_HEADER + " " + version + " (supported: " + String.join(", ", DemoServer.PROTOCOL_VERSIONS) + ")");
                return true;
            }
            switch (request.getMethod()) {
                case "POST" -> post(request, response, callback);
                case "GET" -> get(request, response, callback);
                case "DELETE" -> delete(request, response, callback);
                default -> {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE");
                    httpError(response, callback, 405, JsonRpcErrors.SERVER_ERROR, "Method Not Allowed: " + request.getMethod());
                }
            }
            return true;
        }
    }

    private void post(Request request, Response response, Callback callback) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            httpError(response, callback, 415, JsonRpcErrors.SERVER_ERROR, "Unsupported Media Type: POST a JSON-RPC message as application/json");
            return;
        }
        // BLOCKING: the continuation answers fast requests inline, which must never happen on a selector thread.
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.from(InvocationType.BLOCKING, (body, failure) -> {
            if (failure != null) {
                // Too large, or the client went away mid-body.
                httpError(response, callback, 413, JsonRpcErrors.INVALID_REQUEST, "Request body unreadable or larger than " + MAX_BODY_BYTES + " bytes");
            } else {
                onPostBody(request, response, callback, body);
            }
        }));
    }

    private void onPostBody(Request request, Response response, Callback callback, byte[] body) {
        JsonRpc.Body parsed;
        try {
            parsed = JsonRpc.parseBody(body);
        } catch (JsonSyntaxException e) {
            send(response, callback, 400, DemoServer.parseError(e.getMessage()));
            return;
        } catch (InvalidMessageException e) {
            send(response, callback, 400, DemoServer.invalid(e));
            return;
        }
        if (parsed instanceof JsonRpc.Body.Single(JsonRpcRequest init) && "initialize".equals(init.method())) {
            initialize(request, response, callback, init);
            return;
        }
        HttpSession session = requireSession(request, response, callback);
        if (session == null) {
            return;
        }
        switch (parsed) {
            case JsonRpc.Body.Single(JsonRpcMessage message) when !(message instanceof JsonRpcRequest) -> {
                server.handle(session.state, message, DemoOutbound.DISCARD); // cancellations are quick
                accepted(response, callback);
            }
            case JsonRpc.Body.Single(JsonRpcMessage message) -> {
                JsonRpcRequest call = (JsonRpcRequest) message;
                boolean streamed = wantsStream(request, call);
                if (streamed || server.mayBlock(call)) {
                    // A call still working is not idle: its own completion ends the exchange.
                    request.addIdleTimeoutListener(timeout -> false);
                    calls.execute(streamed
                            ? () -> answerAsStream(session, call, request, response, callback)
                            : () -> respond(request, response, callback, server.handle(session.state, call, DemoOutbound.DISCARD)));
                } else {
                    respond(request, response, callback, server.handle(session.state, call, DemoOutbound.DISCARD));
                }
            }
            case JsonRpc.Body.Batch batch -> calls.execute(() -> {
                request.addIdleTimeoutListener(timeout -> false);
                DemoReply reply = server.handleBatch(session.state, batch, DemoOutbound.DISCARD);
                if (reply == DemoReply.Silent.NONE) {
                    accepted(response, callback); // only notifications and responses
                } else {
                    respond(request, response, callback, reply);
                }
            });
        }
    }

    private void initialize(Request request, Response response, Callback callback, JsonRpcRequest init) {
        if (sessions.size() >= MAX_SESSIONS) {
            evictIdleSessions();
            if (sessions.size() >= MAX_SESSIONS) {
                httpError(response, callback, 503, JsonRpcErrors.SERVER_ERROR, "Service Unavailable: too many sessions (" + MAX_SESSIONS + ")");
                return;
            }
        }
        HttpSession session = new HttpSession(HexFormat.of().formatHex(randomBytes()));
        DemoReply reply = server.handle(session.state, init, DemoOutbound.DISCARD);
        if (reply instanceof DemoReply.Response(byte[] json) && session.state.protocolVersion() != null) {
            sessions.put(session.id, session);
            response.getHeaders().put(SESSION_HEADER, session.id);
            sendJson(response, callback, 200, json);
        } else {
            respond(request, response, callback, reply); // an error, or a wedged server: no session
        }
    }

    private void answerAsStream(HttpSession session, JsonRpcRequest call, Request request, Response response, Callback callback) {
        SseResponse stream = new SseResponse(response, callback);
        stream.open();
        DemoReply reply = server.handle(session.state, call, stream);
        switch (reply) {
            case DemoReply.Response(byte[] json) -> {
                stream.send(json);
                stream.end();
            }
            case DemoReply.Silent.GARBAGE -> {
                stream.send(DemoMessages.GARBAGE);
                stream.end();
            }
            case DemoReply.Silent.HANG -> hold(request, callback);
            case DemoReply.Silent.CRASH -> crash();
            case DemoReply.Silent.NONE -> stream.end(); // cancelled: the stream ends without a response
        }
    }

    /** Answers a request whose response is not streamed. */
    private void respond(Request request, Response response, Callback callback, DemoReply reply) {
        switch (reply) {
            case DemoReply.Response(byte[] json) -> sendJson(response, callback, 200, json);
            case DemoReply.Silent.GARBAGE -> sendJson(response, callback, 200, DemoMessages.GARBAGE);
            case DemoReply.Silent.HANG -> hold(request, callback);
            case DemoReply.Silent.CRASH -> crash();
            case DemoReply.Silent.NONE -> {
                // Cancelled: a request must not be answered 202, so end an (empty) event stream instead.
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                response.write(true, EMPTY, callback);
            }
        }
    }

    private void get(Request request, Response response, Callback callback) {
        if (!acceptsEventStream(request)) {
            httpError(response, callback, 406, JsonRpcErrors.SERVER_ERROR, "Not Acceptable: GET opens an SSE stream; send Accept: text/event-stream");
            return;
        }
        HttpSession session = requireSession(request, response, callback);
        if (session == null) {
            return;
        }
        SseServerStream stream;
        synchronized (session) {
            if (session.serverStream != null) {
                httpError(response, callback, 409, JsonRpcErrors.SERVER_ERROR, "Conflict: this session already has a GET stream");
                return;
            }
            stream = new SseServerStream(response, callback, ended -> {
                synchronized (session) {
                    if (session.serverStream == ended) {
                        session.serverStream = null;
                    }
                }
            });
            session.serverStream = stream;
        }
        request.addFailureListener(stream::fail);
        stream.open();
    }

    private void delete(Request request, Response response, Callback callback) {
        String id = request.getHeaders().get(SESSION_HEADER);
        if (id == null) {
            httpError(response, callback, 400, JsonRpcErrors.SERVER_ERROR, "Bad Request: " + SESSION_HEADER + " header is required");
            return;
        }
        HttpSession session = sessions.remove(id);
        if (session == null) {
            httpError(response, callback, 404, -32001, "Session not found");
            return;
        }
        endSession(session);
        response.setStatus(200);
        response.write(true, EMPTY, callback);
    }

    // ---- sessions ----

    /** The session named by the request, or null after answering 400 (no header) or 404 (unknown). */
    private HttpSession requireSession(Request request, Response response, Callback callback) {
        String id = request.getHeaders().get(SESSION_HEADER);
        if (id == null) {
            httpError(response, callback, 400, JsonRpcErrors.SERVER_ERROR, "Bad Request: " + SESSION_HEADER + " header is required (send initialize first)");
            return null;
        }
        HttpSession session = sessions.get(id);
        if (session == null) {
            httpError(response, callback, 404, -32001, "Session not found");
            return null;
        }
        session.lastUsedNanos = System.nanoTime();
        return session;
    }

    /**
     * Forgets every session (the drop_session fault, and stopping). Calls already running are
     * left to finish and answer on their own exchanges: a server that lost its session table
     * would still complete work in progress.
     */
    private void dropAllSessions() {
        for (String id : sessions.keySet()) {
            HttpSession session = sessions.remove(id);
            if (session != null) {
                closeServerStream(session);
            }
        }
    }

    /** DELETE or eviction: the client is done, so its running calls are cancelled too. */
    private void endSession(HttpSession session) {
        session.state.cancelAll();
        closeServerStream(session);
    }

    private static void closeServerStream(HttpSession session) {
        SseServerStream stream = session.takeServerStream();
        if (stream != null) {
            stream.close();
        }
    }

    private void evictIdleSessions() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> {
            boolean idle = now - s.lastUsedNanos > IDLE_SESSION_EVICTION.toNanos();
            if (idle) {
                endSession(s);
            }
            return idle;
        });
    }

    private void sendKeepAlives() {
        try {
            for (HttpSession session : sessions.values()) {
                SseServerStream stream;
                synchronized (session) {
                    stream = session.serverStream;
                }
                if (stream != null) {
                    stream.keepAlive();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("demo-server: keep-alive round failed: {}", e.toString()); // never kill the schedule
        }
    }

    // ---- faults ----

    private void hold(Request request, Callback callback) {
        HeldExchange exchange = new HeldExchange(request, callback);
        held.add(exchange);
        // The connection failed (idle timeout, client gone): let Jetty clean the exchange up.
        request.addFailureListener(failure -> {
            if (held.remove(exchange)) {
                callback.failed(failure);
            }
        });
    }

    private void crash() {
        LOG.warn("demo-server: crash fault: stopping without answering");
        onCrash.run();
    }

    // ---- writing ----

    private static boolean wantsStream(Request request, JsonRpcRequest call) {
        JsonValue meta = call.meta();
        if (meta == null || !meta.has("progressToken")) {
            return false;
        }
        return acceptsEventStream(request);
    }

    /** True if any Accept header (there may be several) lists text/event-stream. */
    private static boolean acceptsEventStream(Request request) {
        for (String accept : request.getHeaders().getValuesList(HttpHeader.ACCEPT)) {
            if (accept.contains("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    private static void send(Response response, Callback callback, int status, DemoReply reply) {
        sendJson(response, callback, status, ((DemoReply.Response) reply).json());
    }

    private static void sendJson(Response response, Callback callback, int status, byte[] json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    private static void accepted(Response response, Callback callback) {
        response.setStatus(202);
        response.write(true, EMPTY, callback);
    }

    /** An HTTP-level refusal; the body is a JSON-RPC error without id, as the spec allows. */
    private static void httpError(Response response, Callback callback, int status, int code, String message) {
        sendJson(response, callback, status, DemoMessages.error(null, code, message));
    }

    private static boolean isLoopbackOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }
}
