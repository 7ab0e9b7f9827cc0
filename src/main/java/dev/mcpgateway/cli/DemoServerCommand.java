package dev.mcpgateway.cli;

import dev.mcpgateway.demo.DemoFaults;
import dev.mcpgateway.demo.DemoHttpServer;
import dev.mcpgateway.demo.DemoServer;
import dev.mcpgateway.demo.DemoStdioServer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mcp-gateway demo-server --stdio | --http PORT}: the built-in demo MCP server, the
 * gateway's default backend and the test suite's fault injector.
 */
final class DemoServerCommand implements CliCommand {

    static final String FAULTS_ENV = "MCP_DEMO_FAULTS";

    static final OptionSpec<Boolean> STDIO = OptionSpec.flag(List.of("--stdio"),
            "Speak MCP on stdin/stdout (newline-delimited JSON). Logs go to stderr.");
    static final OptionSpec<Integer> HTTP = OptionSpec.value(List.of("--http"), "PORT", ValueType.PORT,
            "Serve Streamable HTTP at http://HOST:PORT/mcp (0 picks a free port; the actual one is printed on stderr).");
    static final OptionSpec<String> HOST = OptionSpec.value(List.of("--host"), "HOST", ValueType.STRING,
            "Address to bind with --http.").withDefault("127.0.0.1");

    /**
     * The fault options. Each sets the {@link DemoFaults.Settings} key of its own name, dashes as
     * underscores: {@code --latency-jitter} sets {@code latency_jitter}.
     */
    static final List<OptionSpec<String>> FAULTS = List.of(
            fault("--latency", "DURATION", "Delay every tools/call, e.g. 50ms or 1s."),
            fault("--latency-jitter", "DURATION", "Add a random 0..DURATION to the latency."),
            fault("--error-rate", "RATE", "Answer this fraction (0..1) of tools/call with JSON-RPC -32603."),
            fault("--crash-after", "N", "Exit (code 3) on tools/call N+1, without answering it."),
            fault("--hang-after", "N", "Never answer tools/call N+1 and later (ping and lists still answered)."),
            fault("--hang-all-after", "N", "From tools/call N+1 on, answer nothing at all, not even ping."),
            fault("--garbage-after", "N", "Answer tools/call N+1 and later with non-JSON bytes."),
            fault("--drop-session-after", "N", "HTTP only: forget every session once, right after tools/call N."));

    static final CommandSpec SPEC = new CommandSpec("demo-server",
            List.of("Run the built-in demo MCP server: the gateway's default backend, and a fault injector for tests.",
                    "Tools echo, add, current_time, slow, flaky, fail, demo_faults; resources demo://readme, demo://config;"
                            + " prompt greeting.",
                    "Faults can also be set with MCP_DEMO_FAULTS, e.g. MCP_DEMO_FAULTS=latency=50ms,error_rate=0.1,crash_after=10"
                            + " (flags win over the variable), and at runtime with the demo_faults tool.",
                    "Thresholds (…-after N) count tools/call requests: calls 1..N are normal, call N+1 on is faulty."),
            options(), List.of(), List.of(new ExclusiveGroup(true, List.of(STDIO, HTTP))));

    private static OptionSpec<String> fault(String name, String label, String description) {
        return OptionSpec.value(List.of(name), label, ValueType.STRING, description);
    }

    private static List<OptionSpec<?>> options() {
        List<OptionSpec<?>> options = new ArrayList<>(List.of(STDIO, HTTP, HOST));
        options.addAll(FAULTS);
        return options;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) throws Exception {
        DemoFaults.Settings settings = faultSettings(args, System.getenv(FAULTS_ENV));
        DemoServer server = new DemoServer(new DemoFaults(settings));
        return args.flag(STDIO) ? runStdio(server, settings) : runHttp(server, settings, args.value(HOST), args.value(HTTP));
    }

    private static int runStdio(DemoServer server, DemoFaults.Settings settings) throws Exception {
        // Keep the real stdout for MCP and point System.out at stderr, so a stray println can never
        // corrupt the protocol stream.
        OutputStream mcpOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.setOut(System.err);
        System.err.println("demo-server: serving MCP on stdio (faults: " + settings.describe() + ")");
        DemoStdioServer stdio = new DemoStdioServer(server, new FileInputStream(FileDescriptor.in), mcpOut,
                () -> Runtime.getRuntime().halt(DemoStdioServer.CRASH_EXIT_CODE));
        return stdio.run();
    }

    private static int runHttp(DemoServer server, DemoFaults.Settings settings, String host, int port) throws Exception {
        DemoHttpServer http = DemoHttpServer.start(host, port, server.faults(),
                () -> Runtime.getRuntime().halt(DemoStdioServer.CRASH_EXIT_CODE));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(http::close));
        System.err.println("demo-server listening on " + http.endpoint() + " (faults: " + settings.describe() + ")");
        http.join();
        return 0;
    }

    /** The faults from {@code MCP_DEMO_FAULTS}, overridden key by key by the flags. */
    static DemoFaults.Settings faultSettings(ParsedArgs args, String env) {
        DemoFaults.Settings settings;
        try {
            settings = DemoFaults.Settings.parse(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(FAULTS_ENV + ": " + e.getMessage());
        }
        for (OptionSpec<String> option : FAULTS) {
            String value = args.value(option);
            if (value != null) {
                try {
                    settings = settings.with(option.name().substring(2).replace('-', '_'), value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(option.name() + ": " + e.getMessage());
                }
            }
        }
        return settings;
    }
}
