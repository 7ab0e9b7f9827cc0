package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMetricsJvmTest {

    @Test
    void registersTheJvmAndProcessMetricsOfEveryKind() {
        List<String> names = new GatewayMetrics().registry().scrape().stream()
                .map(snapshot -> snapshot.getMetadata().getPrometheusName())
                .toList();

        assertThat(names).contains(
                "jvm_threads_current", "jvm_buffer_pool_used_bytes", "jvm_classes_currently_loaded",
                "jvm_compilation_time_seconds", "jvm_gc_collection_seconds", "jvm_memory_pool_allocated_bytes",
                "jvm_memory_used_bytes", "jvm_runtime", "process_cpu_seconds");
    }

    @Test
    void nativeMemoryMetricsOnlyWhenTrackingIsOn() {
        assertThat(GatewayMetrics.nativeMemoryTrackingOn(List.of("-Xmx1g"))).isFalse();
        assertThat(GatewayMetrics.nativeMemoryTrackingOn(List.of("-XX:NativeMemoryTracking=off"))).isFalse();
        assertThat(GatewayMetrics.nativeMemoryTrackingOn(List.of("-XX:NativeMemoryTracking=summary"))).isTrue();
        assertThat(GatewayMetrics.nativeMemoryTrackingOn(List.of("-XX:NativeMemoryTracking=detail", "-Xss512k"))).isTrue();
        assertThat(GatewayMetrics.nativeMemoryTrackingOn(
                List.of("-XX:NativeMemoryTracking=summary", "-XX:NativeMemoryTracking=off"))).isFalse();
    }
}
