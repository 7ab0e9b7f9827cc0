package dev.mcpgateway.observability;

import dev.mcpgateway.backend.http.OutboundHeaders;
import io.opentelemetry.context.Context;
import java.util.function.BiConsumer;
import org.slf4j.MDC;

/**
 * The headers each message to an HTTP backend carries: W3C {@code traceparent}/{@code tracestate}/
 * {@code baggage} of the backend call's span (the same values the message has in
 * {@code params._meta}) and the client request's {@code X-Request-Id}.
 *
 * <p>Both are read from the sending thread: the backend-call stage makes its span's context
 * current around the send, and the request id is the thread's log field. With tracing off there is
 * no span, so only the request id goes out.
 */
public final class TraceHeaders implements OutboundHeaders {

    public static final TraceHeaders INSTANCE = new TraceHeaders();

    private TraceHeaders() {}

    @Override
    public void addTo(BiConsumer<String, String> header) {
        Telemetry.propagator().inject(Context.current(), header, BiConsumer::accept);
        String requestId = MDC.get(LogContext.REQUEST_ID);
        if (requestId != null) {
            header.accept(RequestIds.HEADER, requestId);
        }
    }
}
