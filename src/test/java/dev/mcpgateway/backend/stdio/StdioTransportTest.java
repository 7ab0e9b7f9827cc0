package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The stdio transport against real child processes (sh, cat, node). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StdioTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NOTE = "{\"jsonrpc\":\"2.0\",\"method\":\"%s\"}";

    @TempDir
    Path tempDir;

    private String backend;
    private final List<StdioTransport> transports = new ArrayList<>();
    /** Every process id a test saw alive; all must be dead afterwards. */
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();
    /** Captures the MDC on the logging thread (events read it lazily otherwise, from the reading thread). */
    private final ListAppender<ILoggingEvent> stderrLog = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final Logger stderrLogger = (Logger) LoggerFactory.getLogger(StderrPump.LOGGER);

    @BeforeEach
    void setUp(TestInfo info) {
        backend = "t-" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime() % 100_000;
        stderrLog.start();
        stderrLogger.addAppender(stderrLog);
    }

    @AfterEach
    void noLeaks() {
        stderrLogger.detachAppender(stderrLog);
        for (StdioTransport t : transports) {
            t.close();
            t.pid().ifPresent(seenPids::add);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(stdioThreads()).isEmpty());
        assertThat(seenPids).allSatisfy(pid -> assertThat(ProcessTree.isAlive(pid)).as("pid %d", pid).isFalse());
    }

    // ---- framing -------------------------------------------------------------------------

    @Test
    void sendsPrettyPrintedJsonAsOneLine() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("cat"), listener);
        String pretty = "{\n  \"jsonrpc\": \"2.0\",\r\n  \"id\": 1,\n  \"method\": \"tools/call\",\n"
                + "  \"params\": {\"text\": \"a\\nb\"}\n}";
        JsonRpcMessage request = JsonRpc.parseMessage(pretty.getBytes(StandardCharsets.UTF_8));

        t.send(request);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        JsonRpcMessage echoed = listener.messages.getFirst();
        assertThat(echoed.json().toString()).isEqualTo(pretty.replace('\n', ' ').replace('\r', ' '));
        assertThat(echoed.method()).isEqualTo("tools/call");
        assertThat(request.json().toString()).as("the sent message is not modified").isEqualTo(pretty);
        assertThat(listener.garbage).isEmpty();
    }

    @Test
    void deliversEveryMessageExactlyOnceFromTwoHundredConcurrentSenders() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("cat"), listener);
        int senders = 200;
        int perSender = 25;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perSender; i++) {
                        t.send(JsonRpc.request(JsonValue.string(sender + "-" + i), "ping", null));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        await().atMost(WAIT).until(() -> listener.messages.size() >= senders * perSender);
        Set<String> ids = new HashSet<>();
        synchronized (listener.messages) {
            for (JsonRpcMessage m : listener.messages) {
                assertThat(ids.add(m.json().get("id").asString())).as("duplicate %s", m).isTrue();
            }
        }
        assertThat(ids).hasSize(senders * perSender);
        assertThat(t.stats().messagesOut()).isEqualTo(senders * perSender);
        assertThat(t.stats().messagesIn()).isEqualTo(senders * perSender);
        assertThat(listener.callbackOnVirtualThread).containsExactly(false);
        assertThat(listener.callbackThreads).containsExactly("stdio-" + backend + "-out");
    }

    @Test
    void reportsGarbageLinesAndStillDeliversValidMessages() throws Exception {
        RecordingListener listener = new RecordingListener();
        String script = "echo 'Server starting on stdio...'; "
                + "printf '%s\\n' '" + NOTE.formatted("first") + "'; "
                + "echo; echo '   '; "
                + "printf '%s\\n' '{\"not\":\"json-rpc\"}'; "
                + "printf '\\033[31mred\\n'; "
                + "printf '%s\\n' '[" + NOTE.formatted("in-batch") + ",{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}]'; "
                + "printf '%s\\r\\n' '" + NOTE.formatted("crlf") + "'; "
                + "cat";
        start(builder("sh", "-c", script), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 4 && listener.garbage.size() == 3);
        assertThat(listener.messages).extracting(JsonRpcMessage::method)
                .containsExactly("first", "in-batch", null, "crlf");
        assertThat(listener.garbage).containsExactly(
                "Server starting on stdio...", "{\"not\":\"json-rpc\"}", "\\u001b[31mred");
        assertThat(transports.getFirst().stats().garbageLines()).isEqualTo(3);
    }

    @Test
    void skipsAnOverlongLineWithoutBufferingItAndKeepsReading() throws Exception {
        RecordingListener listener = new RecordingListener();
        long length = 20_000_000;
        String script = "head -c " + length + " /dev/zero | tr '\\000' a; echo; "
                + "printf '%s\\n' '" + NOTE.formatted("after") + "'; cat";
        start(builder("sh", "-c", script).maxLineBytes(1024 * 1024), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        assertThat(listener.messages.getFirst().method()).isEqualTo("after");
        assertThat(listener.garbage).singleElement().asString()
                .startsWith("aaaaaaaaaa").contains("(" + length + " bytes)").hasSizeLessThan(260);
    }

    // ---- stderr ---------------------------------------------------------------------------

    @Test
    void logsStderrLinesWithTheBackendNameInTheMessageAndTheMdc() throws Exception {
        start(builder("sh", "-c", "echo 'hello from stderr' >&2; printf 'bad\\033[2Jline\\r\\n' >&2; cat"),
                new RecordingListener());

        await().atMost(WAIT).until(() -> stderrEvents().size() == 2);
        List<ILoggingEvent> events = stderrEvents();
        assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("[" + backend + "] hello from stderr", "[" + backend + "] bad\\u001b[2Jline");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("INFO");
            assertThat(e.getMDCPropertyMap()).containsEntry("backend", backend);
            assertThat(e.getLoggerName()).isEqualTo("dev.mcpgateway.backend.stderr");
        });
    }

    @Test
    void rateLimitsStderrLoggingAndCountsWhatItSuppressed() throws Exception {
        RecordingListener listener = new RecordingListener();
        String script = "i=0; while [ $i -lt 500 ]; do echo \"line $i\" >&2; i=$((i+1)); done";
        StdioTransport t = start(builder("sh", "-c", script).stderrLinesPerSecond(10), listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1); // stderr is drained before onClosed
        long logged = 0;
        long summarised = 0;
        Pattern summary = Pattern.compile("\\[" + Pattern.quote(backend) + "] suppressed (\\d+) stderr lines.*");
        for (ILoggingEvent e : stderrEvents()) {
            Matcher m = summary.matcher(e.getFormattedMessage());
            if (m.matches()) {
                summarised += Long.parseLong(m.group(1));
            } else {
                assertThat(e.getFormattedMessage()).startsWith("[" + backend + "] line ");
                logged++;
            }
        }
        assertThat(summarised).isPositive();
        assertThat(logged + summarised).isEqualTo(500);
        assertThat(t.stats().stderrLines()).isEqualTo(500);
        assertThat(t.stats().stderrLinesSuppressed()).isEqualTo(summarised);
        assertThat(listener.closed.getFirst()).contains("last stderr: line 495 | line 496 | line 497 | line 498 | line 499");
    }

    // ---- environment and working directory -----------------------------------------------

    @Test
    void givesTheChildOnlyPathHomeTmpdirAndTheConfiguredVariables() throws Exception {
        RecordingListener listener = new RecordingListener();
        String printEnv = "process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'env',params:process.env})+'\\n')";
        Map<String, String> gateway = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/gateway",
                "GITHUB_TOKEN", "ghp_do_not_leak", "LANG", "C.UTF-8");
        start(builder("node", "-e", printEnv).gatewayEnvironment(gateway)
                .env(Map.of("GREETING", "hi", "HOME", "/srv/backend-home")), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        JsonValue env = listener.messages.getFirst().json().get("params");
        assertThat(env.memberNames()).containsExactlyInAnyOrder("PATH", "HOME", "GREETING");
        assertThat(env.getString("HOME")).isEqualTo("/srv/backend-home");
        assertThat(env.getString("GREETING")).isEqualTo("hi");
    }

    @Test
    void leaksNothingFromTheRealGatewayEnvironment() throws Exception {
        RecordingListener listener = new RecordingListener();
        String printEnv = "process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'env',params:process.env})+'\\n')";
        start(builder("node", "-e", printEnv).env(Map.of("MCP_CONFIGURED", "1")), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        assertThat(listener.messages.getFirst().json().get("params").memberNames())
                .contains("MCP_CONFIGURED")
                .isSubsetOf("PATH", "HOME", "TMPDIR", "MCP_CONFIGURED");
    }

    @Test
    void runsTheChildInTheConfiguredWorkingDirectoryAndResolvesRelativeCommandsThere() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("server dir"));
        Path script = dir.resolve("server.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '{\"jsonrpc\":\"2.0\",\"method\":\"cwd\",\"params\":{\"dir\":\"%s\"}}\\n' \"$(pwd -P)\"\n"
                + "exec cat\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        RecordingListener listener = new RecordingListener();
        start(builder("./server.sh").workingDirectory(dir), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        assertThat(listener.messages.getFirst().json().get("params").getString("dir"))
                .isEqualTo(dir.toRealPath().toString());
    }

    // ---- start failures ----------------------------------------------------------------------

    @Test
    void failsToStartWithAClearErrorWhenTheCommandIsNotFound() {
        StdioTransport t = track(builder("no-such-mcp-server-xyz", "--token", "s3cr3t").build());
        assertThatThrownBy(() -> t.start(new RecordingListener()))
                .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessageContaining("backend \"" + backend + "\"")
                .hasMessageContaining("\"no-such-mcp-server-xyz\" was not found")
                .hasMessageNotContaining("s3cr3t");
        assertThat(t.pid()).isEmpty();
    }

    @Test
    void failsToStartWhenTheProgramIsNotExecutableOrTheDirectoryIsMissing() throws Exception {
        Path notExecutable = Files.writeString(tempDir.resolve("server.sh"), "#!/bin/sh\n");
        StdioTransport a = track(builder(notExecutable.toString()).build());
        assertThatThrownBy(() -> a.start(new RecordingListener()))
                .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessageContaining("is not executable");

        StdioTransport b = track(builder("cat").workingDirectory(tempDir.resolve("missing")).build());
        assertThatThrownBy(() -> b.start(new RecordingListener()))
                .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessageContaining("working directory").hasMessageContaining("does not exist");
    }

    @Test
    void refusesToStartTwiceOrAfterClose() throws Exception {
        StdioTransport t = start(builder("cat"), new RecordingListener());
        assertThatThrownBy(() -> t.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);

        StdioTransport closedFirst = track(builder("cat").build());
        closedFirst.close();
        assertThatThrownBy(() -> closedFirst.start(new RecordingListener()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> closedFirst.send(JsonRpc.notification("x", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reachedServer()).isFalse());
    }

    // ---- the child ending on its own ---------------------------------------------------------

    @Test
    void reportsACrashOnceWithTheExitCodeAndTheLastStderrLines() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c",
                "printf '%s\\n' '" + NOTE.formatted("before-crash") + "'; echo 'loading' >&2; "
                        + "echo 'Error: ENOENT config.json' >&2; exit 3"), listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        assertThat(listener.closed.getFirst()).isEqualTo("exited with code 3; last stderr: loading | Error: ENOENT config.json");
        assertThat(listener.messages).extracting(JsonRpcMessage::method).containsExactly("before-crash");
        t.close();
        assertThat(listener.closed).hasSize(1);
        assertThat(listener.callbackThreads).contains("stdio-" + backend + "-exit");
    }

    @Test
    void aSendAfterTheChildExitedExplainsTheExitWithTheLastStderrLines() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c", "echo 'cannot start: settings.json is missing' >&2; exit 2"), listener);
        await().atMost(WAIT).until(() -> listener.closed.size() == 1);

        assertThatThrownBy(() -> t.send(JsonRpc.notification("x", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessageContaining("is not running (exited with code 2; last stderr: cannot start: settings.json is missing)");
    }

    @Test
    void aSendRacingWithTheExitOfAChildExplainsItWithTheLastStderrLines() throws Exception {
        // The initialize of a command that fails at once: the send usually comes before the exit is fully reported.
        StdioTransport t = start(builder("sh", "-c", "echo 'cannot start: settings.json is missing' >&2; exit 2"), new RecordingListener());
        JsonRpcMessage ping = JsonRpc.request(JsonValue.number(1), "ping", null);

        UpstreamException failure = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (failure == null && System.nanoTime() < deadline) {
            try {
                t.send(ping);
                Thread.onSpinWait();
            } catch (UpstreamException e) {
                failure = e;
            }
        }

        assertThat(failure).isNotNull();
        assertThat(failure.reachedServer()).isFalse();
        assertThat(failure).hasMessageContaining("is not running (").hasMessageContaining("; last stderr: cannot start: settings.json is missing)");
    }

    @Test
    void reportsAChildKilledByASignal() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(builder("sh", "-c", "kill -9 $$"), listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        assertThat(listener.closed.getFirst()).isEqualTo("killed by signal 9 (SIGKILL)");
    }

    @Test
    void failsSendAfterTheChildExitedWithoutReachingTheServer() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c", "exit 0"), listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        assertThat(listener.closed.getFirst()).isEqualTo("exited with code 0");
        assertThatThrownBy(() -> t.send(JsonRpc.notification("late", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reachedServer()).isFalse())
                .hasMessage("backend \"" + backend + "\" is not running (exited with code 0)");
    }

    @Test
    void treatsAChildThatClosesItsStdoutButKeepsRunningAsEnded() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(builder("sh", "-c", "exec 1>&-; trap '' TERM; sleep 1000"), listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        // sh may report its killed child on stderr before it dies itself: only the start is fixed.
        assertThat(listener.closed.getFirst())
                .startsWith("closed its stdout but kept running, so it was stopped (killed by signal 9 (SIGKILL))");
    }

    @Test
    void treatsAChildThatStopsReadingItsStdinAsEnded() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c", "exec 0<&-; sleep 1000"), listener);

        // A write before sh closed its stdin still fits the pipe: keep writing until one breaks it.
        await().atMost(WAIT).until(() -> {
            try {
                t.send(JsonRpc.notification("into-the-void", null));
            } catch (UpstreamException e) {
                assertThat(e.reachedServer()).isFalse();
            }
            return listener.closed.size() == 1;
        });
        assertThat(listener.closed.getFirst()).startsWith(
                "stopped reading its stdin (broken pipe) but kept running, so it was stopped (killed by signal 15 (SIGTERM))");
        assertThatThrownBy(() -> t.send(JsonRpc.notification("more", null)))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reachedServer()).isFalse());
    }

    @Test
    void stopsProcessesTheChildLeftBehindWhenItExits() throws Exception {
        RecordingListener listener = new RecordingListener();
        // The background sleep keeps stdout open after sh exits: without its own session it
        // could not be found any more (it has been re-parented).
        start(builder("sh", "-c", "sleep 1000 & printf '{\"jsonrpc\":\"2.0\",\"method\":\"bg\",\"params\":{\"pid\":%s}}\\n' $!; exit 3"),
                listener);

        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        long orphan = listener.messages.getFirst().json().get("params").get("pid").asLong();
        seenPids.add(orphan);
        assertThat(ProcessTree.isAlive(orphan)).isFalse();
        assertThat(listener.closed.getFirst()).isEqualTo("exited with code 3");
    }

    @Test
    void reportsThePidOfTheProgramItself() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c",
                "printf '{\"jsonrpc\":\"2.0\",\"method\":\"pid\",\"params\":{\"pid\":%s}}\\n' $$; exec cat"), listener);

        await().atMost(WAIT).until(() -> listener.messages.size() == 1);
        assertThat(t.pid()).hasValue(listener.messages.getFirst().json().get("params").get("pid").asLong());
        assertThat(t.kind()).isEqualTo("stdio");
    }

    // ---- close ---------------------------------------------------------------------------------

    @Test
    void escalatesToSigkillWhenTheChildIgnoresStdinEofAndSigterm() throws Exception {
        StdioTransport t = start(builder("sh", "-c", "trap '' TERM; sleep 1000"), new RecordingListener());
        List<Long> tree = treeWhenItHas(t, 2);

        t.close();

        assertThat(tree).allSatisfy(pid -> assertThat(ProcessTree.isAlive(pid)).as("pid %d", pid).isFalse());
        assertThat(stdioThreads()).isEmpty();
    }

    @ParameterizedTest(name = "own session: {0}")
    @ValueSource(booleans = {true, false})
    void killsGrandchildrenOnClose(boolean ownSession) throws Exception {
        StdioTransport t = start(builder("sh", "-c", "sleep 1000 & sleep 1000").ownSession(ownSession),
                new RecordingListener());
        List<Long> tree = treeWhenItHas(t, 3);

        t.close();

        assertThat(tree).allSatisfy(pid -> assertThat(ProcessTree.isAlive(pid)).as("pid %d", pid).isFalse());
        assertThat(stdioThreads()).isEmpty();
    }

    @Test
    void closesGracefullyWhenTheChildExitsOnStdinEof() throws Exception {
        RecordingListener listener = new RecordingListener();
        // With a long SIGTERM grace, only a child that exits on EOF lets close return quickly;
        // the assertion is only that it ended without being signalled (no onClosed, no error).
        StdioTransport t = start(builder("cat").terminateGrace(Duration.ofSeconds(30)), listener);
        long pid = t.pid().orElseThrow();

        t.close();

        assertThat(ProcessTree.isAlive(pid)).isFalse();
        assertThat(listener.closed).as("no onClosed for a close the owner asked for").isEmpty();
    }

    @Test
    void failsSendFastWhenTheChildStopsReadingItsInput() throws Exception {
        StdioTransport t = start(builder("sh", "-c", "sleep 1000").maxQueuedBytes(64 * 1024), new RecordingListener());
        JsonRpcMessage big = JsonRpc.notification("fill", JsonValue.parse("{\"pad\":\"" + "p".repeat(4000) + "\"}"));

        UpstreamException failure = null;
        for (int i = 0; i < 10_000 && failure == null; i++) {
            try {
                t.send(big);
            } catch (UpstreamException e) {
                failure = e;
            }
        }

        assertThat(failure).isNotNull();
        assertThat(failure.reachedServer()).isFalse();
        assertThat(failure).hasMessageContaining("is not reading its input");
        // memory stays bounded (the writer may hold a batch it took from the queue, so the count can read 0)
        assertThat(t.stats().queuedBytes()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void makesNoListenerCallsAfterCloseReturns() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("sh", "-c", "while :; do printf '%s\\n' '" + NOTE.formatted("tick") + "'; done"),
                listener);
        await().atMost(WAIT).until(() -> listener.messages.size() > 1000);

        t.close();
        int atClose = listener.callbacks();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> listener.callbacks() == atClose);
        assertThat(listener.closed).isEmpty();
        t.close(); // idempotent
    }

    @Test
    void staysConsistentWhenCloseRacesWithSenders() throws Exception {
        RecordingListener listener = new RecordingListener();
        StdioTransport t = start(builder("cat"), listener);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < 50; s++) {
                int sender = s;
                pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            t.send(JsonRpc.request(JsonValue.string(sender + "-" + i), "ping", null));
                        } catch (UpstreamException e) {
                            if (e.reachedServer()) {
                                unexpected.set(e);
                            }
                            refused.incrementAndGet();
                            return;
                        } catch (Throwable e) {
                            unexpected.set(e);
                            return;
                        }
                    }
                });
            }
            await().atMost(WAIT).until(() -> listener.messages.size() > 500);
            Thread closer1 = Thread.ofVirtual().start(t::close);
            t.close();
            closer1.join();
        }
        assertThat(unexpected.get()).isNull();
        assertThat(refused.get()).isEqualTo(50);
        int atClose = listener.callbacks();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> listener.callbacks() == atClose);
    }

    @Test
    void reportsTheEndOnceWhenTheChildExitsWhileSendersRace() throws Exception {
        RecordingListener listener = new RecordingListener();
        // head echoes 100 lines, then exits while senders are still writing.
        StdioTransport t = start(builder("head", "-n", "100"), listener);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < 20; s++) {
                int sender = s;
                pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            t.send(JsonRpc.request(JsonValue.string(sender + "-" + i), "ping", null));
                        } catch (UpstreamException e) {
                            if (e.reachedServer()) {
                                unexpected.set(e);
                            }
                            return;
                        } catch (Throwable e) {
                            unexpected.set(e);
                            return;
                        }
                    }
                });
            }
        }
        await().atMost(WAIT).until(() -> listener.closed.size() == 1);
        assertThat(unexpected.get()).isNull();
        assertThat(listener.messages).hasSize(100);
        assertThat(listener.closed.getFirst()).isEqualTo("exited with code 0");
        t.close();
        assertThat(listener.closed).hasSize(1);
    }

    @Test
    void letsAListenerCloseTheTransportFromItsCallbacks() throws Exception {
        AtomicReference<StdioTransport> self = new AtomicReference<>();
        RecordingListener closesOnMessage = new RecordingListener() {
            @Override
            public void onMessage(JsonRpcMessage message, JsonValue related) {
                super.onMessage(message, related);
                self.get().close();
            }
        };
        StdioTransport a = track(builder("sh", "-c", "printf '%s\\n' '" + NOTE.formatted("bye") + "'; exec cat").build());
        self.set(a);
        a.start(closesOnMessage);
        await().atMost(WAIT).until(() -> closesOnMessage.messages.size() == 1);
        await().atMost(WAIT).until(() -> a.pid().stream().noneMatch(ProcessTree::isAlive));

        AtomicReference<StdioTransport> other = new AtomicReference<>();
        RecordingListener closesOnClosed = new RecordingListener() {
            @Override
            public void onClosed(String reason) {
                super.onClosed(reason);
                other.get().close();
            }
        };
        StdioTransport b = track(builder("sh", "-c", "exit 5").build());
        other.set(b);
        b.start(closesOnClosed);
        await().atMost(WAIT).until(() -> closesOnClosed.closed.size() == 1);
        assertThat(closesOnClosed.closed.getFirst()).isEqualTo("exited with code 5");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private StdioTransport.Builder builder(String... command) {
        return StdioTransport.builder(backend, List.of(command))
                .stdinCloseGrace(Duration.ofMillis(300))
                .terminateGrace(Duration.ofMillis(300));
    }

    private StdioTransport start(StdioTransport.Builder builder, RecordingListener listener) throws UpstreamException {
        StdioTransport t = track(builder.build());
        t.start(listener);
        t.pid().ifPresent(seenPids::add);
        return t;
    }

    private StdioTransport track(StdioTransport t) {
        transports.add(t);
        return t;
    }

    /** Waits until the child has {@code size} processes (itself included); returns their pids. */
    private List<Long> treeWhenItHas(StdioTransport t, int size) {
        ProcessHandle child = ProcessHandle.of(t.pid().orElseThrow()).orElseThrow();
        await().atMost(WAIT).until(() -> ProcessTree.snapshot(child).size() == size);
        List<Long> pids = ProcessTree.snapshot(child).stream().map(ProcessHandle::pid).toList();
        seenPids.addAll(pids);
        return pids;
    }

    private List<ILoggingEvent> stderrEvents() {
        synchronized (stderrLog.list) {
            return stderrLog.list.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("[" + backend + "]"))
                    .toList();
        }
    }

    private List<String> stdioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("stdio-" + backend + "-"))
                .toList();
    }

    @SuppressWarnings("unused")
    private static Map<String, String> mutable(Map<String, String> m) {
        return new HashMap<>(m);
    }
}
