package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop: the official MCP TypeScript SDK client ({@code src/test/interop/demo-smoke.mjs})
 * against the packaged demo server, over stdio and over Streamable HTTP. Every tool is called and
 * the structuredContent of echo and add is validated by the SDK against the output schemas.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoServerSdkIT {

    private static Path jar;
    private static Path interopDir;
    private static String java;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void locateArtifacts() {
        jar = Path.of(System.getProperty("gateway.jar", "target/mcp-gateway.jar")).toAbsolutePath();
        interopDir = Path.of(System.getProperty("interop.dir", "src/test/interop")).toAbsolutePath();
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(jar).as("the packaged jar (run after package)").exists();
        assertThat(interopDir.resolve("demo-smoke.mjs")).exists();
        assertThat(interopDir.resolve("node_modules/@modelcontextprotocol/sdk")).as("the SDK installed by install.sh").exists();
    }

    @AfterEach
    void destroyChildren() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSdkClientPassesEveryCheckOverStdio() throws Exception {
        Report report = runSmoke("stdio", java, jar.toString());

        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.output()).contains("\"ok\": true", "\"slow with progress\"", "\"demo_faults\"");
    }

    @Test
    void theSdkClientPassesEveryCheckOverStreamableHttp() throws Exception {
        Process server = start(new ProcessBuilder(java, "-jar", jar.toString(), "demo-server", "--http", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD));
        String url = awaitListeningUrl(server);

        Report report = runSmoke("http", url);

        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.output()).contains("\"ok\": true", "\"terminate session\"");
        assertThat(server.isAlive()).as("the server survives the client").isTrue();
    }

    private Report runSmoke(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "demo-smoke.mjs"));
        command.addAll(List.of(args));
        Process node = start(new ProcessBuilder(command).directory(interopDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(node));
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("demo-smoke.mjs finishes").isTrue();
        return new Report(node.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    private record Report(int exitCode, String output) {}

    private Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /** Reads the server's stderr until the "listening on" line, then keeps draining it in the background. */
    private static String awaitListeningUrl(Process server) throws Exception {
        Pattern listening = Pattern.compile("demo-server listening on (http://\\S+/mcp)");
        BufferedReader stderr = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = stderr.readLine()) != null) {
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                throw new IllegalStateException("demo server exited before listening");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String found = url.get(30, TimeUnit.SECONDS);
        Thread.ofPlatform().daemon().start(() -> drain(stderr));
        return found;
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // drain so the child never blocks on a full stderr pipe
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }
}
