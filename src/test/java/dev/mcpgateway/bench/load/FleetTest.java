package dev.mcpgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.ConcurrencyConfig;
import dev.mcpgateway.config.FailsafeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway configs the load test writes are ones the gateway loads, with the limit asked for. */
class FleetTest {

    @TempDir
    Path dir;

    private ConcurrencyConfig concurrencyWritten(int maxInFlight) throws Exception {
        try (Fleet fleet = new Fleet(Path.of("java"), Path.of("gateway.jar"), dir, List.of(), List.of(), maxInFlight)) {
            Path file = fleet.gatewayConfig("g" + maxInFlight, 39999,
                    Map.of("demo", Fleet.httpBackendYaml(URI.create("http://127.0.0.1:1/mcp"))), Fleet.Failsafe.ON_UNTHROTTLED, null);
            return ConfigLoader.load(file).failsafe().concurrency();
        }
    }

    @Test
    void aMaxInFlightGivenToTheLoadTestReachesTheGatewaysBulkhead() throws Exception {
        assertThat(concurrencyWritten(1024).maxInFlight()).isEqualTo(1024);
    }

    @Test
    void withoutOneTheGatewayKeepsItsDefault() throws Exception {
        assertThat(concurrencyWritten(0)).isEqualTo(FailsafeConfig.DEFAULTS.concurrency());
    }
}
