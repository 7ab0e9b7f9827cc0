package dev.mcpgateway.observability;

import dev.mcpgateway.GatewayVersion;
import dev.mcpgateway.config.TelemetryConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's OpenTelemetry tracing: either off (no span is made, nothing is propagated beyond
 * what clients put in {@code _meta} themselves) or an SDK exporting over OTLP http/protobuf.
 *
 * <p>Configured from {@code telemetry:} and the standard {@code OTEL_*} environment variables,
 * which win over the file (the SDK's own precedence). Trace context always travels as W3C
 * {@code traceparent}/{@code tracestate} and {@code baggage}, whatever {@code OTEL_PROPAGATORS}
 * says, because that is what MCP peers understand in {@code params._meta}.
 */
public final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    static final String INSTRUMENTATION = "dev.mcpgateway";

    /** Environment variables that ask for trace export even without {@code telemetry.enabled}. */
    private static final Set<String> EXPORT_VARIABLES = Set.of(
            "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

    private static final TextMapPropagator W3C = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    private final Tracer tracer;
    private final OpenTelemetrySdk owned;

    private Telemetry(Tracer tracer, OpenTelemetrySdk owned) {
        this.tracer = tracer;
        this.owned = owned;
    }

    /** Tracing off. */
    public static Telemetry disabled() {
        return new Telemetry(null, null);
    }

    /** Tracing through {@code openTelemetry}, which the caller keeps and closes (tests use the in-memory exporter). */
    public static Telemetry of(OpenTelemetry openTelemetry) {
        return new Telemetry(openTelemetry.getTracer(INSTRUMENTATION, GatewayVersion.get()), null);
    }

    /** Tracing as {@code config} and the environment say; closing it flushes and stops the exporter. */
    public static Telemetry fromConfig(TelemetryConfig config, Map<String, String> environment) {
        if (!enabledBy(config, environment)) {
            return disabled();
        }
        Map<String, String> defaults = sdkProperties(config);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                // only the JDK http/protobuf sender is on the classpath: a grpc setting would fail at startup
                .addPropertiesCustomizer(properties -> forceHttpProtobuf(properties.getString("otel.exporter.otlp.protocol"),
                        properties.getString("otel.exporter.otlp.traces.protocol")))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        LOG.info("tracing on: {}", config.withEnabled(true));
        return new Telemetry(sdk.getTracer(INSTRUMENTATION, GatewayVersion.get()), sdk);
    }

    /**
     * On when {@code telemetry.enabled} is true, or when the environment names a trace exporter or
     * endpoint; {@code OTEL_SDK_DISABLED=true} or {@code OTEL_TRACES_EXPORTER=none} always turns it off.
     */
    static boolean enabledBy(TelemetryConfig config, Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
            return false;
        }
        String exporter = environment.getOrDefault("OTEL_TRACES_EXPORTER", "").strip().toLowerCase(Locale.ROOT);
        if (exporter.equals("none")) {
            return false;
        }
        if (config.enabled()) {
            return true;
        }
        return EXPORT_VARIABLES.stream().anyMatch(name -> !environment.getOrDefault(name, "").isBlank());
    }

    /** The SDK properties the config stands for; the environment overrides any of them. */
    static Map<String, String> sdkProperties(TelemetryConfig config) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("otel.service.name", config.serviceName());
        p.put("otel.resource.attributes", "service.version=" + GatewayVersion.get());
        p.put("otel.traces.exporter", "otlp");
        p.put("otel.metrics.exporter", "none");
        p.put("otel.logs.exporter", "none");
        p.put("otel.exporter.otlp.protocol", "http/protobuf");
        p.put("otel.propagators", "tracecontext,baggage");
        p.put("otel.traces.sampler", "parentbased_traceidratio");
        p.put("otel.traces.sampler.arg", Double.toString(config.sampleRatio()));
        config.endpoint().ifPresent(endpoint -> {
            String url = endpoint.toString();
            if (endpoint.getPath() != null && endpoint.getPath().endsWith("/v1/traces")) {
                p.put("otel.exporter.otlp.traces.endpoint", url);
            } else {
                p.put("otel.exporter.otlp.endpoint", url);
            }
        });
        if (!config.headers().isEmpty()) {
            StringJoiner headers = new StringJoiner(",");
            config.headers().forEach((name, value) -> headers.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            p.put("otel.exporter.otlp.headers", headers.toString());
        }
        return p;
    }

    private static Map<String, String> forceHttpProtobuf(String protocol, String tracesProtocol) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (protocol != null && !protocol.equals("http/protobuf")) {
            LOG.warn("OTLP protocol `{}` is not available in mcp-gateway; using http/protobuf (port 4318)", protocol);
            overrides.put("otel.exporter.otlp.protocol", "http/protobuf");
        }
        if (tracesProtocol != null && !tracesProtocol.equals("http/protobuf")) {
            LOG.warn("OTLP traces protocol `{}` is not available in mcp-gateway; using http/protobuf (port 4318)", tracesProtocol);
            overrides.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
        }
        return overrides;
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The tracer; only call when {@link #enabled()}. */
    public Tracer tracer() {
        return tracer;
    }

    /** W3C trace context and baggage, the formats MCP peers read from {@code _meta} and HTTP headers. */
    public static TextMapPropagator propagator() {
        return W3C;
    }

    /** Flushes spans not yet exported (bounded) and stops the exporter, if this instance owns one. */
    @Override
    public void close() {
        if (owned != null) {
            owned.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
            owned.close();
        }
    }
}
