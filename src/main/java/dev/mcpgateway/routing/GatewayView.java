package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.config.FailureMode;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientRequest;
import dev.mcpgateway.session.ClientSession;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the request handlers see of the backends: the enabled ones in configuration order, the
 * catalog a client sees (after waiting, bounded, for backends still starting), and whether a
 * fail_closed backend stands in the way of an aggregated answer.
 */
final class GatewayView {

    private final List<Backend> backends;
    private final Map<String, Backend> byName = new LinkedHashMap<>();
    private final CatalogViews views;
    private final BackendAvailability availability;
    private final Duration startupWait;

    GatewayView(List<Backend> configured, BackendAvailability availability, Duration startupWait) {
        this.views = new CatalogViews(configured, availability);
        this.backends = views.backends();
        for (Backend backend : backends) {
            byName.put(backend.name(), backend);
        }
        this.availability = availability;
        this.startupWait = startupWait;
    }

    /** The enabled backends, in configuration order. */
    List<Backend> backends() {
        return backends;
    }

    Backend backend(String name) {
        return byName.get(name);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    BackendAvailability availability() {
        return availability;
    }

    /** The catalog for the request's client, after waiting (bounded) for backends that are still starting. */
    GatewayCatalog catalogFor(ClientRequest request) {
        ClientSession session = request.session();
        long deadline = System.nanoTime() + startupWait.toNanos();
        for (Backend backend : backends) {
            long left = deadline - System.nanoTime();
            if (left > 0 && (backend.status() == Backend.Status.STARTING || backend.perClient())) {
                backend.prepare(session, Duration.ofNanos(left));
            }
        }
        return views.forClient(session);
    }

    /**
     * {@code failure_mode: fail_closed}: while such a backend cannot serve, answers that need every
     * backend fail as a whole instead of silently leaving it out. Null when nothing stands in the way.
     */
    JsonRpcResponse failClosed(ClientRequest request, boolean asToolResult) {
        for (Backend backend : backends) {
            if (backend.config().failsafe().failureMode() != FailureMode.FAIL_CLOSED) {
                continue;
            }
            BackendAvailability.Unavailable why = availability.unavailable(backend);
            if (why == null) {
                continue;
            }
            String text = "backend `" + backend.name() + "` is unavailable and required (failure_mode: fail_closed): " + why.message();
            JsonValue details = GatewayErrors.details(backend.name(), why.reason(), why.retryAfterMs());
            return asToolResult ? GatewayErrors.toolError(request.id(), text, details)
                    : JsonRpc.error(request.id(), why.reason().code(), text, details);
        }
        return null;
    }
}
