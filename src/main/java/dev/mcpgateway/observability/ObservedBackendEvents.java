package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.backend.UpstreamSession;
import dev.mcpgateway.jsonrpc.JsonRpcNotification;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.SessionIds;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.util.Set;

/**
 * Passes backend events on to the routing layer unchanged, with the right log fields set around
 * each callback (they run on transport threads, which carry no request of their own), and marks
 * session re-initialisations and restarts as events on the span of the call that caused them (if
 * any: a restart by a health check or in the background has no span; the backend logs it).
 */
final class ObservedBackendEvents implements BackendEvents {

    static final String REINITIALIZED = "mcp_gateway.session.reinitialized";
    static final String RESTARTED = "mcp_gateway.backend.restarted";
    private static final io.opentelemetry.api.common.AttributeKey<String> CAUSE = io.opentelemetry.api.common.AttributeKey.stringKey("cause");

    private static final String[] FIELDS = {LogContext.BACKEND, LogContext.REQUEST_ID, LogContext.SESSION};

    private final BackendEvents delegate;

    ObservedBackendEvents(BackendEvents delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onNotification(Backend backend, JsonRpcNotification notification, ClientRequest origin, ClientSession owner) {
        LogContext.Saved saved = fields(backend, origin, owner);
        try {
            delegate.onNotification(backend, notification, origin, owner);
        } finally {
            saved.restore();
        }
    }

    @Override
    public void onServerRequest(Backend backend, UpstreamSession upstream, JsonRpcRequest request, ClientRequest origin, ClientSession owner) {
        LogContext.Saved saved = fields(backend, origin, owner);
        try {
            delegate.onServerRequest(backend, upstream, request, origin, owner);
        } finally {
            saved.restore();
        }
    }

    @Override
    public void onCatalogChanged(Backend backend, ClientSession owner, Set<BackendCatalog.Kind> changed) {
        LogContext.Saved saved = fields(backend, null, owner);
        try {
            delegate.onCatalogChanged(backend, owner, changed);
        } finally {
            saved.restore();
        }
    }

    @Override
    public void onReinitialized(Backend backend, UpstreamSession upstream, ClientSession owner) {
        // Runs on the thread of the call that found the session gone, inside that call's span.
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(REINITIALIZED, Attributes.of(McpAttributes.BACKEND, backend.name()));
        }
        LogContext.Saved saved = LogContext.set(LogContext.BACKEND, backend.name());
        try {
            delegate.onReinitialized(backend, upstream, owner);
        } finally {
            saved.restore();
        }
    }

    @Override
    public void onStatusChanged(Backend backend) {
        LogContext.Saved saved = LogContext.set(LogContext.BACKEND, backend.name());
        try {
            delegate.onStatusChanged(backend);
        } finally {
            saved.restore();
        }
    }

    @Override
    public void onRestarted(Backend backend, String cause) {
        // A restart on next use happens inside the call that needed the backend: mark it there.
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(RESTARTED, Attributes.of(McpAttributes.BACKEND, backend.name(), McpAttributes.RESTARTS, (long) backend.restarts(),
                    CAUSE, LogRedaction.scrub(String.valueOf(cause))));
        }
        LogContext.Saved saved = LogContext.set(LogContext.BACKEND, backend.name());
        try {
            delegate.onRestarted(backend, cause);
        } finally {
            saved.restore();
        }
    }

    private static LogContext.Saved fields(Backend backend, ClientRequest origin, ClientSession owner) {
        ClientSession session = origin != null ? origin.session() : owner;
        String requestId = origin != null && origin.observation() instanceof ServerCall call ? call.requestId : null;
        return LogContext.set(FIELDS, new String[] {backend.name(), requestId, session == null ? null : SessionIds.abbreviate(session.id())});
    }
}
