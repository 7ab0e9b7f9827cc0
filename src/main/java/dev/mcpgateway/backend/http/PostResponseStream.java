package dev.mcpgateway.backend.http;

import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event stream that answers one POST: reads it on its own virtual thread, delivers every
 * {@code message} event with the request's id, watches for the response, and — when the stream
 * ends or breaks before the response — resumes it with GET + {@code Last-Event-ID} or reports
 * the response lost.
 *
 * <p>Threads: {@link #run()} owns the parser and {@code responseSeen}; {@link #abandon} may come
 * from any thread and only sets a flag, wakes the reader and aborts the current exchange.
 */
final class PostResponseStream {

    private static final Logger log = LoggerFactory.getLogger(PostResponseStream.class);

    private final StreamableHttpTransport transport;
    private final JsonValue requestId;
    /** Created by the reader thread: a request answered with JSON never needs one. */
    private SseParser parser;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile UpstreamExchange current;
    private volatile String abandoned;
    private boolean responseSeen;

    /** @param requestId the request's id, or null when a notification was answered with a stream */
    PostResponseStream(StreamableHttpTransport transport, JsonValue requestId, UpstreamExchange exchange) {
        this.transport = transport;
        this.requestId = requestId;
        this.current = exchange;
    }

    JsonValue requestId() {
        return requestId;
    }

    /** Stops reading (the gateway no longer waits for this response); no onResponseLost follows. */
    void abandon(String reason) {
        if (abandoned == null) {
            abandoned = reason;
        }
        stopSignal.countDown();
        current.abort(reason);
    }

    void run() {
        parser = new SseParser(this::onEvent, transport.options().maxEventBytes(), "");
        UpstreamExchange first = current;
        try {
            EventStreams.End end = EventStreams.read(first, parser);
            transport.untrack(first);
            if (requestId == null) {
                return; // a notification's stream: nothing to wait for, nothing to resume
            }
            int failedResumes = 0;
            while (!responseSeen && !stopped()) {
                String why = end.normal()
                        ? "the event stream ended before the response"
                        : "the event stream broke before the response (" + end.broken() + ")";
                if (end.garbage()) {
                    if (!stopped()) {
                        transport.listener().onGarbage(end.broken());
                    }
                    lost(why);
                    return;
                }
                if (parser.lastEventId().isEmpty()) {
                    lost(why + " and had no event ids to resume from");
                    return;
                }
                if (failedResumes >= transport.options().resumeAttempts()) {
                    lost(why + "; resuming failed " + failedResumes + " times");
                    return;
                }
                Duration delay = ReconnectDelay.delay(failedResumes, parser.retryMillis(), transport.options());
                failedResumes++;
                if (sleep(delay)) {
                    return;
                }
                Resume resume = resume();
                if (resume == null) {
                    return; // stopped, or fatal and already reported
                }
                end = resume.end();
                if (resume.progressed()) {
                    failedResumes = 0;
                }
            }
        } finally {
            transport.finished(this);
            transport.untrack(current);
        }
    }

    /** One GET with Last-Event-ID; null when the caller must stop (already reported if needed). */
    private Resume resume() {
        Session s = transport.session();
        if (s.lost()) {
            lost("the session expired before the stream could be resumed");
            return null;
        }
        String lastEventId = parser.lastEventId();
        UpstreamExchange exchange = transport.track(new UpstreamExchange(
                transport.newStreamRequest(s, lastEventId, transport.options().responseIdleTimeout())));
        current = exchange;
        if (stopped()) {
            exchange.abort(abandoned != null ? abandoned : "transport closed");
            return null;
        }
        log.debug("backend {}: resuming the answer to request {} after event {}", transport.backend(),
                requestId, Excerpt.of(lastEventId));
        try {
            Response response = exchange.send(null);
            int status = response.getStatus();
            if (status == 200 && MediaTypes.isEventStream(response.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
                long before = parser.dispatchedEvents();
                EventStreams.End end = EventStreams.read(exchange, parser);
                return new Resume(end, parser.dispatchedEvents() > before);
            }
            exchange.readExcerpt(4096);
            if (status == 404 && s.id() != null) {
                transport.sessionExpired(s, "HTTP 404 while resuming a stream");
                lost("the session expired while the stream was resumed (HTTP 404)");
                return null;
            }
            if (status == 408 || status == 409 || status == 429 || status >= 500) {
                return new Resume(new EventStreams.End("resuming answered HTTP " + status, false, false), false);
            }
            lost("the event stream broke before the response and resuming was refused (HTTP " + status + ")");
            return null;
        } catch (UpstreamException e) {
            if (stopped()) {
                return null;
            }
            return new Resume(new EventStreams.End(e.getMessage(), false, false), false);
        } finally {
            transport.untrack(exchange);
        }
    }

    private void onEvent(SseEvent event) {
        if (!event.isMessage()) {
            log.debug("backend {}: ignoring SSE event of type {}", transport.backend(), Excerpt.of(event.type()));
            return;
        }
        if (event.data().length == 0) {
            return; // a priming event: it only carries an id to resume from
        }
        if (transport.delivery().deliver(event.data(), requestId, requestId).sawResponse()) {
            responseSeen = true;
        }
    }

    private void lost(String reason) {
        if (stopped()) {
            return;
        }
        log.warn("backend {}: lost the response to request {}: {}", transport.backend(), requestId, reason);
        transport.listener().onResponseLost(requestId, reason);
    }

    private boolean stopped() {
        return abandoned != null || transport.isClosed();
    }

    /** Sleeps; true if woken because the stream must stop. */
    private boolean sleep(Duration delay) {
        try {
            return stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS) || stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private record Resume(EventStreams.End end, boolean progressed) {}
}
