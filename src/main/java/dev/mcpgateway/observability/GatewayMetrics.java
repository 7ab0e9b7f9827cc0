package dev.mcpgateway.observability;

import dev.mcpgateway.GatewayVersion;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.mcp.McpMethods;
import dev.mcpgateway.session.SessionRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics, in their own registry (scraped at {@code /metrics}).
 *
 * <p>Label values are bounded: methods outside the MCP set are {@code other}, error types are
 * bounded by {@link Outcomes}, backends come from the configuration and tool names only from
 * backends' catalogues. Histograms are classic (explicit buckets, sub-millisecond to 5 minutes)
 * so that quantiles aggregate across instances.
 *
 * <p>Names and labels (the deploy/ alerts and dashboard are tested against them):
 * <ul>
 *   <li>{@code mcp_server_operation_duration_seconds} histogram ({@code mcp_method_name}, {@code error_type})
 *   <li>{@code mcp_client_operation_duration_seconds} histogram ({@code backend}, {@code mcp_method_name}, {@code error_type})
 *   <li>{@code mcp_gateway_tool_calls_total} ({@code backend}, {@code tool}, {@code outcome})
 *   <li>{@code mcp_gateway_backend_circuit_state} ({@code backend}, {@code state}: 1 for the current state)
 *   <li>{@code mcp_gateway_backend_circuit_transitions_total} ({@code backend}, {@code from}, {@code to})
 *   <li>{@code mcp_gateway_backend_rejections_total} ({@code backend}, {@code reason})
 *   <li>{@code mcp_gateway_backend_healthy}, {@code mcp_gateway_backend_in_flight}, {@code mcp_gateway_backend_queued},
 *       {@code mcp_gateway_backend_restarts_total}, {@code mcp_gateway_retries_total} ({@code backend})
 *   <li>{@code mcp_gateway_sessions_active}, {@code mcp_gateway_build_info} ({@code version})
 *   <li>JVM and process metrics ({@code jvm_*}, {@code process_*})
 * </ul>
 */
public final class GatewayMetrics {

    static final double[] DURATION_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    static final String OTHER_METHOD = "other";
    /** The transitions a circuit breaker makes. */
    private static final String[][] CIRCUIT_TRANSITIONS = {
        {BackendSnapshot.CLOSED, BackendSnapshot.OPEN}, {BackendSnapshot.OPEN, BackendSnapshot.HALF_OPEN},
        {BackendSnapshot.HALF_OPEN, BackendSnapshot.CLOSED}, {BackendSnapshot.HALF_OPEN, BackendSnapshot.OPEN}};
    private static final Set<String> METHODS = Set.of(
            McpMethods.INITIALIZE, McpMethods.PING, McpMethods.TOOLS_LIST, McpMethods.TOOLS_CALL, McpMethods.PROMPTS_LIST,
            McpMethods.PROMPTS_GET, McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, McpMethods.RESOURCES_READ,
            McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE, McpMethods.COMPLETION_COMPLETE,
            McpMethods.LOGGING_SET_LEVEL, McpMethods.TASKS_GET, McpMethods.TASKS_RESULT, McpMethods.TASKS_LIST,
            McpMethods.TASKS_CANCEL, McpMethods.SERVER_DISCOVER,
            "gateway_list_servers", "gateway_list_tools", "gateway_search_tools", "gateway_invoke");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram serverDuration;
    private final Histogram clientDuration;
    private final Counter toolCalls;
    private final Counter circuitTransitions;
    private final Counter rejections;
    private final Counter retries;

    public GatewayMetrics() {
        serverDuration = Histogram.builder()
                .name("mcp_server_operation_duration_seconds")
                .help("MCP requests from clients, from receipt to answer, by method and error type (empty: success)")
                .labelNames("mcp_method_name", "error_type")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).withoutExemplars()
                .register(registry);
        clientDuration = Histogram.builder()
                .name("mcp_client_operation_duration_seconds")
                .help("MCP requests the gateway sent to backends (each attempt), until the answer, by backend, method and error type")
                .labelNames("backend", "mcp_method_name", "error_type")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).withoutExemplars()
                .register(registry);
        toolCalls = Counter.builder()
                .name("mcp_gateway_tool_calls_total")
                .help("Tool calls routed to backends, by backend, tool (the backend's name for it) and outcome")
                .labelNames("backend", "tool", "outcome")
                .withoutExemplars()
                .register(registry);
        circuitTransitions = Counter.builder()
                .name("mcp_gateway_backend_circuit_transitions_total")
                .help("Circuit breaker state changes, by backend and states")
                .labelNames("backend", "from", "to")
                .withoutExemplars()
                .register(registry);
        rejections = Counter.builder()
                .name("mcp_gateway_backend_rejections_total")
                .help("Calls the gateway refused without sending them to the backend, by reason (circuit_open, rate_limited, overloaded)")
                .labelNames("backend", "reason")
                .withoutExemplars()
                .register(registry);
        retries = Counter.builder()
                .name("mcp_gateway_retries_total")
                .help("Backend calls sent again after a failed attempt")
                .labelNames("backend")
                .withoutExemplars()
                .register(registry);
        Info.builder().name("mcp_gateway_build_info").help("The gateway's version").labelNames("version").register(registry)
                .setLabelValues(GatewayVersion.get());
        registerJvmMetrics(registry);
    }

    /**
     * What {@code JvmMetrics.builder().register(registry)} registers, except that the native-memory
     * metrics are registered only when native memory tracking is on. Without that check Prometheus
     * finds out by starting the platform MBean server and running a diagnostic command: about 50 ms
     * of a start that should take under a second (JFR, docs/benchmarks.md), for metrics that would
     * not exist.
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        PrometheusProperties config = PrometheusProperties.get();
        JvmThreadsMetrics.builder(config).register(registry);
        JvmBufferPoolMetrics.builder(config).register(registry);
        JvmClassLoadingMetrics.builder(config).register(registry);
        JvmCompilationMetrics.builder(config).register(registry);
        JvmGarbageCollectorMetrics.builder(config).register(registry);
        JvmMemoryPoolAllocationMetrics.builder(config).register(registry);
        JvmMemoryMetrics.builder(config).register(registry);
        if (nativeMemoryTrackingOn(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            JvmNativeMemoryMetrics.builder(config).register(registry);
        }
        JvmRuntimeInfoMetric.builder(config).register(registry);
        ProcessMetrics.builder(config).register(registry);
    }

    /** Whether the JVM was started with {@code -XX:NativeMemoryTracking=summary} or {@code =detail} (the last one counts). */
    static boolean nativeMemoryTrackingOn(List<String> jvmArguments) {
        String flag = "-XX:NativeMemoryTracking=";
        boolean on = false;
        for (String argument : jvmArguments) {
            if (argument.startsWith(flag)) {
                on = !argument.substring(flag.length()).equals("off");
            }
        }
        return on;
    }

    /**
     * Registers the gauges read from the live gateway at scrape time: sessions, and each backend's
     * health, in-flight calls, restarts and circuit state (from {@code health}).
     */
    public void bind(SessionRegistry sessions, List<Backend> backends, Supplier<BackendHealthSource> health) {
        GaugeWithCallback.builder()
                .name("mcp_gateway_sessions_active")
                .help("Client sessions open now")
                .callback(cb -> cb.call(sessions.size()))
                .register(registry);
        List<Backend> enabled = backends.stream().filter(b -> b.config().enabled()).toList();
        registry.register(new BackendHealthCollector(enabled, health));
        // Series of things that may not have happened yet start at 0 for every backend, so rates, alerts and
        // dashboards work from the first scrape (a series that appears later loses its first increase).
        serverDuration.initLabelValues(McpMethods.TOOLS_CALL, Outcomes.NONE);
        for (Backend b : enabled) {
            clientDuration.initLabelValues(b.name(), McpMethods.TOOLS_CALL, Outcomes.NONE);
            retries.initLabelValues(b.name());
            for (String reason : List.of("circuit_open", "rate_limited", "overloaded")) {
                rejections.initLabelValues(b.name(), reason);
            }
            for (String[] transition : CIRCUIT_TRANSITIONS) {
                circuitTransitions.initLabelValues(b.name(), transition[0], transition[1]);
            }
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The {@code mcp_method_name} label of a method: itself if it is an MCP or gateway method, else {@code other}. */
    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : OTHER_METHOD;
    }

    void serverOperation(String method, String errorType, long nanos) {
        serverDuration.labelValues(methodLabel(method), errorType).observe(nanos / 1e9);
    }

    void clientOperation(String backend, String method, String errorType, long nanos) {
        clientDuration.labelValues(backend, methodLabel(method), errorType).observe(nanos / 1e9);
    }

    void toolCall(String backend, String tool, String outcome) {
        toolCalls.labelValues(backend, tool, outcome).inc();
    }

    /** A circuit breaker changed state ({@code closed}, {@code open}, {@code half_open}). */
    public void circuitTransition(String backend, String from, String to) {
        circuitTransitions.labelValues(backend, from, to).inc();
    }

    /** The gateway refused a call to {@code backend} ({@code circuit_open}, {@code rate_limited}, {@code overloaded}). */
    public void rejection(String backend, String reason) {
        rejections.labelValues(backend, reason).inc();
    }

    public void retry(String backend) {
        retries.labelValues(backend).inc();
    }
}
