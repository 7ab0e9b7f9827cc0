package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.SessionExpiredException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy MCP HTTP+SSE transport (protocol 2024-11-05) to one server: one instance is one SSE
 * connection, which is the session.
 *
 * <p>{@link #start} opens {@code GET sseUrl} and waits (at most
 * {@link HttpTransportOptions#endpointTimeout()}) for the {@code endpoint} event, whose data is
 * the URI to POST messages to (resolved against {@code sseUrl}; a different origin is refused,
 * since configured credentials would follow it). From then on every {@code message} event on the
 * stream is a JSON-RPC message, delivered with a null {@code relatedRequestId}; each
 * {@link #send} POSTs one message there and expects 202 (200 and 204 are accepted too).
 *
 * <p>This transport has no resumption: when the stream ends or breaks the listener hears
 * {@code onClosed} once, later sends fail with {@code reachedServer=false}, and the layer above
 * connects a new transport (a new session). A 404 to a POST means the server forgot the session:
 * {@link SessionExpiredException}.
 */
public final class LegacySseTransport implements UpstreamTransport {

    private static final Logger log = LoggerFactory.getLogger(LegacySseTransport.class);
    private static final int ERROR_BODY_BYTES = 64 * 1024;
    private static final Duration READER_JOIN = Duration.ofSeconds(2);

    private final String backend;
    private final URI sseUrl;
    private final String urlForLog;
    private final FixedHeaders fixedHeaders;
    private final HttpClient http;
    private final HttpTransportOptions options;
    private final OutboundHeaders outboundHeaders;

    private final CompletableFuture<URI> endpointFuture = new CompletableFuture<>();
    private final Map<JsonValue, UpstreamExchange> inFlight = new ConcurrentHashMap<>();
    private final Set<UpstreamExchange> exchanges = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean starting = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private volatile GuardedListener listener;
    private volatile MessageDelivery delivery;
    private volatile URI endpoint;
    private volatile Thread reader;
    private volatile boolean closed;
    private volatile String streamGone;

    /**
     * @param backend the backend's name, for logs
     * @param sseUrl the server's SSE endpoint (often {@code .../sse})
     * @param headers headers sent on the GET and on every POST; values are never logged
     */
    public LegacySseTransport(String backend, URI sseUrl, Map<String, String> headers,
            BackendHttpClient client, HttpTransportOptions options) {
        this(backend, sseUrl, headers, client, options, OutboundHeaders.NONE);
    }

    /**
     * @param outboundHeaders headers decided per message (trace context, request id), added to each POST
     */
    public LegacySseTransport(String backend, URI sseUrl, Map<String, String> headers,
            BackendHttpClient client, HttpTransportOptions options, OutboundHeaders outboundHeaders) {
        this.outboundHeaders = Objects.requireNonNull(outboundHeaders, "outboundHeaders");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.sseUrl = StreamableHttpTransport.requireHttpUrl(sseUrl);
        this.urlForLog = SafeUrl.of(sseUrl);
        this.fixedHeaders = FixedHeaders.of(this.sseUrl, StreamableHttpTransport.validateHeaders(headers));
        this.http = Objects.requireNonNull(client, "client").jettyFor(this.sseUrl);
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String kind() {
        return "sse";
    }

    /** The URI messages are POSTed to, once known (its query often carries the session id). */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void start(Listener listener) throws UpstreamException {
        Objects.requireNonNull(listener, "listener");
        if (!starting.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new UpstreamException("the transport is closed", false);
        }
        GuardedListener guarded = new GuardedListener(listener, backend);
        this.delivery = new MessageDelivery(backend, guarded);
        this.listener = guarded;

        long deadline = System.nanoTime() + options.endpointTimeout().toNanos();
        Request get = newRequest(HttpMethod.GET, sseUrl)
                .headers(h -> h.put(HttpHeader.ACCEPT, MediaTypes.EVENT_STREAM))
                .idleTimeout(options.legacyStreamIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        UpstreamExchange stream = track(new UpstreamExchange(get));
        Response response;
        try {
            response = stream.send(options.endpointTimeout());
        } catch (UpstreamException e) {
            untrack(stream);
            throw new UpstreamException("could not open the SSE stream: " + e.getMessage(), e.reachedServer(), e);
        }
        int status = response.getStatus();
        if (status != 200) {
            byte[] body = stream.readExcerpt(ERROR_BODY_BYTES);
            untrack(stream);
            throw StreamableHttpTransport.httpError(status, response.getHeaders(), body,
                    StreamableHttpTransport.jsonRpcError(body));
        }
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!MediaTypes.isEventStream(contentType)) {
            stream.abort("not an event stream");
            untrack(stream);
            throw new UpstreamException("the SSE endpoint answered with content type '"
                    + Excerpt.of(String.valueOf(contentType)) + "' instead of an event stream", true);
        }
        Thread thread = Thread.ofVirtual().name("mcp-http-" + backend + "-sse-stream")
                .unstarted(() -> readStream(stream));
        reader = thread;
        thread.start();
        try {
            endpoint = endpointFuture.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            log.debug("backend {}: SSE stream open at {}, posting to {}", backend, urlForLog, SafeUrl.of(endpoint));
        } catch (TimeoutException e) {
            stream.abort("no endpoint event");
            throw new UpstreamException("the SSE stream sent no endpoint event within "
                    + options.endpointTimeout().toMillis() + " ms", true);
        } catch (ExecutionException e) {
            stream.abort("no endpoint");
            throw e.getCause() instanceof UpstreamException u ? u
                    : new UpstreamException("the SSE stream failed: " + e.getCause(), true, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.abort("interrupted");
            throw new UpstreamException("interrupted while waiting for the endpoint event", true);
        }
    }

    @Override
    public void send(JsonRpcMessage message) throws UpstreamException {
        send(message, outboundHeaders);
    }

    /**
     * The POST waits for its acknowledgement, so it runs on a virtual thread; its per-message
     * headers (trace context, request id) are taken here, on the sending thread, where they are known.
     */
    @Override
    public CompletableFuture<Void> sendAsync(JsonRpcMessage message) {
        List<String[]> headers = new ArrayList<>(2);
        outboundHeaders.addTo((name, value) -> headers.add(new String[] {name, value}));
        OutboundHeaders taken = header -> headers.forEach(h -> header.accept(h[0], h[1]));
        return AsyncCalls.onVirtualThread(() -> {
            send(message, taken);
            return null;
        });
    }

    private void send(JsonRpcMessage message, OutboundHeaders outboundHeaders) throws UpstreamException {
        if (closed) {
            throw new UpstreamException("the transport is closed", false);
        }
        String gone = streamGone;
        if (gone != null) {
            throw new UpstreamException("the SSE stream is gone: " + gone, false);
        }
        URI target = endpoint;
        GuardedListener l = listener;
        if (target == null || l == null) {
            throw new IllegalStateException("start() has not completed");
        }
        JsonValue requestId = message instanceof JsonRpcRequest r ? r.id() : null;
        Request post = newRequest(HttpMethod.POST, target)
                .headers(h -> outboundHeaders.addTo(h::put))
                .body(new BytesRequestContent(MediaTypes.JSON, message.json().toBytes()))
                .timeout(options.acknowledgeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        UpstreamExchange exchange = track(new UpstreamExchange(post));
        if (requestId != null) {
            inFlight.put(requestId, exchange);
        }
        try {
            Response response = exchange.send(null);
            int status = response.getStatus();
            byte[] body = exchange.readExcerpt(ERROR_BODY_BYTES);
            if (status >= 200 && status < 300) {
                return;
            }
            if (status == 404) {
                throw new SessionExpiredException("the server no longer knows this SSE session (HTTP 404)");
            }
            JsonRpcResponse rpcError = StreamableHttpTransport.jsonRpcError(body);
            if (status >= 400 && status < 500 && status != 429 && requestId != null && rpcError != null
                    && requestId.equals(rpcError.id())) {
                l.onMessage(rpcError, null);
                return;
            }
            throw StreamableHttpTransport.httpError(status, response.getHeaders(), body, rpcError);
        } finally {
            untrack(exchange);
            if (requestId != null) {
                inFlight.remove(requestId, exchange);
            }
        }
    }

    @Override
    public void abandon(JsonValue requestId) {
        UpstreamExchange exchange = inFlight.remove(requestId);
        if (exchange != null) {
            exchange.abort("abandoned by the gateway");
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (Thread.currentThread() != reader) {
                try {
                    closeDone.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        try {
            closed = true;
            GuardedListener l = listener;
            if (l != null) {
                l.closeAndAwait();
            }
            endpointFuture.completeExceptionally(new UpstreamException("the transport is closed", false));
            for (UpstreamExchange exchange : exchanges) {
                exchange.abort("transport closed");
            }
            Thread t = reader;
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(READER_JOIN);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            log.debug("backend {}: SSE transport to {} closed", backend, urlForLog);
        } finally {
            closeDone.countDown();
        }
    }

    private void readStream(UpstreamExchange stream) {
        SseParser parser = new SseParser(this::onEvent, options.maxEventBytes(), "");
        EventStreams.End end;
        try {
            end = EventStreams.read(stream, parser);
        } finally {
            untrack(stream);
        }
        String reason = end.normal() ? "the server ended the SSE stream" : "the SSE stream broke (" + end.broken() + ")";
        if (!endpointFuture.isDone()) {
            endpointFuture.completeExceptionally(new UpstreamException(reason + " before the endpoint event", true));
            return;
        }
        if (closed || endpointFuture.isCompletedExceptionally()) {
            return;
        }
        streamGone = reason;
        if (end.garbage()) {
            listener.onGarbage(end.broken());
        }
        log.info("backend {}: {}; the session is over", backend, reason);
        listener.onClosed(reason);
    }

    private void onEvent(SseEvent event) {
        switch (event.type()) {
            case "endpoint" -> onEndpoint(event);
            case SseEvent.MESSAGE -> {
                if (event.data().length > 0) {
                    delivery.deliver(event.data(), null, null);
                }
            }
            default -> log.debug("backend {}: ignoring SSE event of type {}", backend, Excerpt.of(event.type()));
        }
    }

    private void onEndpoint(SseEvent event) {
        if (endpointFuture.isDone()) {
            log.debug("backend {}: ignoring a repeated endpoint event", backend);
            return;
        }
        String data = new String(event.data(), StandardCharsets.UTF_8).strip();
        URI resolved;
        try {
            resolved = sseUrl.resolve(new URI(data));
        } catch (URISyntaxException | IllegalArgumentException e) {
            endpointFuture.completeExceptionally(new UpstreamException(
                    "the endpoint event is not a URI: " + Excerpt.of(data), true));
            return;
        }
        if (!sameOrigin(sseUrl, resolved)) {
            endpointFuture.completeExceptionally(new UpstreamException("the endpoint event names another origin ("
                    + SafeUrl.of(resolved) + "); refusing to send messages there", true));
            return;
        }
        endpointFuture.complete(resolved);
    }

    private Request newRequest(HttpMethod method, URI target) {
        Request request = http.newRequest(target).method(method);
        request.headers(fixedHeaders::addTo); // the same origin as the SSE URL, so the same Host
        return request;
    }

    private UpstreamExchange track(UpstreamExchange exchange) {
        exchanges.add(exchange);
        if (closed) {
            exchange.abort("transport closed");
        }
        return exchange;
    }

    private void untrack(UpstreamExchange exchange) {
        exchanges.remove(exchange);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
