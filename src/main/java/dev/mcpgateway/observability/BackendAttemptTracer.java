package dev.mcpgateway.observability;

import dev.mcpgateway.backend.AsyncCalls;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.config.TransportKind;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.routing.BackendCall;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.Inbound;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The innermost backend-call stage, run once per attempt: the attempt's CLIENT span (when
 * tracing is on) with its trace context written into {@code params._meta} for every transport
 * and made current for the HTTP transports' headers, the {@code backend} log field, and the
 * client-side duration metric.
 */
final class BackendAttemptTracer implements CallStage {

    private static final String[] TRACED_FIELDS = {LogContext.BACKEND, LogContext.SPAN_ID};

    private final Telemetry telemetry;
    private final GatewayMetrics metrics;
    private final Supplier<BackendHealthSource> health;

    BackendAttemptTracer(Telemetry telemetry, GatewayMetrics metrics, Supplier<BackendHealthSource> health) {
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    public CompletableFuture<JsonRpcResponse> handle(BackendCall call, Next next) {
        long start = System.nanoTime();
        Backend backend = call.backend();
        ClientRequest origin = call.options().origin();
        ServerCall parent = origin != null && origin.observation() instanceof ServerCall s ? s : null;
        Span span = null;
        Scope scope = null;
        BackendCall sent = call;
        LogContext.Saved fields;
        if (telemetry.enabled()) {
            Context parentContext = parent != null && parent.context != null ? parent.context : Context.current();
            int attempt = parent == null ? 1 : parent.nextAttempt(call.request());
            span = clientSpan(call, parentContext, parent, attempt);
            Context context = parentContext.with(span);
            sent = new BackendCall(backend, call.client(), TraceContexts.inject(call.request(), context), call.options(), call.tool());
            scope = context.makeCurrent();
            fields = LogContext.set(TRACED_FIELDS, new String[] {backend.name(), span.getSpanContext().getSpanId()});
        } else {
            fields = LogContext.set(LogContext.BACKEND, backend.name());
        }
        CompletableFuture<JsonRpcResponse> answer;
        try {
            // The request goes out before this returns, so the span and log fields are current while it is sent.
            answer = next.proceed(sent);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        } finally {
            if (scope != null) {
                scope.close();
            }
            fields.restore();
        }
        Span attemptSpan = span;
        return answer.whenComplete((response, failure) -> {
            Throwable cause = failure == null ? null : AsyncCalls.cause(failure);
            String errorType = failure == null ? Outcomes.ofBackendAnswer(call.method(), response)
                    : cause instanceof UpstreamException e ? Outcomes.ofFailure(e) : Outcomes.OTHER;
            long nanos = System.nanoTime() - start;
            metrics.clientOperation(backend.name(), call.method(), errorType, nanos);
            if (attemptSpan != null) {
                endSpan(attemptSpan, response, cause instanceof UpstreamException e ? e : null, errorType, nanos);
            }
        });
    }

    private Span clientSpan(BackendCall call, Context parentContext, ServerCall parent, int attempt) {
        Backend backend = call.backend();
        String method = call.method();
        String target = call.tool() != null ? call.tool()
                : McpMethods.PROMPTS_GET.equals(method) && call.request().params() != null ? call.request().params().getString("name") : null;
        SpanBuilder builder = telemetry.tracer().spanBuilder(target == null ? method : method + " " + target)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parentContext)
                .setAttribute(McpAttributes.METHOD, method)
                .setAttribute(McpAttributes.BACKEND, backend.name())
                .setAttribute(McpAttributes.ATTEMPT, attempt)
                .setAttribute(McpAttributes.CIRCUIT_STATE, health.get().circuitState(backend))
                .setAttribute(McpAttributes.NETWORK_TRANSPORT, backend.config().transport() == TransportKind.STDIO ? Inbound.PIPE : Inbound.TCP);
        if (parent != null) {
            builder.setAttribute(McpAttributes.REQUEST_ID, parent.requestId);
        }
        if (call.tool() != null) {
            builder.setAttribute(McpAttributes.TOOL_NAME, call.tool());
            builder.setAttribute(McpAttributes.OPERATION_NAME, McpAttributes.EXECUTE_TOOL);
        } else if (target != null) {
            builder.setAttribute(McpAttributes.PROMPT_NAME, target);
        }
        backend.config().httpUrl().ifPresent(url -> serverAddress(builder, url));
        return builder.startSpan();
    }

    private static void serverAddress(SpanBuilder builder, URI url) {
        if (url.getHost() != null) {
            builder.setAttribute(McpAttributes.SERVER_ADDRESS, url.getHost());
            int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
            builder.setAttribute(McpAttributes.SERVER_PORT, (long) port);
        }
    }

    private static void endSpan(Span span, JsonRpcResponse response, UpstreamException failure, String errorType, long nanos) {
        span.setAttribute(McpAttributes.LATENCY_MS, nanos / 1e6);
        span.setAttribute(McpAttributes.OUTCOME, Outcomes.outcome(errorType));
        if (response != null && response.isError()) {
            span.setAttribute(McpAttributes.RPC_STATUS_CODE, Integer.toString(response.errorCode()));
        }
        if (!errorType.isEmpty()) {
            span.setAttribute(McpAttributes.ERROR_TYPE, errorType);
            String description = failure != null ? failure.getMessage()
                    : response != null && response.isError() ? response.errorMessage() : errorType;
            span.setStatus(StatusCode.ERROR, description);
        }
        span.end();
    }
}
