package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = CliRun.run(all);
        out.append(r.out());
        err.append(r.err());
        return r.exitCode();
    }

    @Test
    void writesTheStarterConfigToStdoutAndItValidates() throws Exception {
        assertThat(run()).isZero();
        assertThat(err.toString()).isEmpty();
        String text = out.toString();
        assertThat(text).startsWith("# gateway.yaml: configuration of mcp-gateway.");
        GatewayConfig config = ConfigLoader.load(text, "init-output.yaml", Map.of(), dir, w -> {
            throw new AssertionError("unexpected warning " + w);
        });
        assertThat(config.backends().get("demo").command()).isEqualTo(DemoServerLauncher.command());
    }

    @Test
    void theDemoCommandRunsThisJavaWithDemoServerOverStdio() {
        var command = DemoServerLauncher.command();
        assertThat(Path.of(command.getFirst())).isEqualTo(Path.of(ProcessHandle.current().info().command().orElseThrow()));
        assertThat(command).endsWith("demo-server", "--stdio");
    }

    @Test
    void writesToAFileCreatingItsDirectory() throws Exception {
        Path file = dir.resolve("conf/sub/gateway.yaml");
        assertThat(run("-o", file.toString())).isZero();
        assertThat(out.toString()).contains("Wrote " + file);
        assertThat(ConfigLoader.load(file, Map.of(), w -> {}).backends()).containsKeys("demo", "docs");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "# mine\n");
        assertThat(run("--output", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(file + " already exists; use --force to overwrite it");
        assertThat(Files.readString(file)).isEqualTo("# mine\n");

        assertThat(run("-o", file.toString(), "--force")).isZero();
        assertThat(Files.readString(file)).startsWith("# gateway.yaml: configuration of mcp-gateway.");
    }

    @Test
    void hasHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: mcp-gateway init [-o FILE] [--force]", "-o, --output FILE", "--force");
    }
}
