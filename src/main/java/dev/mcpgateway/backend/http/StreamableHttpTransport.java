package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.SessionExpiredException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonScanner;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP Streamable HTTP transport (protocol 2025-03-26 and later) to one server: one instance
 * is one upstream session.
 *
 * <p><b>Sending.</b> Each {@link #send} is one POST of the message's bytes, exactly as given.
 * {@code Mcp-Session-Id} is sent once the server assigned one (from the {@code initialize}
 * answer), {@code MCP-Protocol-Version} once {@link #initialized} was called. A request answered
 * with JSON is delivered before {@code send} returns; a request answered with an event stream
 * returns as soon as the headers arrive and its events are delivered from a virtual thread, in
 * order, with the request's id as {@code relatedRequestId}. If that stream ends or breaks before
 * the response and the server gave event ids, the stream is resumed with GET and
 * {@code Last-Event-ID} (honouring {@code retry:}); if it cannot be, the listener hears
 * {@code onResponseLost}.
 *
 * <p><b>Errors.</b> 404 while a session id is held: the session id is forgotten and
 * {@link SessionExpiredException} is thrown; until the next {@code initialize} succeeds, every
 * other send throws it at once (servers answer 400 to requests without a session id). 429 and
 * 5xx: {@link UpstreamHttpException} with {@code Retry-After}. Other 4xx: a JSON-RPC error for
 * this request's id is delivered as the answer; otherwise {@link UpstreamHttpException}. A
 * connection that cannot be opened: {@link UpstreamException} with {@code reachedServer=false}.
 * A body that is not JSON-RPC: {@code onGarbage} and {@link UpstreamException}.
 *
 * <p><b>The GET stream.</b> After {@link #initialized} the transport holds the server's GET
 * stream open (one at a time) for server-initiated messages (delivered with a null
 * {@code relatedRequestId}), reconnecting with jittered backoff and {@code Last-Event-ID}. 405:
 * the server has none, stop. 404: the session is gone, stop (the next send throws
 * {@link SessionExpiredException}).
 *
 * <p><b>When the server is declared gone.</b> If the GET stream cannot reach the server
 * (connection refused, DNS failure, connect timeout) on
 * {@link HttpTransportOptions#unreachableAttempts()} consecutive attempts, the transport calls
 * {@code onClosed} once and every later send fails with {@code reachedServer=false}: the layer
 * above then replaces the transport. A server that answers at all, with any status, is never
 * declared gone this way; a server without a GET stream is only ever judged by its POSTs.
 *
 * <p><b>Closing.</b> {@link #close()} stops the listener, aborts every exchange and stream, and
 * DELETEs the session (bounded by {@link HttpTransportOptions#closeTimeout()}; 404, 405 and
 * failures are ignored).
 *
 * <p>Header values are never logged; URLs are logged without user info and query; session ids are
 * logged as their first 8 characters.
 */
public final class StreamableHttpTransport implements UpstreamTransport {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    static final String POST_ACCEPT = MediaTypes.JSON + ", " + MediaTypes.EVENT_STREAM;
    // Headers every POST carries, encoded once: Jetty writes a plain field's value character by
    // character, checking each (2.3% of the gateway's CPU samples at 16 clients, JFR, 2026-12-07).
    private static final HttpField POST_ACCEPT_FIELD = new PreEncodedHttpField(HttpHeader.ACCEPT, POST_ACCEPT);
    private static final HttpField JSON_CONTENT_TYPE_FIELD = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, MediaTypes.JSON);

    /** Headers the transport sets itself; configuring them would break the protocol. */
    static final Set<String> MANAGED_HEADERS = Set.of("accept", "content-type", "content-length",
            "transfer-encoding", "connection", "host", "mcp-session-id", "mcp-protocol-version",
            "last-event-id");

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);
    private static final int ERROR_BODY_BYTES = 64 * 1024;
    private static final Duration READER_JOIN = Duration.ofSeconds(2);

    private final String backend;
    private final URI url;
    private final String urlForLog;
    private final FixedHeaders fixedHeaders;
    private final HttpClient http;
    private final HttpTransportOptions options;
    private final OutboundHeaders outboundHeaders;

    private final AtomicReference<Session> session = new AtomicReference<>(Session.INITIAL);
    /** Requests whose answer is still being read, by JSON-RPC id (for {@link #abandon}). */
    private final Map<JsonValue, PostResponseStream> inFlight = new ConcurrentHashMap<>();
    /** Every live exchange, so close can abort them all. */
    private final Set<UpstreamExchange> exchanges = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    private final Object serverStreamLock = new Object();
    private ServerStream serverStream; // guarded by serverStreamLock

    private volatile GuardedListener listener;
    private volatile MessageDelivery delivery;
    private volatile boolean closed;
    private volatile String goneReason;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);

    /**
     * @param backend the backend's name, for logs
     * @param url the MCP endpoint (http or https)
     * @param headers headers sent on every request (e.g. Authorization); values are never logged
     * @throws IllegalArgumentException for a bad URL or a header the transport manages itself
     */
    public StreamableHttpTransport(String backend, URI url, Map<String, String> headers,
            BackendHttpClient client, HttpTransportOptions options) {
        this(backend, url, headers, client, options, OutboundHeaders.NONE);
    }

    /**
     * @param outboundHeaders headers decided per message (trace context, request id), added to each POST
     */
    public StreamableHttpTransport(String backend, URI url, Map<String, String> headers,
            BackendHttpClient client, HttpTransportOptions options, OutboundHeaders outboundHeaders) {
        this.outboundHeaders = Objects.requireNonNull(outboundHeaders, "outboundHeaders");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.url = requireHttpUrl(url);
        this.urlForLog = SafeUrl.of(url);
        this.fixedHeaders = FixedHeaders.of(this.url, validateHeaders(headers));
        this.http = Objects.requireNonNull(client, "client").jettyFor(this.url);
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String kind() {
        return "streamable_http";
    }

    /** The current {@code Mcp-Session-Id}, or null; for diagnostics (log only a prefix). */
    public String sessionId() {
        return session.get().id();
    }

    /** The negotiated protocol version sent as {@code MCP-Protocol-Version}, or null. */
    public String protocolVersion() {
        return session.get().protocolVersion();
    }

    @Override
    public void start(Listener listener) throws UpstreamException {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new UpstreamException("the transport is closed", false);
        }
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            GuardedListener guarded = new GuardedListener(listener, backend);
            this.delivery = new MessageDelivery(backend, guarded);
            this.listener = guarded;
        }
        log.debug("backend {}: Streamable HTTP transport to {} started", backend, urlForLog);
    }

    @Override
    public void send(JsonRpcMessage message) throws UpstreamException {
        AsyncCalls.await(sendAsync(message));
    }

    /**
     * POSTs the message without waiting. The answer is handled on the HTTP client's thread when
     * it is the usual one (a JSON body, delivered to the listener at once, or an event stream,
     * handed to a reader); anything else (an initialize, an HTTP error, a lost session) is
     * handled on a virtual thread, since that may wait (stopping the GET stream, for one). The
     * per-message headers (trace context, request id) are taken on the calling thread.
     */
    @Override
    public CompletableFuture<Void> sendAsync(JsonRpcMessage message) {
        GuardedListener l;
        try {
            l = requireUsable();
        } catch (UpstreamException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean initialize = message instanceof JsonRpcRequest r && "initialize".equals(r.method());
        JsonValue requestId = message instanceof JsonRpcRequest r ? r.id() : null;
        Session current = session.get();
        if (!initialize && current.lost()) {
            return CompletableFuture.failedFuture(
                    new SessionExpiredException("the server no longer knows our MCP session; re-initialize first", false));
        }
        Session sent = initialize ? null : current;
        Request post = newRequest(HttpMethod.POST, sent)
                .headers(h -> {
                    outboundHeaders.addTo(h::put);
                    h.put(POST_ACCEPT_FIELD);
                    h.put(JSON_CONTENT_TYPE_FIELD); // Jetty leaves a Content-Type that is already there
                })
                .body(new ByteBufferRequestContent(MediaTypes.JSON, message.json().toByteBuffer()));
        if (requestId == null) {
            post.timeout(options.acknowledgeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            post.idleTimeout(options.responseIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        UpstreamExchange exchange = track(new UpstreamExchange(post));
        PostResponseStream call = new PostResponseStream(this, requestId, exchange);
        if (requestId != null) {
            inFlight.put(requestId, call);
        }
        if (closed) {
            exchange.abort("transport closed");
            forget(exchange, requestId, call);
            return CompletableFuture.failedFuture(closedException());
        }
        Posted posted = new Posted(l, initialize, requestId, current, sent, exchange, call);
        CompletableFuture<Void> handled = new CompletableFuture<>();
        exchange.sendAsync(this::bodyLimit).whenComplete((answer, failure) -> {
            if (failure != null) {
                forget(exchange, requestId, call);
                handled.completeExceptionally(AsyncCalls.cause(failure));
            } else if (!initialize && isUsual(answer.response())) {
                try {
                    handleAnswer(posted, answer);
                    handled.complete(null);
                } catch (UpstreamException | RuntimeException e) {
                    handled.completeExceptionally(e);
                }
            } else {
                AsyncCalls.onVirtualThread(() -> handleAnswer(posted, answer)).whenComplete((done, e) -> {
                    if (e == null) {
                        handled.complete(null);
                    } else {
                        handled.completeExceptionally(AsyncCalls.cause(e));
                    }
                });
            }
        });
        return handled;
    }

    /** One POST on its way: what its answer is handled with. */
    private record Posted(GuardedListener listener, boolean initialize, JsonValue requestId, Session current, Session sent,
            UpstreamExchange exchange, PostResponseStream call) {}

    /** A successful answer with a JSON body or an event stream: the only ones handled on the client's thread. */
    private static boolean isUsual(Response response) {
        int status = response.getStatus();
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return status >= 200 && status < 300 && (MediaTypes.isJson(contentType) || MediaTypes.isEventStream(contentType));
    }

    /** An event stream is read as it comes (-1); a JSON answer is collected whole; anything else only for its message. */
    private int bodyLimit(Response response) {
        int status = response.getStatus();
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (status >= 200 && status < 300 && MediaTypes.isEventStream(contentType)) {
            return -1;
        }
        return status >= 200 && status < 300 && MediaTypes.isJson(contentType) ? options.maxBodyBytes() : ERROR_BODY_BYTES;
    }

    private void forget(UpstreamExchange exchange, JsonValue requestId, PostResponseStream call) {
        untrack(exchange);
        if (requestId != null) {
            inFlight.remove(requestId, call);
        }
    }

    /** Handles the answer to a POST; what the exchange holds is released unless a stream reader took it over. */
    private Void handleAnswer(Posted posted, UpstreamExchange.Answer answer) throws UpstreamException {
        boolean handedOff = false;
        try {
            handedOff = interpret(posted, answer);
            return null;
        } finally {
            if (!handedOff) {
                forget(posted.exchange(), posted.requestId(), posted.call());
            }
        }
    }

    /** @return true when the body was handed to a background stream reader */
    private boolean interpret(Posted posted, UpstreamExchange.Answer answer) throws UpstreamException {
        GuardedListener l = posted.listener();
        boolean initialize = posted.initialize();
        JsonValue requestId = posted.requestId();
        Session sent = posted.sent();
        Response response = answer.response();
        int status = response.getStatus();
        HttpFields fields = response.getHeaders();
        if (status >= 200 && status < 300) {
            captureSessionId(initialize, posted.current(), fields.get(SESSION_HEADER), posted.exchange());
            String contentType = fields.get(HttpHeader.CONTENT_TYPE);
            if (MediaTypes.isEventStream(contentType)) {
                startReader(posted.call()::run, requestId == null ? "notification-stream" : "response-stream");
                return true;
            }
            if (MediaTypes.isJson(contentType)) {
                if (answer.truncated()) {
                    throw new UpstreamException("the response body is larger than " + options.maxBodyBytes() + " bytes", true);
                }
                deliverJsonAnswer(l, requestId, answer.body());
                return false;
            }
            byte[] body = answer.body();
            if (requestId == null) {
                return false; // 202 Accepted (any body is irrelevant for a notification or response)
            }
            if (body.length == 0) {
                throw new UpstreamException("answered HTTP " + status + " without a body; a request needs "
                        + "a JSON or event-stream answer", true);
            }
            String excerpt = Excerpt.of(body);
            log.warn("backend {}: answered a request with content type '{}': {}", backend,
                    Excerpt.of(String.valueOf(contentType)), excerpt);
            l.onGarbage(excerpt);
            throw new UpstreamException("answered with unexpected content type '"
                    + Excerpt.of(String.valueOf(contentType)) + "': " + excerpt, true);
        }
        byte[] body = answer.body();
        if (status == 404 && sent != null && sent.id() != null) {
            sessionExpired(sent, "HTTP 404 to a POST");
            throw sessionLostException();
        }
        JsonRpcResponse rpcError = jsonRpcError(body);
        if (status == 400 && sent != null && sent.id() != null && !initialize && saysSessionIsUnknown(body)) {
            // Servers built on the TypeScript SDK's Express examples (server-everything among them) answer an
            // unknown session with 400 "Bad Request: No valid session ID provided" instead of the spec's 404.
            sessionExpired(sent, "HTTP 400 naming an unknown session");
            throw sessionLostException();
        }
        if (status >= 400 && status < 500 && status != 429 && requestId != null && rpcError != null
                && requestId.equals(rpcError.id())) {
            // The server answered the request with a JSON-RPC error carried by an HTTP error status.
            l.onMessage(rpcError, requestId);
            return false;
        }
        throw httpError(status, fields, body, rpcError);
    }

    private void deliverJsonAnswer(GuardedListener l, JsonValue requestId, byte[] body) throws UpstreamException {
        if (body.length == 0) {
            if (requestId == null) {
                return;
            }
            throw new UpstreamException("answered with an empty JSON body", true);
        }
        MessageDelivery.Outcome outcome = delivery.deliver(body, requestId, requestId);
        if (outcome.garbage() != null) {
            throw new UpstreamException("answered with invalid JSON: " + outcome.garbage(), true);
        }
        if (requestId != null && !outcome.sawResponse()) {
            l.onResponseLost(requestId, "the server's JSON answer did not contain the response");
        }
    }

    private void captureSessionId(boolean initialize, Session current, String header, UpstreamExchange exchange)
            throws UpstreamException {
        if (header != null && !Session.isValidId(header)) {
            exchange.abort("invalid session id");
            throw new UpstreamException("the server sent an invalid Mcp-Session-Id (it must be visible ASCII)", true);
        }
        if (initialize) {
            Session previous = session.getAndUpdate(s -> new Session(header, null, false, s.generation() + 1));
            stopServerStream();
            if (previous.id() != null && !previous.id().equals(header) && !previous.lost()) {
                // A re-initialize replaced a live session: end the old one politely.
                Thread.ofVirtual().name("mcp-http-" + backend + "-delete").start(() -> deleteSession(previous));
            }
            log.debug("backend {}: session {} established", backend, Session.forLog(header));
        } else if (header != null) {
            Session updated = session.updateAndGet(s -> s.id() == null && !s.lost()
                    && s.generation() == current.generation() ? s.withId(header) : s);
            if (header.equals(updated.id()) && current.id() == null) {
                log.debug("backend {}: server assigned session {}", backend, updated.idForLog());
            }
        }
    }

    @Override
    public void initialized(String protocolVersion) {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Session s = session.updateAndGet(current -> current.withProtocolVersion(protocolVersion));
        if (listener == null || closed || goneReason != null || s.lost()) {
            return;
        }
        synchronized (serverStreamLock) {
            if (serverStream != null) {
                serverStream.stop();
            }
            serverStream = new ServerStream(this, s.generation());
            serverStream.start();
        }
    }

    @Override
    public void abandon(JsonValue requestId) {
        PostResponseStream call = inFlight.remove(requestId);
        if (call != null) {
            call.abandon("abandoned by the gateway");
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (!readers.contains(Thread.currentThread())) {
                awaitUninterruptibly(closeDone);
            }
            return;
        }
        try {
            closed = true;
            GuardedListener l = listener;
            if (l != null) {
                l.closeAndAwait();
            }
            stopServerStream();
            for (PostResponseStream call : inFlight.values()) {
                call.abandon("transport closed");
            }
            inFlight.clear();
            for (UpstreamExchange exchange : exchanges) {
                exchange.abort("transport closed");
            }
            Session s = session.get();
            if (s.id() != null && !s.lost()) {
                deleteSession(s);
            }
            joinReaders();
            log.debug("backend {}: Streamable HTTP transport to {} closed", backend, urlForLog);
        } finally {
            closeDone.countDown();
        }
    }

    /** Reader threads (virtual) still running; for leak checks in tests. */
    int readerThreads() {
        return readers.size();
    }

    // ---- used by the stream readers -------------------------------------------------------

    String backend() {
        return backend;
    }

    HttpTransportOptions options() {
        return options;
    }

    Session session() {
        return session.get();
    }

    GuardedListener listener() {
        return listener;
    }

    MessageDelivery delivery() {
        return delivery;
    }

    boolean isClosed() {
        return closed;
    }

    /** A request to the MCP endpoint with the configured headers and, if given, the session's. */
    Request newRequest(HttpMethod method, Session s) {
        Request request = http.newRequest(url).method(method);
        request.headers(h -> {
            fixedHeaders.addTo(h);
            if (s != null && s.idHeader() != null) {
                h.put(s.idHeader());
            }
            if (s != null && s.protocolVersionHeader() != null) {
                h.put(s.protocolVersionHeader());
            }
        });
        return request;
    }

    /** A GET for an event stream of the session, resuming after {@code lastEventId} if not empty. */
    Request newStreamRequest(Session s, String lastEventId, Duration idleTimeout) {
        Request get = newRequest(HttpMethod.GET, s)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, MediaTypes.EVENT_STREAM);
                    if (!lastEventId.isEmpty()) {
                        h.put(LAST_EVENT_ID_HEADER, lastEventId);
                    }
                });
        get.idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return get;
    }

    UpstreamExchange track(UpstreamExchange exchange) {
        exchanges.add(exchange);
        if (closed) {
            exchange.abort("transport closed");
        }
        return exchange;
    }

    void untrack(UpstreamExchange exchange) {
        exchanges.remove(exchange);
    }

    void finished(PostResponseStream call) {
        if (call.requestId() != null) {
            inFlight.remove(call.requestId(), call);
        }
    }

    void startReader(Runnable body, String what) {
        Thread thread = Thread.ofVirtual().name("mcp-http-" + backend + "-" + what).unstarted(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                log.error("backend {}: {} reader failed: {}", backend, what, e.toString(), e);
            } finally {
                readers.remove(Thread.currentThread());
            }
        });
        readers.add(thread);
        thread.start();
    }

    /** The server answered 404 for session {@code s}: forget it, stop its GET stream. */
    void sessionExpired(Session s, String why) {
        Session before = session.getAndUpdate(current -> current.generation() == s.generation() && current.id() != null
                ? new Session(null, null, true, current.generation() + 1) : current);
        if (before.generation() == s.generation() && before.id() != null) {
            log.info("backend {}: the server no longer knows session {} ({}); it must be re-initialized",
                    backend, before.idForLog(), why);
            stopServerStream();
        }
    }

    /** The GET stream could not reach the server for too long: tell the listener, fail later sends. */
    void serverGone(String reason) {
        if (closed || goneReason != null) {
            return;
        }
        goneReason = reason;
        log.warn("backend {}: giving up on {}: {}", backend, urlForLog, reason);
        GuardedListener l = listener;
        if (l != null) {
            l.onClosed(reason);
        }
    }

    static UpstreamHttpException httpError(int status, HttpFields fields, byte[] body, JsonRpcResponse rpcError) {
        String detail = rpcError != null && rpcError.errorMessage() != null
                ? Excerpt.of(rpcError.errorMessage())
                : Excerpt.of(body);
        StringBuilder message = new StringBuilder("HTTP ").append(status);
        if (status >= 300 && status < 400) {
            message.append(" (redirects are not followed)");
        }
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        }
        Duration retryAfter = UpstreamHttpException.parseRetryAfter(fields.get(HttpHeader.RETRY_AFTER), Instant.now());
        return new UpstreamHttpException(message.toString(), status, retryAfter);
    }

    /** The body as a JSON-RPC error response, or null if it is not one. */
    static JsonRpcResponse jsonRpcError(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JsonRpc.parseMessage(body) instanceof JsonRpcResponse r && r.isError() ? r : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- internals ------------------------------------------------------------------------

    private GuardedListener requireUsable() throws UpstreamException {
        if (closed) {
            throw closedException();
        }
        String gone = goneReason;
        if (gone != null) {
            throw new UpstreamException("the server is gone: " + gone, false);
        }
        GuardedListener l = listener;
        if (l == null) {
            throw new IllegalStateException("start() was not called");
        }
        return l;
    }

    private static UpstreamException closedException() {
        return new UpstreamException("the transport is closed", false);
    }

    private static final Pattern UNKNOWN_SESSION = Pattern.compile(
            "(no valid|invalid|unknown|expired|missing) session|session( id)? (is )?(not found|expired|invalid|unknown)",
            Pattern.CASE_INSENSITIVE);

    /**
     * True for an error body whose {@code error.message} says the session is unknown, such as
     * "No valid session ID provided" or "Session not found". The body need not be a valid JSON-RPC
     * response: the SDK's Express examples answer with {@code id: req.body?.id}, which is undefined
     * (so left out) because they never parse the body themselves.
     */
    static boolean saysSessionIsUnknown(byte[] body) {
        String message = errorMessage(body);
        return message != null && UNKNOWN_SESSION.matcher(message).find();
    }

    /** The {@code error.message} string of a JSON body, or null if it has none (or is not JSON). */
    private static String errorMessage(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonValue json = JsonScanner.parse(body);
            JsonValue error = json.isObject() ? json.get("error") : null;
            return error != null && error.isObject() ? error.getString("message") : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static SessionExpiredException sessionLostException() {
        return new SessionExpiredException("the server no longer knows our MCP session (HTTP 404); re-initialize");
    }

    private void stopServerStream() {
        synchronized (serverStreamLock) {
            if (serverStream != null) {
                serverStream.stop();
                serverStream = null;
            }
        }
    }

    private void deleteSession(Session s) {
        Request delete = newRequest(HttpMethod.DELETE, s)
                .timeout(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        UpstreamExchange exchange = new UpstreamExchange(delete);
        try {
            Response response = exchange.send(null);
            exchange.readExcerpt(1024);
            log.debug("backend {}: DELETE of session {} answered HTTP {}", backend, s.idForLog(), response.getStatus());
        } catch (UpstreamException e) {
            log.debug("backend {}: DELETE of session {} failed: {}", backend, s.idForLog(), e.getMessage());
        }
    }

    private void joinReaders() {
        long deadline = System.nanoTime() + READER_JOIN.toNanos();
        for (Thread reader : readers) {
            if (reader == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !reader.join(Duration.ofNanos(left))) {
                    log.debug("backend {}: reader {} still running after close", backend, reader.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static URI requireHttpUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an MCP HTTP URL must be http or https: " + SafeUrl.of(url));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("an MCP HTTP URL needs a host: " + SafeUrl.of(url));
        }
        return url;
    }

    static Map<String, String> validateHeaders(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers == null) {
            return Map.of();
        }
        headers.forEach((name, value) -> {
            Objects.requireNonNull(name, "header name");
            if (MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + name + "' is set by the transport and cannot be configured");
            }
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F || c == ':')) {
                throw new IllegalArgumentException("invalid header name '" + Excerpt.of(name) + "'");
            }
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                // Never echo the value: it is typically a credential.
                throw new IllegalArgumentException("header '" + name + "' has a missing value or one with line breaks");
            }
            copy.put(name, value);
        });
        return Map.copyOf(copy);
    }
}
