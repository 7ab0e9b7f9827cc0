package dev.mcpgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stdio transport, in process, over OS pipes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoStdioServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long "no answer" is watched for; absence cannot be proven, only observed for a while. */
    private static final long QUIET_MS = 300;

    private Harness harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void answersTheMcpHandshakeAndToolCalls() throws Exception {
        start("");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(harness.next().at("/result/protocolVersion").asString()).isEqualTo("2025-03-26");
        harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}");

        JsonNode echo = harness.next();
        assertThat(echo.get("id").asInt()).isEqualTo(1);
        assertThat(echo.at("/result/content/0/text").asString()).isEqualTo("hi");
    }

    @Test
    void aSlowCallDoesNotHoldUpOtherRequestsAndCancellingItSilencesIt() throws Exception {
        start("");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":600000,\"steps\":1}}}");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

        assertThat(harness.next().get("id").asInt()).isEqualTo(2);

        harness.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"reason\":\"user\"}}");
        harness.assertQuiet();
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        assertThat(harness.next().get("id").asInt()).isEqualTo(3);
    }

    @Test
    void progressNotificationsComeBeforeTheResponse() throws Exception {
        start("");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":20,\"steps\":2},\"_meta\":{\"progressToken\":\"p\"}}}");

        assertThat(harness.next().at("/params/progress").asInt()).isEqualTo(1);
        assertThat(harness.next().at("/params/progress").asInt()).isEqualTo(2);
        assertThat(harness.next().at("/result/content/0/text").asString()).isEqualTo("done after 2 steps");
    }

    @Test
    void malformedJsonGetsAParseErrorWithANullId() throws Exception {
        start("");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");

        JsonNode error = harness.next();
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void validJsonThatIsNoMessageGetsInvalidRequestWithItsId() throws Exception {
        start("");
        harness.send("{\"id\":5,\"method\":\"ping\"}");

        JsonNode error = harness.next();
        assertThat(error.get("id").asInt()).isEqualTo(5);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void acceptsCrLfAndSkipsBlankLines() throws Exception {
        start("");
        harness.sendRaw("\r\n  \n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n");

        assertThat(harness.next().get("id").asInt()).isEqualTo(1);
        harness.assertQuiet();
    }

    @Test
    void concurrentAnswersNeverInterleave() throws Exception {
        start("");
        int n = 300;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < n; i++) {
            burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"")
                    .append("x".repeat(i * 7)).append("\"}}}\n");
        }
        harness.sendRaw(burst.toString());

        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            JsonNode r = harness.next(); // each line parses: no torn or interleaved writes
            assertThat(r.at("/result/content/0/text").asString()).hasSize(r.get("id").asInt() * 7);
            ids.add(r.get("id").asInt());
        }
        assertThat(ids).hasSize(n);
    }

    @Test
    void endOfInputEndsTheServerWithExitCodeZeroEvenWithACallRunning() throws Exception {
        start("");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"duration_ms\":600000}}}");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertThat(harness.next().get("id").asInt()).isEqualTo(2);

        harness.closeInput();

        assertThat(harness.exitCode()).isZero();
    }

    @Test
    void answersAlreadyDueAreWrittenWhenInputEndsRightAway() throws Exception {
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        DemoStdioServer server = new DemoStdioServer(new DemoServer(DemoFaults.none()),
                new ByteArrayInputStream("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"
                        .getBytes(StandardCharsets.UTF_8)),
                collected, () -> {});

        assertThat(server.run()).isZero();
        assertThat(collected.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    @Test
    void theCrashFaultAnswersNothingMoreAndReportsExitCodeThree() throws Exception {
        start("crash_after=1");
        harness.send(echo(1));
        assertThat(harness.next().get("id").asInt()).isEqualTo(1);

        harness.send(echo(2));
        await().atMost(10, TimeUnit.SECONDS).until(() -> harness.crashes.get() == 1);
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        harness.assertQuiet();

        harness.closeInput();
        assertThat(harness.exitCode()).isEqualTo(DemoStdioServer.CRASH_EXIT_CODE);
    }

    @Test
    void theGarbageFaultWritesALineThatIsNotJson() throws Exception {
        start("garbage_after=0");
        harness.send(echo(1));

        String line = harness.nextLine();
        assertThat(line).isEqualTo(new String(DemoMessages.GARBAGE, StandardCharsets.US_ASCII));
        assertThat(isJson(line)).isFalse();
    }

    @Test
    void theHangFaultLeavesCallsUnansweredButPingWorks() throws Exception {
        start("hang_after=0");
        harness.send(echo(1));
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

        assertThat(harness.next().get("id").asInt()).isEqualTo(2);
        harness.assertQuiet();
    }

    @Test
    void theHangAllFaultSilencesEvenPing() throws Exception {
        start("hang_all_after=0");
        harness.send(echo(1));
        await().atMost(10, TimeUnit.SECONDS).until(harness.faults::wedged); // lines are handled concurrently
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

        harness.assertQuiet();
    }

    @Test
    void theErrorRateAndLatencyFaultsStillAnswer() throws Exception {
        start("error_rate=1,latency=20ms");
        harness.send(echo(1));

        JsonNode r = harness.next();
        assertThat(r.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(r.get("id").asInt()).isEqualTo(1);
    }

    @Test
    void anOversizedLineIsRefusedAndTheNextOneStillAnswered() throws Exception {
        start("");
        harness.sendRaw("\"" + "a".repeat(DemoStdioServer.MAX_LINE_BYTES) + "\"\n");
        harness.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

        JsonNode refused = harness.next();
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(refused.at("/error/message").asString()).contains("longer than");
        assertThat(harness.next().get("id").asInt()).isEqualTo(2);
    }

    @Test
    void theLineReaderHandlesSplitReadsAndALastLineWithoutNewline() throws IOException {
        byte[] input = "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8);
        // An input stream that returns one byte per read: lines span many reads.
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < input.length ? input[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= input.length) {
                    return -1;
                }
                b[off] = input[i++];
                return 1;
            }
        };
        DemoStdioServer.LineReader reader = new DemoStdioServer.LineReader(trickle, 4);

        List<String> lines = new ArrayList<>();
        byte[] line;
        while ((line = reader.next()) != null) {
            lines.add(line == DemoStdioServer.LineReader.TOO_LONG ? "<too long>" : new String(line, StandardCharsets.UTF_8));
        }

        assertThat(lines).containsExactly("one", "two", "", "<too long>");
    }

    // ---- harness ----

    private void start(String faults) throws IOException {
        harness = new Harness(DemoFaults.parse(faults));
    }

    private static String echo(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m" + id + "\"}}}";
    }

    private static boolean isJson(String line) {
        try {
            JSON.readTree(line);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A server on OS pipes, run on a platform thread as the CLI does; a reader thread collects its output lines. */
    private static final class Harness {
        final AtomicInteger crashes = new AtomicInteger();
        final DemoFaults faults;
        private final OutputStream toServer;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread serverThread;
        private final Thread readerThread;

        Harness(DemoFaults faults) throws IOException {
            this.faults = faults;
            Pipe in = Pipe.open();
            Pipe out = Pipe.open();
            toServer = Channels.newOutputStream(in.sink());
            DemoStdioServer server = new DemoStdioServer(new DemoServer(faults), Channels.newInputStream(in.source()),
                    Channels.newOutputStream(out.sink()), crashes::incrementAndGet);
            serverThread = Thread.ofPlatform().name("test-stdio-server").start(() -> {
                try {
                    exit.complete(server.run());
                } catch (Throwable t) {
                    exit.completeExceptionally(t);
                } finally {
                    try {
                        out.sink().close();
                    } catch (IOException ignored) {
                        // closing our own pipe end
                    }
                }
            });
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8));
            readerThread = Thread.ofPlatform().daemon().name("test-stdio-reader").start(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // pipe closed
                }
            });
        }

        void send(String message) throws IOException {
            sendRaw(message + "\n");
        }

        void sendRaw(String text) throws IOException {
            toServer.write(text.getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line from the server within 10 s").isNotNull();
            return line;
        }

        JsonNode next() throws InterruptedException {
            return JSON.readTree(nextLine());
        }

        void assertQuiet() throws InterruptedException {
            assertThat(lines.poll(QUIET_MS, TimeUnit.MILLISECONDS)).as("no further output").isNull();
        }

        void closeInput() throws IOException {
            toServer.close();
        }

        int exitCode() throws Exception {
            return exit.get(10, TimeUnit.SECONDS);
        }

        void close() throws Exception {
            toServer.close();
            exit.handle((code, failure) -> code).get(10, TimeUnit.SECONDS);
            serverThread.join(10_000);
            readerThread.join(10_000);
            assertThat(serverThread.isAlive()).isFalse();
        }
    }
}
