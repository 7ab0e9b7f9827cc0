package dev.mcpgateway.routing;

import dev.mcpgateway.testing.IgnoredBackendEvents;
import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendEvents;
import dev.mcpgateway.config.SessionMode;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.session.ClientSession;
import dev.mcpgateway.session.SessionIds;
import dev.mcpgateway.session.SessionRegistry;
import dev.mcpgateway.testing.FakeMcpServer;
import dev.mcpgateway.testing.FakeTransport;
import dev.mcpgateway.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lookups every routed request makes before anything is sent: its session by
 * {@code Mcp-Session-Id} among 1,000 live sessions, the client's view of the aggregated catalog
 * (10 backends, 50 tools each, all shared) and the tool by its exposed name. Measured on one
 * thread and on 64 threads at once (on a 2-core machine the 64-thread figure is time per call
 * per thread, so about 32 times the single-thread one means no contention collapse).
 *
 * <p>Run: {@code bin/bench RoutingLookup}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingLookupBenchmark {

    private static final int SESSIONS = 1000;
    private static final int BACKENDS = 10;
    private static final int TOOLS = 50;

    private ScheduledExecutorService scheduler;
    private final List<Backend> backends = new ArrayList<>();
    private SessionRegistry sessions;
    private CatalogViews views;
    private String[] sessionIds;
    private String[] toolNames;

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        BackendEvents ignored = IgnoredBackendEvents.INSTANCE;
        toolNames = new String[BACKENDS * TOOLS];
        for (int b = 0; b < BACKENDS; b++) {
            FakeMcpServer server = new FakeMcpServer("b" + b);
            for (int t = 0; t < TOOLS; t++) {
                server.echoTool("tool_" + t);
                toolNames[b * TOOLS + t] = "b" + b + "__tool_" + t;
            }
            Backend backend = new Backend(TestConfigs.backend("b" + b, "b" + b, SessionMode.SHARED, Duration.ofSeconds(5)),
                    config -> new FakeTransport(server), ignored, JsonValue.EMPTY_OBJECT, scheduler);
            backend.start();
            backends.add(backend);
        }
        backends.forEach(b -> b.awaitFirstAttempt(Duration.ofSeconds(10)));
        views = new CatalogViews(backends, BackendAvailability.ALWAYS);
        if (views.forClient(null).tool(toolNames[toolNames.length - 1]) == null) {
            throw new IllegalStateException("the fake backends did not list their tools");
        }
        sessions = new SessionRegistry(Duration.ofHours(1));
        sessionIds = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            ClientSession session = new ClientSession(SessionIds.next(), "2025-11-25", JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT, message -> true);
            sessions.add(session);
            sessionIds[i] = session.id();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sessions.close();
        backends.forEach(Backend::stop);
        scheduler.shutdownNow();
    }

    private GatewayCatalog.Tool route() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ClientSession session = sessions.get(sessionIds[random.nextInt(SESSIONS)]);
        return views.forClient(session).tool(toolNames[random.nextInt(toolNames.length)]);
    }

    @Benchmark
    public GatewayCatalog.Tool sessionAndTool() {
        return route();
    }

    @Benchmark
    @Threads(64)
    public GatewayCatalog.Tool sessionAndTool64Threads() {
        return route();
    }
}
