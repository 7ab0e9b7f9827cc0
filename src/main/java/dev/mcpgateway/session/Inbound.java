package dev.mcpgateway.session;

/**
 * Where a client request came from: the id that ties its log lines and spans together, the
 * network transport, and the W3C trace context of the HTTP request that carried it (null over
 * stdio or when the client sent none).
 *
 * <p>One HTTP request may carry several JSON-RPC requests (a batch); they share its Inbound.
 *
 * @param requestId the {@code X-Request-Id} kept from the client or made by the gateway; null if unknown
 * @param networkTransport {@value #TCP} (HTTP) or {@value #PIPE} (stdio), as OpenTelemetry names them
 */
public record Inbound(String requestId, String networkTransport, String traceparent, String tracestate, String baggage) {

    public static final String TCP = "tcp";
    public static final String PIPE = "pipe";

    /** Nothing known (requests made in tests or by the gateway itself). */
    public static final Inbound NONE = new Inbound(null, null, null, null, null);

    public static Inbound http(String requestId, String traceparent, String tracestate, String baggage) {
        return new Inbound(requestId, TCP, traceparent, tracestate, baggage);
    }

    public static Inbound stdio(String requestId) {
        return new Inbound(requestId, PIPE, null, null, null);
    }
}
