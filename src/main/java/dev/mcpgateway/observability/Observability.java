package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.failsafe.FailsafeRegistry;
import dev.mcpgateway.routing.CallStage;
import dev.mcpgateway.routing.RequestObserver;
import dev.mcpgateway.session.SessionRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Everything the gateway does to be observable, in one place for the gateway to wire: the request
 * observer (log fields, server metrics, SERVER spans), the two backend-call stages (the outermost
 * counts logical calls, the innermost traces each attempt and propagates trace context), the
 * backend-event decorator, the metrics registry and the operator endpoints.
 *
 * <p>It listens; it never changes what is forwarded, except the trace context it writes into
 * {@code params._meta} of requests to backends (with tracing on).
 */
public final class Observability implements AutoCloseable {

    private final Telemetry telemetry;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private volatile BackendHealthSource health = new ConnectionHealth();
    private final RequestObserver requestObserver;
    private final CallStage callObserver;
    private final CallStage attemptTracer;
    private volatile AdminEndpoints admin;
    private volatile GatewayHealth gatewayHealth;

    public Observability(Telemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.requestObserver = new ClientRequestObserver(telemetry, metrics);
        this.callObserver = new BackendCallObserver(metrics);
        this.attemptTracer = new BackendAttemptTracer(telemetry, metrics, () -> health);
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Watches every client request (give it to the dispatcher). */
    public RequestObserver requestObserver() {
        return requestObserver;
    }

    /** The outermost backend-call stage: one count per logical call, whatever the retries. */
    public CallStage callObserver() {
        return callObserver;
    }

    /** The innermost backend-call stage: one CLIENT span and duration per attempt; trace context into {@code _meta}. */
    public CallStage attemptTracer() {
        return attemptTracer;
    }

    /** Backend events, passed on to {@code delegate} with log fields set and span events added. */
    public BackendEvents observe(BackendEvents delegate) {
        return new ObservedBackendEvents(delegate);
    }

    /**
     * Reads backend health from the failsafe (breaker, percentiles, rejections) and turns its events
     * into metrics and span events.
     */
    public void useFailsafe(FailsafeRegistry failsafe) {
        useHealthSource(new FailsafeHealthSource(failsafe));
        failsafe.addListener(new FailsafeTelemetry(metrics));
    }

    /** Where backend health figures come from from now on. */
    public void useHealthSource(BackendHealthSource source) {
        this.health = Objects.requireNonNull(source, "source");
    }

    public BackendHealthSource healthSource() {
        return health;
    }

    /**
     * Connects the gauges and endpoints to the running gateway; call once, after the backends exist.
     *
     * @param readyRequires {@code server.ready_requires}
     * @param listening whether the MCP listener is up
     * @param stopping whether shutdown has begun
     */
    public AdminEndpoints bind(List<Backend> backends, SessionRegistry sessions, List<String> readyRequires, BooleanSupplier listening,
            BooleanSupplier stopping) {
        metrics.bind(sessions, backends, () -> health);
        gatewayHealth = new GatewayHealth(backends, () -> health, readyRequires, sessions, listening, stopping);
        admin = new AdminEndpoints(gatewayHealth, metrics.registry());
        return admin;
    }

    /** The operator endpoints (after {@link #bind}). */
    public AdminEndpoints admin() {
        return admin;
    }

    public GatewayHealth health() {
        return gatewayHealth;
    }

    /** Flushes spans not yet exported. */
    @Override
    public void close() {
        telemetry.close();
    }
}
