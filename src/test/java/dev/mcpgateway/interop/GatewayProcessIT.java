package dev.mcpgateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GatewayProcess against a stand-in gateway ({@link FakeGatewayMain}), since the real
 * {@code serve} command is not built on this branch: port parsing, stop by PID and detection of
 * child processes that outlive the gateway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayProcessIT {

    private static List<String> fakeGateway(String mode) {
        try {
            Path classes = Path.of(FakeGatewayMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return List.of(GatewayProcess.java().toString(), "-cp", classes.toString(), FakeGatewayMain.class.getName(), mode);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void takesTheMcpUrlFromTheListeningLineAndStopsWithoutSurvivors() {
        GatewayProcess gateway = GatewayProcess.launch("fake-gateway", fakeGateway("clean"), Map.of(), Duration.ofSeconds(30));
        try (gateway) {
            assertThat(gateway.mcpUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
            assertThat(gateway.port()).isPositive();
            assertThat(gateway.awaitStderr(l -> l.contains("listening"), Duration.ofSeconds(1))).contains(gateway.mcpUrl().toString());
            assertThat(gateway.liveDescendants()).hasSize(1);

            GatewayProcess.Stopped stopped = gateway.stop();

            assertThat(stopped.forced()).isFalse();
            assertThat(stopped.exitCode()).isEqualTo(143); // SIGTERM
            assertThat(stopped.survivors()).isEmpty();
            assertThat(gateway.isAlive()).isFalse();
            assertThat(gateway.stop()).isSameAs(stopped);
        }
    }

    @Test
    void reportsChildProcessesThatOutliveTheGatewayAndEndsThemOnClose() {
        GatewayProcess gateway = GatewayProcess.launch("fake-gateway", fakeGateway("orphan"), Map.of(), Duration.ofSeconds(30));
        List<ProcessHandle> children = gateway.liveDescendants();
        assertThat(children).hasSize(1);

        GatewayProcess.Stopped stopped = gateway.stop();
        assertThat(stopped.survivors()).containsExactlyElementsOf(children);
        assertThat(children.getFirst().isAlive()).isTrue();

        gateway.close();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void killsAGatewayThatIgnoresSigterm() {
        GatewayProcess gateway = GatewayProcess.launch("fake-gateway", fakeGateway("stubborn"), Map.of(), Duration.ofSeconds(30));
        List<ProcessHandle> children = gateway.liveDescendants();

        GatewayProcess.Stopped stopped = gateway.stop(Duration.ofSeconds(1));

        assertThat(stopped.forced()).isTrue();
        assertThat(stopped.exitCode()).isEqualTo(137); // SIGKILL
        assertThat(gateway.isAlive()).isFalse();
        gateway.close();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void reportsTheStderrOfAGatewayThatExitsBeforeListening() {
        assertThatThrownBy(() -> GatewayProcess.launch("fake-gateway", fakeGateway("fail"), Map.of(), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("config error: no backends");
    }
}
