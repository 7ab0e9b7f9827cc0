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
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code mcp-gateway demo-server --stdio | --http PORT}: the built-in demo MCP server, the
 * gateway's default backend and the test suite's fault injector.
 */
@Command(
        name = "demo-server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the built-in demo MCP server (tools echo, add, current_time, slow, flaky, fail, demo_faults;"
                    + " resources demo://readme, demo://config; prompt greeting).",
            "Faults can also be set with MCP_DEMO_FAULTS, e.g. MCP_DEMO_FAULTS=latency=50ms,error_rate=0.1,crash_after=10"
                    + " (flags win over the variable), and at runtime with the demo_faults tool.",
            "Thresholds (…-after N) count tools/call requests: calls 1..N are normal, call N+1 on is faulty."
        },
        sortOptions = false)
public final class DemoServerCommand implements Callable<Integer> {

    static final String FAULTS_ENV = "MCP_DEMO_FAULTS";

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Transport transport;

    static final class Transport {
        @Option(names = "--stdio", required = true, description = "Speak MCP on stdin/stdout (newline-delimited JSON). Logs go to stderr.")
        boolean stdio;

        @Option(names = "--http", required = true, paramLabel = "PORT",
                description = "Serve Streamable HTTP at http://HOST:PORT/mcp (0 picks a free port; the actual one is printed on stderr).")
        Integer httpPort;
    }

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to bind with --http (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--latency", paramLabel = "DURATION", description = "Delay every tools/call, e.g. 50ms or 1s.")
    String latency;

    @Option(names = "--latency-jitter", paramLabel = "DURATION", description = "Add a random 0..DURATION to the latency.")
    String latencyJitter;

    @Option(names = "--error-rate", paramLabel = "RATE", description = "Answer this fraction (0..1) of tools/call with JSON-RPC -32603.")
    String errorRate;

    @Option(names = "--crash-after", paramLabel = "N", description = "Exit (code 3) on tools/call N+1, without answering it.")
    String crashAfter;

    @Option(names = "--hang-after", paramLabel = "N", description = "Never answer tools/call N+1 and later (ping and lists still answered).")
    String hangAfter;

    @Option(names = "--hang-all-after", paramLabel = "N", description = "From tools/call N+1 on, answer nothing at all, not even ping.")
    String hangAllAfter;

    @Option(names = "--garbage-after", paramLabel = "N", description = "Answer tools/call N+1 and later with non-JSON bytes.")
    String garbageAfter;

    @Option(names = "--drop-session-after", paramLabel = "N", description = "HTTP only: forget every session once, right after tools/call N.")
    String dropSessionAfter;

    @Override
    public Integer call() throws Exception {
        DemoFaults.Settings settings = faultSettings(System.getenv(FAULTS_ENV));
        DemoServer server = new DemoServer(new DemoFaults(settings));
        return transport.stdio ? runStdio(server, settings) : runHttp(server, settings);
    }

    private int runStdio(DemoServer server, DemoFaults.Settings settings) throws Exception {
        // Keep the real stdout for MCP and point System.out at stderr, so a stray println can never
        // corrupt the protocol stream.
        OutputStream mcpOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.setOut(System.err);
        System.err.println("demo-server: serving MCP on stdio (faults: " + settings.describe() + ")");
        DemoStdioServer stdio = new DemoStdioServer(server, new FileInputStream(FileDescriptor.in), mcpOut,
                () -> Runtime.getRuntime().halt(DemoStdioServer.CRASH_EXIT_CODE));
        return stdio.run();
    }

    private int runHttp(DemoServer server, DemoFaults.Settings settings) throws Exception {
        if (transport.httpPort < 0 || transport.httpPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--http: port must be 0..65535, got " + transport.httpPort);
        }
        DemoHttpServer http = DemoHttpServer.start(host, transport.httpPort, server.faults(),
                () -> Runtime.getRuntime().halt(DemoStdioServer.CRASH_EXIT_CODE));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(http::close));
        System.err.println("demo-server listening on " + http.endpoint() + " (faults: " + settings.describe() + ")");
        http.join();
        return 0;
    }

    /** The faults from {@code MCP_DEMO_FAULTS}, overridden key by key by the flags. */
    DemoFaults.Settings faultSettings(String env) {
        DemoFaults.Settings s;
        try {
            s = DemoFaults.Settings.parse(env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), FAULTS_ENV + ": " + e.getMessage());
        }
        s = apply(s, "latency", latency, "--latency");
        s = apply(s, "latency_jitter", latencyJitter, "--latency-jitter");
        s = apply(s, "error_rate", errorRate, "--error-rate");
        s = apply(s, "crash_after", crashAfter, "--crash-after");
        s = apply(s, "hang_after", hangAfter, "--hang-after");
        s = apply(s, "hang_all_after", hangAllAfter, "--hang-all-after");
        s = apply(s, "garbage_after", garbageAfter, "--garbage-after");
        return apply(s, "drop_session_after", dropSessionAfter, "--drop-session-after");
    }

    private DemoFaults.Settings apply(DemoFaults.Settings s, String key, String value, String flag) {
        if (value == null) {
            return s;
        }
        try {
            return s.with(key, value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
    }
}
