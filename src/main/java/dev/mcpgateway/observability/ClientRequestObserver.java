package dev.mcpgateway.observability;

import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.routing.RequestObserver;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.Inbound;
import dev.mcpgateway.session.SessionIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Observes every client request: its log fields for the time it runs, its duration metric, its
 * SERVER span (when tracing is on) and its request log lines.
 *
 * <p>Everything happens on the thread that handles the request, between {@code started} and
 * {@code ended} (or {@code detach}, for a request answered asynchronously, whose end then comes
 * on the thread that has the answer); the span is current on that thread meanwhile, and the request's
 * {@link ServerCall} is attached to the {@link ClientRequest} for the backend-call stage.
 */
final class ClientRequestObserver implements RequestObserver {

    private static final String[] UNTRACED_FIELDS = {LogContext.REQUEST_ID, LogContext.SESSION, LogContext.METHOD};
    private static final String[] TRACED_FIELDS = {
        LogContext.REQUEST_ID, LogContext.SESSION, LogContext.METHOD, LogContext.TRACE_ID, LogContext.SPAN_ID};

    private final Telemetry telemetry;
    private final GatewayMetrics metrics;

    ClientRequestObserver(Telemetry telemetry, GatewayMetrics metrics) {
        this.telemetry = telemetry;
        this.metrics = metrics;
    }

    @Override
    public Observation started(ClientRequest request) {
        ServerCall call = start(request.message(), request.session(), request.inbound());
        request.observe(call);
        return call;
    }

    @Override
    public Observation initializing(JsonRpcRequest request, Inbound inbound) {
        return start(request, null, inbound);
    }

    private ServerCall start(JsonRpcRequest message, ClientSession session, Inbound inbound) {
        long start = System.nanoTime();
        String requestId = inbound.requestId() != null ? inbound.requestId() : RequestIds.next();
        String method = message.method();
        String target = target(message);
        Span span = null;
        Context context = null;
        Scope scope = null;
        String[] keys;
        String[] values;
        String sessionField = session == null ? null : SessionIds.abbreviate(session.id());
        if (telemetry.enabled()) {
            Context parent = TraceContexts.extract(message, inbound);
            span = serverSpan(parent, message, session, inbound, requestId, method, target);
            context = parent.with(span);
            scope = context.makeCurrent();
            SpanContext ids = span.getSpanContext();
            keys = TRACED_FIELDS;
            values = new String[] {requestId, sessionField, method, ids.getTraceId(), ids.getSpanId()};
        } else {
            keys = UNTRACED_FIELDS;
            values = new String[] {requestId, sessionField, method};
        }
        return new ServerCall(this, start, requestId, method, target, message.id(), session == null, span, context, scope, keys, values);
    }

    private Span serverSpan(Context parent, JsonRpcRequest message, ClientSession session, Inbound inbound, String requestId,
            String method, String target) {
        SpanBuilder builder = telemetry.tracer().spanBuilder(target == null ? method : method + " " + target)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(McpAttributes.METHOD, method)
                .setAttribute(McpAttributes.REQUEST_ID, requestId)
                .setAttribute(McpAttributes.JSONRPC_REQUEST_ID, idText(message.id()));
        if (inbound.networkTransport() != null) {
            builder.setAttribute(McpAttributes.NETWORK_TRANSPORT, inbound.networkTransport());
        }
        if (session != null) {
            builder.setAttribute(McpAttributes.SESSION_ID, session.id());
            builder.setAttribute(McpAttributes.PROTOCOL_VERSION, session.protocolVersion());
        }
        if (target != null) {
            if (McpMethods.PROMPTS_GET.equals(method)) {
                builder.setAttribute(McpAttributes.PROMPT_NAME, target);
            } else {
                builder.setAttribute(McpAttributes.TOOL_NAME, target);
                builder.setAttribute(McpAttributes.OPERATION_NAME, McpAttributes.EXECUTE_TOOL);
            }
        }
        String uri = resourceUri(message);
        if (uri != null) {
            builder.setAttribute(McpAttributes.RESOURCE_URI, uri);
        }
        return builder.startSpan();
    }

    /** The low-cardinality target of a span name: the tool or prompt named in the request. */
    static String target(JsonRpcRequest message) {
        String method = message.method();
        JsonValue params = message.params();
        if (params == null || !params.isObject()) {
            return null;
        }
        if (McpMethods.TOOLS_CALL.equals(method) || McpMethods.PROMPTS_GET.equals(method)) {
            return params.getString("name");
        }
        if (ServerCall.INVOKE.equals(method)) {
            String server = params.getString("server");
            String tool = params.getString("tool");
            return server == null || tool == null ? null : server + "/" + tool;
        }
        return null;
    }

    /** {@code params.uri} of resource requests, without user info, query or fragment (they may carry credentials). */
    private static String resourceUri(JsonRpcRequest message) {
        String method = message.method();
        if (!method.startsWith("resources/") || message.params() == null || !message.params().isObject()) {
            return null;
        }
        String uri = message.params().getString("uri");
        if (uri == null) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            if (parsed.getRawUserInfo() == null && parsed.getRawQuery() == null && parsed.getRawFragment() == null) {
                return uri;
            }
            if (parsed.isOpaque()) {
                return parsed.getScheme() + ":";
            }
            return new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String idText(JsonValue id) {
        if (id == null) {
            return "";
        }
        return id.isString() ? id.asString() : id.toString();
    }

    void ended(ServerCall call, JsonRpcResponse response, Throwable failure, ClientSession session) {
        if (call.detached) {
            // Ending on another thread than it started: nothing of its scope, and its log fields
            // only if the request lines are on (the only log lines written here; putting the
            // fields on this thread and back is work on every call otherwise)
            if (!RequestLog.enabled()) {
                record(call, response, failure, session);
                return;
            }
            LogContext.Saved fields = LogContext.set(call.fieldKeys, call.fieldValues);
            try {
                record(call, response, failure, session);
            } finally {
                fields.restore();
            }
            return;
        }
        try {
            record(call, response, failure, session);
        } finally {
            if (call.scope != null) {
                call.scope.close();
            }
            call.fields.restore();
        }
    }

    private void record(ServerCall call, JsonRpcResponse response, Throwable failure, ClientSession session) {
        long nanos = System.nanoTime() - call.start;
        String errorType = failure != null ? Outcomes.OTHER : Outcomes.ofGatewayAnswer(call.method, response);
        if (Outcomes.TOOL_ERROR.equals(errorType) && call.backendFailure != null) {
            // the gateway answered for a backend that could not: say why (timeout, circuit_open...) rather than just "tool_error"
            errorType = call.backendFailure;
        }
        metrics.serverOperation(call.method, errorType, nanos);
        if (call.span != null) {
            endSpan(call.span, response, failure, errorType, call.initialize ? session : null);
        }
        if (RequestLog.enabled()) {
            String what = call.target == null ? call.method : call.method + " " + call.target;
            RequestLog.answered(what, idText(call.id), errorType.isEmpty() ? Outcomes.OK : errorType, nanos);
        }
    }

    /** @param newSession the session an initialize request created, else null */
    private static void endSpan(Span span, JsonRpcResponse response, Throwable failure, String errorType, ClientSession newSession) {
        if (newSession != null) {
            span.setAttribute(McpAttributes.SESSION_ID, newSession.id());
            span.setAttribute(McpAttributes.PROTOCOL_VERSION, newSession.protocolVersion());
        }
        if (response != null && response.isError()) {
            span.setAttribute(McpAttributes.RPC_STATUS_CODE, Integer.toString(response.errorCode()));
        }
        if (!errorType.isEmpty()) {
            span.setAttribute(McpAttributes.ERROR_TYPE, errorType);
            String description = failure != null ? "internal error"
                    : response != null && response.isError() ? response.errorMessage() : errorType;
            span.setStatus(StatusCode.ERROR, description);
        }
        if (failure != null) {
            span.recordException(failure);
        }
        span.end();
    }
}
