package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mcp-gateway demo-server} as a real child process (the test classpath, the real
 * {@code Main}): exit codes, stdout hygiene, environment faults and signals.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoServerProcessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void destroyChildren() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("child %d is gone", p.pid()).isTrue();
        }
    }

    @Test
    void overStdioItWritesOnlyJsonOnStdoutAndExitsZeroAtEndOfInput() throws Exception {
        Child child = start(Map.of(), "--stdio");
        child.send(INITIALIZE);
        child.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        child.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}");
        assertThat(JSON.readTree(child.nextLine()).get("id").asInt()).isZero();
        assertThat(JSON.readTree(child.nextLine()).at("/result/content/0/text").asString()).isEqualTo("hi");

        child.closeInput();

        assertThat(child.process.waitFor(10, TimeUnit.SECONDS)).as("exits promptly at end of input").isTrue();
        assertThat(child.process.exitValue()).isZero();
        assertThat(child.remainingStdout()).isEmpty();
        await().atMost(10, TimeUnit.SECONDS).until(() -> child.stderr().contains("serving MCP on stdio"));
    }

    @Test
    void theCrashFaultKillsTheProcessWithExitCodeThreeBeforeAnswering() throws Exception {
        Child child = start(Map.of(), "--stdio", "--crash-after", "1");
        child.send(INITIALIZE);
        child.nextLine();
        child.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"one\"}}}");
        assertThat(JSON.readTree(child.nextLine()).get("id").asInt()).isEqualTo(1);

        child.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"two\"}}}");

        assertThat(child.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(DemoStdioServer.CRASH_EXIT_CODE);
        assertThat(child.remainingStdout()).as("call 2 got no answer").isEmpty();
    }

    @Test
    void faultsComeFromTheEnvironmentAndFlagsWinOverIt() throws Exception {
        Child child = start(Map.of("MCP_DEMO_FAULTS", "latency=1ms,error_rate=1"), "--stdio", "--error-rate", "0");
        child.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"ok\"}}}");

        assertThat(JSON.readTree(child.nextLine()).at("/result/content/0/text").asString()).as("error_rate=1 was overridden").isEqualTo("ok");
        await().atMost(10, TimeUnit.SECONDS).until(() -> child.stderr().contains("(faults: latency=1ms)"));
    }

    @Test
    void overHttpItReportsTheRealPortAndStopsOnSigterm() throws Exception {
        Child child = start(Map.of(), "--http", "0");
        int port = child.listeningPort();
        try (Socket probe = new Socket("127.0.0.1", port)) {
            assertThat(probe.isConnected()).isTrue();
        }

        child.process.destroy(); // SIGTERM

        assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    @Test
    void overHttpTheCrashFaultEndsTheProcess() throws Exception {
        Child child = start(Map.of(), "--http", "0", "--crash-after", "0");
        int port = child.listeningPort();
        String session = httpInitialize(port);

        httpPost(port, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}");

        assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(DemoStdioServer.CRASH_EXIT_CODE);
    }

    @Test
    void aMissingTransportIsAUsageError() throws Exception {
        Child child = start(Map.of());

        assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isEqualTo(2);
        assertThat(child.remainingStdout()).isEmpty();
    }

    // ---- helpers ----

    private Child start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "dev.mcpgateway.Main", "demo-server"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("MCP_DEMO_FAULTS");
        builder.environment().putAll(env);
        Process p = builder.start();
        started.add(p);
        return new Child(p);
    }

    private static String httpInitialize(int port) throws IOException {
        String response = httpPost(port, null, INITIALIZE);
        Matcher m = Pattern.compile("(?i)mcp-session-id: ([0-9a-f]+)").matcher(response);
        assertThat(m.find()).as(response).isTrue();
        return m.group(1);
    }

    /** A minimal HTTP/1.1 POST that returns whatever arrives before the connection ends or goes quiet. */
    private static String httpPost(int port, String session, String json) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nConnection: close\r\n"
                    + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            try {
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return ""; // reset or quiet: the crash case
            }
        }
    }

    /** A running child with its stdout lines queued and its stderr collected. */
    private static final class Child {
        final Process process;
        private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        private final StringBuffer stderr = new StringBuffer();
        private final LinkedBlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();

        Child(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().name("child-stdout").start(() -> {
                pump(process.getInputStream(), stdout, null);
                stdoutDone.complete(null);
            });
            Thread.ofPlatform().daemon().name("child-stderr").start(() -> pump(process.getErrorStream(), stderrLines, stderr));
        }

        void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        void closeInput() throws IOException {
            process.getOutputStream().close();
        }

        String nextLine() throws InterruptedException {
            String line = stdout.poll(20, TimeUnit.SECONDS);
            assertThat(line).as("a stdout line within 20 s; stderr: %s", stderr).isNotNull();
            return line;
        }

        /** Stdout lines after the process ended (it must have ended). */
        List<String> remainingStdout() throws Exception {
            stdoutDone.get(10, TimeUnit.SECONDS);
            return new ArrayList<>(stdout);
        }

        String stderr() {
            return stderr.toString();
        }

        int listeningPort() throws InterruptedException {
            Pattern listening = Pattern.compile("demo-server listening on http://127\\.0\\.0\\.1:(\\d+)/mcp");
            while (true) {
                String line = stderrLines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("the listening line; stderr so far: %s", stderr).isNotNull();
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }

        private static void pump(InputStream in, LinkedBlockingQueue<String> lines, StringBuffer all) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (all != null) {
                        all.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }
    }
}
