package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's GET stream: the channel for messages the server sends on its own (requests such
 * as sampling or roots, notifications such as list changes). One loop on one virtual thread keeps
 * at most one such stream open per session, reconnecting after it ends or breaks.
 *
 * <p>Rules: 405 (or 404 without a session) means the server offers no GET stream: stop. 404 with a
 * session (or 400 whose error names an unknown session) means the session is gone: stop and mark
 * it lost. 408/409/429/5xx and network failures
 * are retried with jittered exponential backoff (a server's {@code retry:} and {@code Retry-After}
 * are honoured as minimums); other statuses stop the loop. A stream that ends is reopened with
 * {@code Last-Event-ID}. Too many consecutive attempts that cannot reach the server at all make the
 * transport declare the server gone (see {@link StreamableHttpTransport}).
 */
final class ServerStream {

    private static final Logger log = LoggerFactory.getLogger(ServerStream.class);

    private final StreamableHttpTransport transport;
    private final long generation;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final SseParser parser;
    private volatile UpstreamExchange current;

    ServerStream(StreamableHttpTransport transport, long generation) {
        this.transport = transport;
        this.generation = generation;
        this.parser = new SseParser(this::onEvent, transport.options().maxEventBytes(), "");
    }

    void start() {
        transport.startReader(this::run, "get-stream");
    }

    void stop() {
        stopSignal.countDown();
        UpstreamExchange exchange = current;
        if (exchange != null) {
            exchange.abort("GET stream stopped");
        }
    }

    private void run() {
        HttpTransportOptions options = transport.options();
        int failures = 0;
        int unreachable = 0;
        while (!stopped()) {
            Session s = transport.session();
            if (s.generation() != generation || s.lost()) {
                return; // the session changed; its successor gets its own stream
            }
            UpstreamExchange exchange = transport.track(new UpstreamExchange(
                    transport.newStreamRequest(s, parser.lastEventId(), options.streamIdleTimeout())));
            current = exchange;
            if (stopped()) {
                exchange.abort("GET stream stopped");
                transport.untrack(exchange);
                return;
            }
            Duration delay;
            try {
                Response response = exchange.send(null);
                unreachable = 0;
                int status = response.getStatus();
                String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (status == 200 && MediaTypes.isEventStream(contentType)) {
                    log.debug("backend {}: GET stream open (session {})", transport.backend(), s.idForLog());
                    long before = parser.dispatchedEvents();
                    EventStreams.End end = EventStreams.read(exchange, parser);
                    if (stopped()) {
                        return;
                    }
                    if (end.garbage()) {
                        log.warn("backend {}: GET stream dropped: {}", transport.backend(), end.broken());
                        transport.listener().onGarbage(end.broken());
                    }
                    if (end.idleTimeout()) {
                        log.debug("backend {}: GET stream silent for {}; reopening", transport.backend(),
                                options.streamIdleTimeout());
                        continue;
                    }
                    if (parser.dispatchedEvents() > before) {
                        failures = 0;
                    } else {
                        failures++;
                    }
                    log.debug("backend {}: GET stream {}; reconnecting", transport.backend(),
                            end.normal() ? "ended" : "broke (" + end.broken() + ")");
                    delay = ReconnectDelay.delay(failures, parser.retryMillis(), options);
                } else {
                    byte[] body = exchange.readExcerpt(4096);
                    if (status == 405 || (status == 404 && s.id() == null)) {
                        log.debug("backend {}: the server offers no GET stream (HTTP {})", transport.backend(), status);
                        return;
                    }
                    if (status == 404) {
                        transport.sessionExpired(s, "HTTP 404 to the GET stream");
                        return;
                    }
                    if (status == 400 && s.id() != null && StreamableHttpTransport.saysSessionIsUnknown(body)) {
                        // the SDK examples' way of saying 404 (see StreamableHttpTransport)
                        transport.sessionExpired(s, "HTTP 400 to the GET stream naming an unknown session");
                        return;
                    }
                    if (status != 408 && status != 409 && status != 429 && status < 500) {
                        log.warn("backend {}: the GET stream was refused (HTTP {}{}); server-initiated messages "
                                + "will only arrive on POST answers", transport.backend(), status,
                                status == 200 ? ", " + Excerpt.of(String.valueOf(contentType)) : "");
                        return;
                    }
                    failures++;
                    delay = ReconnectDelay.delay(failures, parser.retryMillis(), options);
                    Duration retryAfter = UpstreamHttpException.parseRetryAfter(
                            response.getHeaders().get(HttpHeader.RETRY_AFTER), Instant.now());
                    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
                        delay = retryAfter.compareTo(options.reconnectMaxDelay()) > 0
                                ? options.reconnectMaxDelay() : retryAfter;
                    }
                    log.debug("backend {}: GET stream answered HTTP {}; retrying in {} ms", transport.backend(),
                            status, delay.toMillis());
                }
            } catch (UpstreamException e) {
                if (stopped()) {
                    return;
                }
                if (!e.reachedServer()) {
                    unreachable++;
                    if (unreachable >= options.unreachableAttempts()) {
                        transport.serverGone("the server could not be reached on " + unreachable
                                + " consecutive attempts (" + e.getMessage() + ")");
                        return;
                    }
                }
                failures++;
                delay = ReconnectDelay.delay(failures, parser.retryMillis(), options);
                log.debug("backend {}: GET stream failed ({}); retrying in {} ms", transport.backend(),
                        e.getMessage(), delay.toMillis());
            } finally {
                transport.untrack(exchange);
            }
            if (sleep(delay)) {
                return;
            }
        }
    }

    private void onEvent(SseEvent event) {
        if (!event.isMessage()) {
            log.debug("backend {}: ignoring SSE event of type {}", transport.backend(), Excerpt.of(event.type()));
            return;
        }
        if (event.data().length == 0) {
            return;
        }
        transport.delivery().deliver(event.data(), null, null);
    }

    private boolean stopped() {
        return stopSignal.getCount() == 0 || transport.isClosed();
    }

    private boolean sleep(Duration delay) {
        try {
            return stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS) || stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
