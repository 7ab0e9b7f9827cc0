package dev.mcpgateway.observability;

import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.routing.RequestObserver;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One client request being observed: when it started, its request id, its SERVER span and
 * context (null with tracing off), and the log fields to restore when it ends. The backend-call
 * stages find it on the {@link ClientRequest} to parent their spans and number attempts.
 *
 * <p>Confined to the request's thread, except the attempt counter (a retry may run elsewhere)
 * and, once {@link #detach detached}, its end, which comes on the thread that has the answer.
 */
final class ServerCall implements RequestObserver.Observation, ClientRequest.Observation {

    static final String INVOKE = "gateway_invoke";

    private final ClientRequestObserver observer;
    final long start;
    final String requestId;
    final String method;
    final String target;
    final JsonValue id;
    final boolean initialize;
    final Span span;
    final Context context;
    final Scope scope;
    final LogContext.Saved fields;
    /** The log fields the request carries, to set again where it ends when it ended elsewhere. */
    final String[] fieldKeys;
    final String[] fieldValues;
    /** Set by {@link #detach}: the scope and log fields were already given up on the starting thread. */
    volatile boolean detached;
    /**
     * Why the last backend call of this request got no answer ({@code timeout}, {@code circuit_open}...),
     * or null: a tool result the gateway makes up for such a failure is reported with this reason.
     */
    volatile String backendFailure;
    /** The last request sent to a backend and how many times it was sent (attempt numbers). */
    private JsonRpcRequest lastSent;
    private int attempts;

    ServerCall(ClientRequestObserver observer, long start, String requestId, String method, String target, JsonValue id,
            boolean initialize, Span span, Context context, Scope scope, String[] fieldKeys, String[] fieldValues) {
        this.observer = observer;
        this.start = start;
        this.requestId = requestId;
        this.method = method;
        this.target = target;
        this.id = id;
        this.initialize = initialize;
        this.span = span;
        this.context = context;
        this.scope = scope;
        this.fieldKeys = fieldKeys;
        this.fieldValues = fieldValues;
        this.fields = LogContext.set(fieldKeys, fieldValues);
    }

    @Override
    public void ended(JsonRpcResponse response, Throwable failure, ClientSession session) {
        observer.ended(this, response, failure, session);
    }

    @Override
    public void detach() {
        detached = true;
        if (scope != null) {
            scope.close();
        }
        fields.restore();
    }

    /**
     * The attempt number of sending {@code request} to a backend: 1, or one more than last time
     * if the same request object is sent again (a retry passes the call on unchanged).
     */
    synchronized int nextAttempt(JsonRpcRequest request) {
        if (request == lastSent) {
            return ++attempts;
        }
        lastSent = request;
        attempts = 1;
        return 1;
    }
}
