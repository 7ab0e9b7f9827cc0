package dev.mcpgateway.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The end-to-end load benchmark: starts demo backends and gateways as child processes, drives
 * them with MCP clients, and measures each scenario directly against the backend and through the
 * gateway, alternating, over several rounds. Writes {@code results.md} and {@code runs.csv} under
 * {@code target/loadtest/<time>/} (with every process's log and config).
 *
 * <p>Run it with {@code bin/loadtest} (see {@code docs/benchmarks.md}); {@code bin/loadtest --help}
 * lists the options.
 */
public final class LoadTest implements AutoCloseable {

    private static final String LATEST = "2025-11-25";
    private static final String PREVIOUS = "2025-06-18";
    /** The flags bin/mcp-gateway runs the gateway with (keep in step with it). */
    static final String LAUNCHER_FLAGS = "-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k -Xms64m -Xmn48m -Xmx1g -Xlog:disable -Xlog:all=warning:stderr";
    private static final String S1 = "1. tools/call echo, Streamable HTTP backend";
    private static final String S2 = "2. tools/call echo, stdio backend (one shared child)";
    private static final String S3 = "3. fixed rate (open loop), Streamable HTTP backend";
    private static final String S4 = "4. 1,000 idle sessions + load, 10 backends: memory";
    private static final String S5 = "5. startup to the first complete tools/list, 10 backends";
    private static final String S6 = "6. failsafe on/off, tracing on/off";

    record Options(int rounds, Duration warmup, Duration measure, Set<Integer> scenarios, List<String> gatewayJvm, List<String> backendJvm,
            int payload, List<Integer> clients, int startupRepeats, double directSaturation, double gatewaySaturation, int maxConnections,
            int maxInFlight, Path out) {

        static Options parse(String[] args) {
            int rounds = 3;
            Duration warmup = Duration.ofSeconds(5);
            Duration measure = Duration.ofSeconds(10);
            Set<Integer> scenarios = new TreeSet<>(List.of(1, 2, 3, 4, 5, 6));
            String gatewayJvm = System.getenv().getOrDefault("MCP_GATEWAY_JAVA_OPTS", LAUNCHER_FLAGS);
            String backendJvm = "-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k";
            int payload = 1024;
            List<Integer> clients = List.of(1, 16, 64);
            int startupRepeats = 5;
            double directSaturation = Double.NaN;
            double gatewaySaturation = Double.NaN;
            int maxConnections = 256;
            int maxInFlight = 0;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--measure" -> measure = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--scenarios" -> {
                        scenarios = new TreeSet<>();
                        for (String s : args[++i].split(",")) {
                            scenarios.add(Integer.parseInt(s.trim()));
                        }
                    }
                    case "--gateway-jvm" -> gatewayJvm = args[++i];
                    case "--backend-jvm" -> backendJvm = args[++i];
                    case "--payload" -> payload = Integer.parseInt(args[++i]);
                    case "--clients" -> clients = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "--startup-repeats" -> startupRepeats = Integer.parseInt(args[++i]);
                    case "--saturation" -> {
                        String[] both = args[++i].split(",");
                        directSaturation = Double.parseDouble(both[0].trim());
                        gatewaySaturation = Double.parseDouble(both[1].trim());
                    }
                    case "--max-connections" -> maxConnections = Integer.parseInt(args[++i]);
                    case "--max-in-flight" -> maxInFlight = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--quick" -> {
                        rounds = 1;
                        warmup = Duration.ofSeconds(2);
                        measure = Duration.ofSeconds(4);
                        startupRepeats = 2;
                    }
                    case "--help", "-h" -> {
                        System.out.println("""
                                bin/loadtest [options]   end-to-end benchmark: direct vs through the gateway
                                  --scenarios 1,2,3,4,5,6   which scenarios (default: all)
                                  --rounds N                rounds per measurement, direct and gateway alternating (default 3)
                                  --warmup S / --measure S  seconds per run (default 5 / 10)
                                  --clients 1,16,64         closed-loop client counts (scenarios 1 and 2)
                                  --payload BYTES           size of the echo message (default 1024)
                                  --gateway-jvm "FLAGS"     gateway JVM flags (default: $MCP_GATEWAY_JAVA_OPTS or bin/mcp-gateway's)
                                  --backend-jvm "FLAGS"     demo backend JVM flags
                                  --startup-repeats N       gateway starts per variant in scenario 5 (default 5)
                                  --saturation D,G          direct and gateway saturation in calls/s for the open-loop rates of
                                                            scenarios 3 and 6 (default: scenario 1's, or measured)
                                  --max-connections N       connections the driver opens per target at most (default 256);
                                                            calls beyond wait in the driver, timed from their intended send
                                  --max-in-flight N         the gateway's failsafe.concurrency.max_in_flight per backend
                                                            (default: the gateway's own, 64)
                                  --quick                   1 round, 2 s + 4 s runs: a smoke test of the suite, not figures
                                  --out DIR                 where results go (default target/loadtest/<time>)""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
                }
            }
            if (out == null) {
                out = Path.of("target", "loadtest", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            }
            return new Options(rounds, warmup, measure, scenarios, words(gatewayJvm), words(backendJvm), payload, clients, startupRepeats,
                    directSaturation, gatewaySaturation, maxConnections, maxInFlight, out);
        }

        private static List<String> words(String flags) {
            return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
        }
    }

    private final Options options;
    private final Path javaHome;
    private final Path jar;
    private final Fleet fleet;
    private final HttpClient client;
    private final Report report;
    private final Map<String, Long> driver = Map.of("driver", ProcessHandle.current().pid());
    private final String callTool = "echo";
    /** Direct saturation throughput (scenario 1, or measured when needed), calls/s. */
    private double directSaturation;
    /** Gateway saturation throughput (scenario 1's best gateway median, or measured when needed), calls/s. */
    private double gatewaySaturation;
    private Fleet.HttpBackend httpBackend;
    private Fleet.Gateway gateway;

    private LoadTest(Options options) throws Exception {
        this.options = options;
        this.javaHome = Path.of(System.getProperty("java.home"));
        this.jar = Path.of("target", "mcp-gateway.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (bin/loadtest does)");
        }
        Files.createDirectories(options.out());
        this.fleet = new Fleet(javaHome.resolve("bin/java"), jar, options.out().toAbsolutePath(), options.gatewayJvm(), options.backendJvm(),
                options.maxInFlight());
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("loadtest-client");
        threads.setDaemon(true);
        this.client = new HttpClient();
        client.setExecutor(threads);
        // --max-connections, 256 by default: enough for 64 closed-loop clients and an open loop that
        // keeps up; when a target falls behind, further calls wait in the client's queue (still
        // timed from their intended send time) instead of each opening a connection of its own
        client.setMaxConnectionsPerDestination(options.maxConnections());
        client.setMaxRequestsQueuedPerDestination(65536);
        client.setIdleTimeout(120_000);
        client.setConnectTimeout(2_000);
        client.setFollowRedirects(false);
        client.start();
        this.report = new Report(options.out());
        this.directSaturation = options.directSaturation();
        this.gatewaySaturation = options.gatewaySaturation();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoadTest test = new LoadTest(options);
        Runtime.getRuntime().addShutdownHook(new Thread(test.fleet::close));
        int status = 0;
        try {
            test.run();
            test.close();
            System.out.println("results: " + options.out().resolve("results.md"));
        } catch (Throwable e) {
            // Report and exit: client threads would otherwise keep a failed run's JVM alive. No
            // close here (after an OutOfMemoryError it may fail again); the hook stops the fleet.
            System.err.println("load test failed: " + e);
            e.printStackTrace();
            System.out.println("partial results: " + options.out().resolve("results.md"));
            status = 1;
        }
        System.exit(status);
    }

    private void run() throws Exception {
        report.header(environment());
        boolean needHttp = options.scenarios().stream().anyMatch(s -> s == 1 || s == 3 || s == 6);
        if (needHttp) {
            httpBackend = fleet.httpBackend("backend-http");
            int port = Fleet.freePort();
            Path config = fleet.gatewayConfig("gateway", port, Map.of("demo", Fleet.httpBackendYaml(httpBackend.endpoint())),
                    Fleet.Failsafe.ON_UNTHROTTLED, null);
            gateway = fleet.gateway("gateway", config, port, List.of());
            gateway.awaitTools(client, "demo__echo\"", 1, Duration.ofSeconds(60));
            warmUp();
        }
        if (options.scenarios().contains(1)) {
            scenario1();
        }
        if (options.scenarios().contains(3)) {
            scenario3();
        }
        if (options.scenarios().contains(6)) {
            scenario6();
        }
        if (needHttp) {
            fleet.stop(gateway.process());
            fleet.stop(httpBackend.process());
        }
        if (options.scenarios().contains(2)) {
            scenario2();
        }
        if (options.scenarios().contains(4) || options.scenarios().contains(5)) {
            List<Fleet.HttpBackend> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(fleet.httpBackend("backend-" + i));
            }
            if (options.scenarios().contains(4)) {
                scenario4(ten);
            }
            if (options.scenarios().contains(5)) {
                scenario5(ten);
            }
            ten.forEach(b -> fleet.stop(b.process()));
        }
    }

    private String environment() throws Exception {
        StringBuilder md = new StringBuilder("# mcp-gateway load test\n\n");
        md.append("- started: ").append(LocalDateTime.now().withNano(0)).append('\n');
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpuModel()).append(", ")
                .append(memTotal()).append(", Linux ").append(System.getProperty("os.version")).append('\n');
        md.append("- load average at start: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append('\n');
        md.append("- gateway JVM flags: `").append(String.join(" ", options.gatewayJvm())).append("`\n");
        md.append("- demo backend JVM flags: `").append(String.join(" ", options.backendJvm())).append("`\n");
        if (options.maxInFlight() > 0) {
            md.append("- gateway `failsafe.concurrency.max_in_flight`: ").append(options.maxInFlight()).append(" (not the default)\n");
        }
        md.append("- load driver: this JVM (`").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append("`), Jetty HttpClient with at most ").append(options.maxConnections()).append(" connections per target, on the same machine\n");
        md.append(String.format(Locale.ROOT, "- runs: %d rounds, %d s warm-up + %d s measured each; echo message %d bytes; clients %s%n",
                options.rounds(), options.warmup().toSeconds(), options.measure().toSeconds(), options.payload(), options.clients()));
        md.append("- figures: median over rounds, (min–max) across rounds; latency in µs; \"added\" = gateway median − direct median; "
                + "CPU µs/call = CPU time of each process in the measured window / successful calls; \"other load\" = CPU busy with work outside these processes\n");
        return md.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024 / 1024 + " GiB RAM").orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private ToolCall echo(String tool) {
        return ToolCall.echo(tool, options.payload());
    }

    private Map<String, Long> pids(BenchProcess... processes) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (BenchProcess p : processes) {
            pids.put(p.name().startsWith("gateway") ? "gateway" : "backend", p.pid());
        }
        pids.putAll(driver);
        return pids;
    }

    /** JIT warm-up of backend, gateway and driver before anything is measured; not recorded. */
    private void warmUp() throws Exception {
        System.out.println("warming up...");
        LoadGenerator load = new LoadGenerator(driver);
        Duration time = Duration.ofSeconds(Math.max(5, options.warmup().toSeconds() * 2));
        try (HttpTarget direct = new HttpTarget("direct", client, httpBackend.endpoint(), LATEST, echo(callTool));
                HttpTarget via = new HttpTarget("gateway", client, gateway.endpoint(), LATEST, echo("demo__" + callTool))) {
            load.closedLoop(direct, 16, Duration.ZERO, time);
            // the gateway longer: after 10 s its first measured round still ran 145-171 µs of CPU per
            // call against 88-129 in the rounds after it (A/B runs of 2026-12-07), its JIT not done
            load.closedLoop(via, 16, Duration.ZERO, time.multipliedBy(3));
        }
    }

    /** Runs {@code measure} for each target in turn, the order alternating by round so that drift hits both alike. */
    private void alternate(String scenario, String variant, List<? extends Target> targets, Measure measure) throws Exception {
        for (int round = 1; round <= options.rounds(); round++) {
            List<Target> order = new ArrayList<>(targets);
            java.util.Collections.rotate(order, round - 1);
            for (Target target : order) {
                RunResult result = measure.run(target);
                report.add(new Report.Row(scenario, variant, round, result));
                Thread.sleep(500);
            }
        }
    }

    @FunctionalInterface
    private interface Measure {
        RunResult run(Target target) throws Exception;
    }

    // ---- scenario 1: closed loop over HTTP, 1/16/64 clients, both current protocol versions ----

    private void scenario1() throws Exception {
        System.out.println("scenario " + S1);
        LoadGenerator load = new LoadGenerator(pids(gateway.process(), httpBackend.process()));
        for (String version : List.of(LATEST, PREVIOUS)) {
            try (HttpTarget direct = new HttpTarget("direct", client, httpBackend.endpoint(), version, echo(callTool));
                    HttpTarget via = new HttpTarget("gateway", client, gateway.endpoint(), version, echo("demo__" + callTool))) {
                for (int clients : options.clients()) {
                    alternate(S1, version + ", " + clientsLabel(clients), List.of(direct, via),
                            t -> load.closedLoop(t, clients, options.warmup(), options.measure()));
                }
            }
        }
        for (int clients : options.clients()) {
            double median = Report.median(report.rows(S1, LATEST + ", " + clientsLabel(clients), "direct"), RunResult::throughput);
            if (!Double.isNaN(median) && Double.isNaN(options.directSaturation()) && (Double.isNaN(directSaturation) || median > directSaturation)) {
                directSaturation = median;
            }
            double viaGateway = Report.median(report.rows(S1, LATEST + ", " + clientsLabel(clients), "gateway"), RunResult::throughput);
            if (!Double.isNaN(viaGateway) && Double.isNaN(options.gatewaySaturation()) && (Double.isNaN(gatewaySaturation) || viaGateway > gatewaySaturation)) {
                gatewaySaturation = viaGateway;
            }
        }
        report.note(S1, String.format(Locale.ROOT, "Direct saturation (highest median closed-loop throughput, protocol %s): **%.0f calls/s**.",
                LATEST, directSaturation));
    }

    private static String clientsLabel(int clients) {
        return clients + (clients == 1 ? " client" : " clients");
    }

    // ---- scenario 3: open loop at 25/50/75 % of direct saturation ----

    private void scenario3() throws Exception {
        System.out.println("scenario " + S3);
        LoadGenerator load = new LoadGenerator(pids(gateway.process(), httpBackend.process()));
        ensureSaturation(load);
        // one protocol version: scenario 1 shows whether they differ at all
        for (String version : List.of(LATEST)) {
            try (HttpTarget direct = new HttpTarget("direct", client, httpBackend.endpoint(), version, echo(callTool));
                    HttpTarget via = new HttpTarget("gateway", client, gateway.endpoint(), version, echo("demo__" + callTool))) {
                // Open loop reaches code that closed loop does not (new connections on both sides,
                // answers that wait in the bulkhead or become streams); run it once, unrecorded, so
                // that the first measured rate does not meet a cold JIT. Rates then rise, as load
                // on a running gateway does.
                for (Target target : List.of(direct, via)) {
                    load.openLoop(target, 16, gatewaySaturation * 0.25, Duration.ZERO, options.warmup());
                }
                // Below the gateway's own limit: what a client sees while the gateway keeps up.
                for (int percent : List.of(25, 50)) {
                    double rate = gatewaySaturation * percent / 100.0;
                    alternate(S3, version + ", " + percent + "% of gateway saturation", List.of(direct, via),
                            t -> load.openLoop(t, 16, rate, options.warmup(), options.measure()));
                }
                for (int percent : List.of(25, 50, 75)) {
                    double rate = directSaturation * percent / 100.0;
                    alternate(S3, version + ", " + percent + "% of direct saturation", List.of(direct, via),
                            t -> load.openLoop(t, 16, rate, options.warmup(), options.measure()));
                }
            }
        }
        report.note(S3, String.format(Locale.ROOT, "Rates are shares of the direct saturation point, %.0f calls/s, and of the gateway's, "
                + "%.0f calls/s (both: best median closed-loop throughput); 16 sessions, calls spread round-robin; latency counted from "
                + "each call's intended send time.", directSaturation, gatewaySaturation));
    }

    private void ensureSaturation(LoadGenerator load) throws Exception {
        if (Double.isNaN(directSaturation)) {
            try (HttpTarget direct = new HttpTarget("direct", client, httpBackend.endpoint(), LATEST, echo(callTool))) {
                double best = 0;
                for (int round = 0; round < options.rounds(); round++) {
                    best = Math.max(best, load.closedLoop(direct, 64, options.warmup(), options.measure()).throughput());
                }
                directSaturation = best;
            }
        }
        if (Double.isNaN(gatewaySaturation)) {
            try (HttpTarget via = new HttpTarget("gateway", client, gateway.endpoint(), LATEST, echo("demo__" + callTool))) {
                double best = 0;
                for (int round = 0; round < options.rounds(); round++) {
                    best = Math.max(best, load.closedLoop(via, 16, options.warmup(), options.measure()).throughput());
                }
                gatewaySaturation = best;
            }
        }
    }

    // ---- scenario 6: failsafe on/off, tracing on/off ----

    private void scenario6() throws Exception {
        System.out.println("scenario " + S6);
        List<Fleet.Gateway> extra = new ArrayList<>();
        OtlpSink sink = null;
        try {
            Map<String, String> backends = Map.of("demo", Fleet.httpBackendYaml(httpBackend.endpoint()));
            int offPort = Fleet.freePort();
            Fleet.Gateway off = fleet.gateway("gateway-failsafe-off", fleet.gatewayConfig("gateway-failsafe-off", offPort, backends, Fleet.Failsafe.OFF, null),
                    offPort, List.of());
            extra.add(off);
            Fleet.Gateway traced = null;
            if (tracingSupported()) {
                sink = new OtlpSink();
                int tracedPort = Fleet.freePort();
                traced = fleet.gateway("gateway-traced", fleet.gatewayConfig("gateway-traced", tracedPort, backends, Fleet.Failsafe.ON_UNTHROTTLED,
                        sink.endpoint()), tracedPort, List.of());
                extra.add(traced);
            }
            for (Fleet.Gateway g : extra) {
                g.awaitTools(client, "demo__echo\"", 1, Duration.ofSeconds(60));
            }
            Map<String, Long> pids = pids(httpBackend.process());
            pids.put("gateway", gateway.process().pid());
            pids.put("gateway (failsafe off)", off.process().pid());
            if (traced != null) {
                pids.put("gateway (traced)", traced.process().pid());
            }
            LoadGenerator load = new LoadGenerator(pids);
            ensureSaturation(load);
            List<HttpTarget> targets = new ArrayList<>();
            targets.add(new HttpTarget("direct", client, httpBackend.endpoint(), LATEST, echo(callTool)));
            targets.add(new HttpTarget("gateway", client, gateway.endpoint(), LATEST, echo("demo__" + callTool)));
            targets.add(new HttpTarget("gateway, failsafe off", client, off.endpoint(), LATEST, echo("demo__" + callTool)));
            if (traced != null) {
                targets.add(new HttpTarget("gateway, tracing on", client, traced.endpoint(), LATEST, echo("demo__" + callTool)));
            }
            // warm the new gateways up like the first one
            for (HttpTarget t : targets.subList(2, targets.size())) {
                load.closedLoop(t, 16, Duration.ZERO, Duration.ofSeconds(Math.max(5, options.warmup().toSeconds() * 2)));
            }
            alternate(S6, "16 clients (closed loop)", targets, t -> load.closedLoop(t, 16, options.warmup(), options.measure()));
            // the gateway's own 25% load point, where a gateway normally keeps up: the runs compare the
            // variants' cost rather than how far each falls behind
            double rate = gatewaySaturation * 0.25;
            alternate(S6, "25% of gateway saturation (open loop)", targets, t -> load.openLoop(t, 16, rate, options.warmup(), options.measure()));
            targets.forEach(HttpTarget::close);
            StringBuilder note = new StringBuilder("`gateway` has every failsafe stage on with its defaults (breaker, retry, bulkhead 64/256, "
                    + "health checks) and a rate limit of 1,000,000/s that never refuses; `failsafe off` switches every stage off.");
            if (traced != null) {
                note.append(String.format(Locale.ROOT, " `tracing on`: the failsafe as in `gateway`, OpenTelemetry tracing with sampler ratio 1.0, "
                        + "spans exported over OTLP/HTTP to a stand-in collector in the load driver (%d exports received).", sink.exports()));
            } else {
                note.append(" Tracing on/off was not measured: this build has no `telemetry:` configuration.");
            }
            report.note(S6, note.toString());
        } finally {
            extra.forEach(g -> fleet.stop(g.process()));
            if (sink != null) {
                sink.close();
            }
        }
    }

    private boolean tracingSupported() throws Exception {
        Path starter = options.out().resolve("starter.yaml");
        Process init = new ProcessBuilder(fleet.command(List.of(), "init", "-o", starter.toString())).redirectErrorStream(true).start();
        init.getInputStream().readAllBytes();
        init.waitFor(60, TimeUnit.SECONDS);
        return Files.isRegularFile(starter) && Files.readString(starter).contains("\ntelemetry:");
    }

    // ---- scenario 2: stdio backend, one shared child, concurrent calls ----

    private void scenario2() throws Exception {
        System.out.println("scenario " + S2);
        int port = Fleet.freePort();
        Path config = fleet.gatewayConfig("gateway-stdio", port, Map.of("demo", fleet.stdioBackendYaml()), Fleet.Failsafe.ON_UNTHROTTLED, null);
        Fleet.Gateway viaGateway = fleet.gateway("gateway-stdio", config, port, List.of());
        BenchProcess child = fleet.stdioBackend("backend-stdio-direct");
        try {
            viaGateway.awaitTools(client, "demo__echo\"", 1, Duration.ofSeconds(60));
            long gatewayChild = viaGateway.process().process().children().findFirst().orElseThrow().pid();
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("gateway", viaGateway.process().pid());
            pids.put("gateway's child", gatewayChild);
            pids.put("direct child", child.pid());
            pids.putAll(driver);
            LoadGenerator load = new LoadGenerator(pids);
            try (StdioTarget direct = new StdioTarget("direct", child, echo(callTool));
                    HttpTarget via = new HttpTarget("gateway", client, viaGateway.endpoint(), LATEST, echo("demo__" + callTool))) {
                Duration time = Duration.ofSeconds(Math.max(5, options.warmup().toSeconds() * 2));
                load.closedLoop(direct, 16, Duration.ZERO, time);
                load.closedLoop(via, 16, Duration.ZERO, time);
                for (int clients : options.clients()) {
                    alternate(S2, "echo, " + clientsLabel(clients), List.of(direct, via),
                            t -> load.closedLoop(t, clients, options.warmup(), options.measure()));
                }
            }
            // Pipelining: the slow tool takes 20 ms; 16 concurrent clients get ~800 calls/s only if the child serves them at once.
            BenchProcess child2 = fleet.stdioBackend("backend-stdio-direct-slow");
            try (StdioTarget direct = new StdioTarget("direct", child2, ToolCall.slow("slow", 20));
                    HttpTarget via = new HttpTarget("gateway", client, viaGateway.endpoint(), LATEST, ToolCall.slow("demo__slow", 20))) {
                String variant = "slow 20 ms, 16 clients";
                alternate(S2, variant, List.of(direct, via), t -> load.closedLoop(t, 16, options.warmup(), options.measure()));
                StringBuilder note = new StringBuilder("Pipelining check (tool `slow`, 20 ms, 16 clients on the one child): calls in flight at once "
                        + "(throughput × mean latency, Little's law; 16 = fully concurrent, 1 = one at a time): ");
                for (String target : List.of("direct", "gateway")) {
                    double concurrency = Report.median(report.rows(S2, variant, target), r -> r.throughput() * r.meanMicros() / 1e6);
                    note.append(String.format(Locale.ROOT, "%s %.1f; ", target, concurrency));
                }
                report.note(S2, note.append("the gateway shares one child between all 16 client sessions.").toString());
            }
        } finally {
            fleet.stop(viaGateway.process());
            fleet.stop(child);
        }
    }

    // ---- scenario 4: memory with 1,000 idle sessions and load, 10 backends ----

    private void scenario4(List<Fleet.HttpBackend> ten) throws Exception {
        System.out.println("scenario " + S4);
        Map<String, String> backends = new LinkedHashMap<>();
        for (int i = 0; i < ten.size(); i++) {
            backends.put("b" + i, Fleet.httpBackendYaml(ten.get(i).endpoint()));
        }
        int port = Fleet.freePort();
        Path config = fleet.gatewayConfig("gateway-10-backends", port, backends, Fleet.Failsafe.ON_UNTHROTTLED, null);
        Fleet.Gateway g = fleet.gateway("gateway-10-backends", config, port, List.of());
        Path jcmd = javaHome.resolve("bin/jcmd");
        try {
            g.awaitTools(client, "__echo\"", 10, Duration.ofSeconds(60));
            BenchProcess backend = ten.getFirst().process();
            LoadGenerator load = new LoadGenerator(pids(g.process(), backend));
            try (HttpTarget direct = new HttpTarget("direct", client, ten.getFirst().endpoint(), LATEST, echo(callTool));
                    HttpTarget via = new HttpTarget("gateway", client, g.endpoint(), LATEST, echo("b0__" + callTool))) {
                load.closedLoop(via, 16, Duration.ZERO, Duration.ofSeconds(Math.max(5, options.warmup().toSeconds() * 2)));
                load.closedLoop(direct, 16, Duration.ZERO, Duration.ofSeconds(Math.max(5, options.warmup().toSeconds() * 2)));
                Memory gatewayMemory = memoryUnderSessions(g.process(), via, load, jcmd);
                Memory directMemory = memoryUnderSessions(backend, direct, load, jcmd);
                report.note(S4, """
                        Each idle session: initialize, notifications/initialized, and its GET stream held open (as SDK clients do). \
                        Load: 16 clients, closed loop, tools/call echo on one backend, while the 1,000 sessions stay open. \
                        The gateway's 10 backends are 10 demo servers over Streamable HTTP (one shared upstream session each). \
                        Heap after GC: `jcmd PID GC.run`, then the used heap from `GC.heap_info`.

                        | process | state | RSS MB | heap after GC MB |
                        |---|---|---|---|
                        """ + gatewayMemory.rows("gateway (10 backends)") + directMemory.rows("demo backend, direct (reference)"));
            }
        } finally {
            fleet.stop(g.process());
        }
    }

    private record Memory(long rssReady, long heapReady, long rssIdle, long heapIdle, long rssPeak, long rssAfter, long heapAfter) {
        String rows(String who) {
            return String.format(Locale.ROOT, """
                    | %s | ready, no client | %.1f | %.1f |
                    | %s | 1,000 idle sessions | %.1f | %.1f |
                    | %s | 1,000 idle sessions + load: peak RSS during the load | %.1f | |
                    | %s | 1,000 idle sessions, after the load | %.1f | %.1f |
                    """, who, mb(rssReady), mb(heapReady), who, mb(rssIdle), mb(heapIdle), who, mb(rssPeak), who, mb(rssAfter), mb(heapAfter));
        }

        private static double mb(long bytes) {
            return bytes / 1024.0 / 1024.0;
        }
    }

    private Memory memoryUnderSessions(BenchProcess process, HttpTarget target, LoadGenerator load, Path jcmd) throws Exception {
        long heapReady = process.heapAfterGcBytes(jcmd);
        long rssReady = process.rssBytes();
        HttpClient idleClient = new HttpClient();
        idleClient.setMaxConnectionsPerDestination(2000);
        idleClient.setIdleTimeout(0);
        idleClient.start();
        try (ExecutorService openers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                opened.add(openers.submit(() -> {
                    target.openIdle(idleClient);
                    return null;
                }));
            }
            for (Future<?> f : opened) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        long heapIdle = process.heapAfterGcBytes(jcmd);
        process.classHistogram(jcmd, options.out().resolve("logs").resolve(process.name() + "-histogram-1000-sessions.txt"), 40);
        long rssIdle = process.rssBytes();
        long[] peak = {process.rssBytes()};
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], process.rssBytes());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        RunResult result = load.closedLoop(target, 16, options.warmup(), options.measure());
        sampler.interrupt();
        sampler.join();
        report.add(new Report.Row(S4, "16 clients + 1,000 idle sessions", 1, result));
        long rssAfter = process.rssBytes();
        long heapAfter = process.heapAfterGcBytes(jcmd);
        target.close(); // ends the idle sessions too
        idleClient.stop();
        return new Memory(rssReady, heapReady, rssIdle, heapIdle, peak[0], rssAfter, heapAfter);
    }

    // ---- scenario 5: startup to ready with 10 backends ----

    private void scenario5(List<Fleet.HttpBackend> ten) throws Exception {
        System.out.println("scenario " + S5);
        Map<String, String> backends = new LinkedHashMap<>();
        for (int i = 0; i < ten.size(); i++) {
            backends.put("b" + i, Fleet.httpBackendYaml(ten.get(i).endpoint()));
        }
        Path aot = options.out().toAbsolutePath().resolve("gateway.aot");
        List<String> flags = options.gatewayJvm();
        // The AOT cache (JEP 483/514) is written by a training run that serves some traffic and exits on SIGTERM.
        List<String> training = new ArrayList<>(flags);
        training.add("-XX:AOTCacheOutput=" + aot);
        int trainingPort = Fleet.freePort();
        BenchProcess trainer = fleet.startGateway("gateway-aot-training",
                fleet.gatewayConfig("gateway-startup", trainingPort, backends, Fleet.Failsafe.ON_UNTHROTTLED, null), trainingPort, training);
        trainer.awaitPort(trainingPort, Duration.ofSeconds(60));
        Fleet.Gateway trained = new Fleet.Gateway(trainer, URI.create("http://127.0.0.1:" + trainingPort + "/mcp"));
        trained.awaitTools(client, "__echo\"", 10, Duration.ofSeconds(60));
        try (HttpTarget t = new HttpTarget("gateway", client, trained.endpoint(), LATEST, echo("b0__" + callTool))) {
            new LoadGenerator(driver).closedLoop(t, 4, Duration.ZERO, Duration.ofSeconds(2));
        }
        fleet.stop(trainer);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("JVM defaults", List.of());
        variants.put("launcher flags (`" + String.join(" ", flags) + "`)", flags);
        List<String> c1Only = new ArrayList<>(flags);
        c1Only.add("-XX:TieredStopAtLevel=1");
        variants.put("launcher flags + `-XX:TieredStopAtLevel=1` (the former default)", c1Only);
        if (Files.isRegularFile(aot)) {
            List<String> withAot = new ArrayList<>(flags);
            withAot.add("-XX:AOTCache=" + aot);
            variants.put("launcher flags + `-XX:AOTCache`", withAot);
        }
        StringBuilder table = new StringBuilder("""
                Time from starting the JVM (`ProcessBuilder.start`) until the port accepts connections, and until a client gets a \
                `tools/list` listing the tools of all 10 backends (10 demo servers over Streamable HTTP, already running) — \
                initialize, notifications/initialized and tools/list, retried every few ms until complete. \
                RSS when ready. Each variant started %d times; median (min–max).

                | variant | port open ms | complete tools/list ms | RSS at ready MB |
                |---|---|---|---|
                """.formatted(options.startupRepeats()));
        for (var variant : variants.entrySet()) {
            List<Double> portMs = new ArrayList<>();
            List<Double> readyMs = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int i = 0; i < options.startupRepeats(); i++) {
                int port = Fleet.freePort();
                Path config = fleet.gatewayConfig("gateway-startup", port, backends, Fleet.Failsafe.ON_UNTHROTTLED, null);
                BenchProcess p = fleet.startGateway("gateway-startup-" + portMs.size(), config, port, variant.getValue());
                try {
                    p.awaitPort(port, Duration.ofSeconds(60));
                    portMs.add((System.nanoTime() - p.startedNanos()) / 1e6);
                    readyMs.add(untilToolsListed(p, port, 10) / 1e6);
                    rss.add(p.rssBytes() / 1024.0 / 1024.0);
                } finally {
                    fleet.stop(p);
                }
                Thread.sleep(300);
            }
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", variant.getKey(), stats(portMs), stats(readyMs), stats(rss)));
        }
        // the backend on its own, for reference: a demo server from JVM start to its tools/list
        List<Double> backendReady = new ArrayList<>();
        for (int i = 0; i < options.startupRepeats(); i++) {
            int port = Fleet.freePort();
            BenchProcess p = BenchProcess.start("backend-startup", fleet.command(fleet.backendJvm(), "demo-server", "--http", Integer.toString(port)),
                    options.out().resolve("logs/backend-startup.log"), false);
            try {
                backendReady.add(untilToolsListed(p, port, 1) / 1e6);
            } finally {
                p.stop();
            }
        }
        table.append(String.format(Locale.ROOT, "| direct: one demo server (backend flags), to its own tools/list | | %s | |%n", stats(backendReady)));
        report.note(S5, table.toString());
    }

    /** Nanoseconds from the process start until tools/list lists {@code backends} echo tools. */
    private long untilToolsListed(BenchProcess process, int port, int backends) throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        HttpTarget probe = new HttpTarget("probe", client, endpoint, LATEST, echo("none"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    String body = probe.request("tools/list", null);
                    if (Fleet.count(body, "echo\"") >= backends) {
                        return System.nanoTime() - process.startedNanos();
                    }
                } catch (Exception e) {
                    // not listening yet
                }
                if (!process.process().isAlive()) {
                    throw new IllegalStateException(process + " exited; see its log");
                }
                Thread.sleep(2);
            }
        } finally {
            probe.close();
        }
        throw new IllegalStateException(process + " did not list the tools of " + backends + " backends within 60 s");
    }

    private static String stats(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median, sorted[0], sorted[sorted.length - 1]);
    }

    @Override
    public void close() throws Exception {
        fleet.close();
        client.stop();
    }
}
