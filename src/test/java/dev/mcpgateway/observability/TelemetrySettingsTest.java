package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.TelemetryConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code telemetry:} and the {@code OTEL_*} environment turn tracing on and configure the SDK. */
class TelemetrySettingsTest {

    private static final TelemetryConfig ON = TelemetryConfig.DEFAULTS.withEnabled(true);

    @Test
    void tracingIsOffUnlessTheConfigOrTheEnvironmentAsksForIt() {
        assertThat(Telemetry.enabledBy(TelemetryConfig.DEFAULTS, Map.of())).isFalse();
        assertThat(Telemetry.enabledBy(ON, Map.of())).isTrue();
        assertThat(Telemetry.enabledBy(TelemetryConfig.DEFAULTS, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))).isTrue();
        assertThat(Telemetry.enabledBy(TelemetryConfig.DEFAULTS, Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(Telemetry.enabledBy(TelemetryConfig.DEFAULTS, Map.of("OTEL_SERVICE_NAME", "x"))).as("naming is not asking").isFalse();
    }

    @Test
    void theStandardSwitchesTurnItOffWhateverTheConfigSays() {
        assertThat(Telemetry.enabledBy(ON, Map.of("OTEL_SDK_DISABLED", "true"))).isFalse();
        assertThat(Telemetry.enabledBy(ON, Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
    }

    @Test
    void theConfigBecomesSdkDefaultsForOtlpHttpProtobufWithAParentBasedRatioSampler() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer a b");
        headers.put("X-Team", "ops");
        Map<String, String> p = Telemetry.sdkProperties(new TelemetryConfig(true, Optional.of(URI.create("http://collector:4318")),
                headers, "gw-eu", 0.25));
        assertThat(p).containsEntry("otel.service.name", "gw-eu")
                .containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none")
                .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318")
                .containsEntry("otel.traces.sampler", "parentbased_traceidratio")
                .containsEntry("otel.traces.sampler.arg", "0.25")
                .containsEntry("otel.propagators", "tracecontext,baggage")
                .containsEntry("otel.exporter.otlp.headers", "Authorization=Bearer+a+b,X-Team=ops");
        assertThat(p.get("otel.resource.attributes")).startsWith("service.version=");
    }

    @Test
    void aFullTracesUrlIsUsedAsTheTracesEndpoint() {
        Map<String, String> p = Telemetry.sdkProperties(new TelemetryConfig(true, Optional.of(URI.create("https://c.example/v1/traces")),
                Map.of(), "mcp-gateway", 1.0));
        assertThat(p).containsEntry("otel.exporter.otlp.traces.endpoint", "https://c.example/v1/traces").doesNotContainKey("otel.exporter.otlp.endpoint");
    }

    @Test
    void aDisabledTelemetryMakesNoSpansAndClosesQuietly() {
        Telemetry off = Telemetry.fromConfig(TelemetryConfig.DEFAULTS, Map.of());
        assertThat(off.enabled()).isFalse();
        off.close();
    }

    @Test
    void anEnabledTelemetryBuildsAnSdkWithTheJdkSenderAndShutsDown() {
        // builds without OkHttp and without a gRPC sender (http/protobuf over the JDK's client)
        Telemetry on = Telemetry.fromConfig(new TelemetryConfig(true, Optional.of(URI.create("http://127.0.0.1:1")), Map.of(), "t", 1.0), Map.of());
        assertThat(on.enabled()).isTrue();
        assertThat(on.tracer().spanBuilder("probe").startSpan().getSpanContext().isValid()).isTrue();
        on.close();
    }
}
