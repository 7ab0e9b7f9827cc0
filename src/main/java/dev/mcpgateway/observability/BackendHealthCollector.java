package dev.mcpgateway.observability;

import dev.mcpgateway.backend.Backend;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-backend gauges read at scrape time ({@code mcp_gateway_backend_healthy},
 * {@code _in_flight}, {@code _queued}, {@code _restarts_total}, {@code _circuit_state}), all from one health
 * snapshot per backend per scrape, so they agree with each other and with {@code /health/backends}.
 */
final class BackendHealthCollector implements MultiCollector {

    static final String HEALTHY = "mcp_gateway_backend_healthy";
    static final String IN_FLIGHT = "mcp_gateway_backend_in_flight";
    static final String QUEUED = "mcp_gateway_backend_queued";
    static final String RESTARTS = "mcp_gateway_backend_restarts";
    static final String CIRCUIT_STATE = "mcp_gateway_backend_circuit_state";
    private static final List<String> STATES = List.of(BackendSnapshot.CLOSED, BackendSnapshot.OPEN, BackendSnapshot.HALF_OPEN);

    private final List<Backend> backends;
    private final Supplier<BackendHealthSource> health;

    BackendHealthCollector(List<Backend> backends, Supplier<BackendHealthSource> health) {
        this.backends = backends.stream().filter(b -> b.config().enabled()).toList();
        this.health = health;
    }

    @Override
    public MetricSnapshots collect() {
        BackendHealthSource source = health.get();
        GaugeSnapshot.Builder healthy = GaugeSnapshot.builder().name(HEALTHY)
                .help("1 if the backend is healthy (connected, calls succeeding, circuit not open), else 0");
        GaugeSnapshot.Builder inFlight = GaugeSnapshot.builder().name(IN_FLIGHT).help("Calls to the backend waiting for an answer now");
        GaugeSnapshot.Builder queued = GaugeSnapshot.builder().name(QUEUED)
                .help("Calls waiting in the gateway for one of the backend's bulkhead slots now (failsafe.concurrency)");
        CounterSnapshot.Builder restarts = CounterSnapshot.builder().name(RESTARTS)
                .help("Times the backend's session was replaced after it was lost (a stdio child restarted, an HTTP session reconnected)");
        GaugeSnapshot.Builder circuit = GaugeSnapshot.builder().name(CIRCUIT_STATE)
                .help("Circuit breaker state per backend: 1 for the current state (closed, open, half_open), 0 for the others");
        for (Backend backend : backends) {
            BackendSnapshot s = source.snapshot(backend);
            Labels labels = Labels.of("backend", backend.name());
            healthy.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.healthy() ? 1 : 0).build());
            inFlight.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.inFlight()).build());
            queued.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.queued()).build());
            restarts.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(s.restarts()).build());
            for (String state : STATES) {
                circuit.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("backend", backend.name(), "state", state))
                        .value(state.equals(s.circuitState()) ? 1 : 0).build());
            }
        }
        return MetricSnapshots.of(healthy.build(), inFlight.build(), queued.build(), restarts.build(), circuit.build());
    }
}
