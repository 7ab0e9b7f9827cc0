package dev.mcpgateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built gateway ({@code java -jar <gateway.jar> ...}) as a child process of the test, run with
 * the test JVM's own JDK ({@code java.home}, JDK 25).
 *
 * <p>Starting waits for the line {@code mcp-gateway listening on http://127.0.0.1:PORT/mcp} on
 * stderr and takes the URL from it (so {@code --port 0} works). stdout and stderr lines are kept
 * for assertions and copied to the test log. {@link #stop()} sends SIGTERM, then SIGKILL after a
 * grace period, and reports which of the gateway's child processes (stdio backends) survived it;
 * {@link #close()} also ends those survivors.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The line the gateway prints once its MCP endpoint accepts connections; group 1 is the URL. */
    public static final Pattern LISTENING = Pattern.compile("mcp-gateway listening on (http://[^\\s\"']+)");
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final AtomicReference<Stopped> stopped = new AtomicReference<>();
    private URI mcpUrl;

    private GatewayProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdout = OutputPump.start(name + "-stdout", process.getInputStream(), "[" + name + " out] ", System.err);
        this.stderr = OutputPump.start(name + "-stderr", process.getErrorStream(), "[" + name + "] ", System.err);
    }

    /** The gateway jar: system property {@code gateway.jar} (set by the build), default {@code target/mcp-gateway.jar}. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("gateway.jar", "target/mcp-gateway.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the gateway jar is missing: " + jar + " (run ./mvnw package, or set -Dgateway.jar)");
        }
        return jar;
    }

    /** The java executable of the test JVM's JDK. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code java -jar <gateway.jar> args...}: also the command line of the gateway as a stdio server. */
    public static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code mcp-gateway serve --config <config> --port 0 extraArgs...}, waiting until it listens. */
    public static GatewayProcess serve(Path config, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve", "--config", config.toString(), "--port", "0"));
        args.addAll(List.of(extraArgs));
        return launch("gateway", javaCommand(args.toArray(String[]::new)), Map.of(), DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts any command that prints the listening line (the gateway with custom JVM flags, or a
     * stand-in) and waits for that line. Fails with the process's stderr if it exits first or stays
     * silent past {@code startTimeout}.
     */
    public static GatewayProcess launch(String name, List<String> command, Map<String, String> env, Duration startTimeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        GatewayProcess gateway = new GatewayProcess(name, process);
        Optional<String> line = gateway.stderr.await(l -> LISTENING.matcher(l).find(), startTimeout);
        if (line.isEmpty()) {
            boolean stderrEnded = gateway.stderr.ended();
            if (stderrEnded) {
                // stderr closes when the process exits, but the JDK records the exit a little later
                // (its reaper thread), and on a loaded machine that can take seconds.
                ProcessTrees.awaitExit(process.toHandle(), startTimeout);
            }
            String why = !process.isAlive() ? "exited with code " + process.exitValue()
                    : stderrEnded ? "closed its stderr without a listening line and is still running"
                    : "printed no listening line within " + startTimeout;
            gateway.close();
            throw new IllegalStateException(name + " " + why + "; command " + command + "\nstderr:\n" + gateway.stderr.tail(40));
        }
        Matcher m = LISTENING.matcher(line.get());
        m.find();
        gateway.mcpUrl = URI.create(m.group(1));
        return gateway;
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
    public URI mcpUrl() {
        return mcpUrl;
    }

    public int port() {
        return mcpUrl.getPort();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> stderrLines() {
        return stderr.lines();
    }

    public List<String> stdoutLines() {
        return stdout.lines();
    }

    /** Waits for a stderr line (earlier lines count); fails the test if none matches in time. */
    public String awaitStderr(Predicate<String> match, Duration timeout) {
        return stderr.await(match, timeout)
                .orElseThrow(() -> new AssertionError(name + ": no matching stderr line within " + timeout + "; last lines:\n" + stderr.tail(20)));
    }

    /** The gateway's child processes (and theirs) alive now. */
    public List<ProcessHandle> liveDescendants() {
        return process.toHandle().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * How a stop went.
     *
     * @param exitCode the gateway's exit code (143 or 137 for a signal death)
     * @param forced true if SIGTERM was not enough and SIGKILL was sent
     * @param survivors descendants of the gateway still alive after it exited (and a short grace);
     *     a gateway that shuts down properly leaves none
     */
    public record Stopped(int exitCode, boolean forced, List<ProcessHandle> survivors) {

        public Stopped {
            survivors = List.copyOf(survivors);
        }
    }

    /** SIGTERM, SIGKILL after {@link #DEFAULT_STOP_GRACE}; see {@link #stop(Duration)}. */
    public Stopped stop() {
        return stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Stops the gateway by PID: SIGTERM, then SIGKILL if it is still running after {@code grace}.
     * Descendants are captured before the signal (they stop being descendants once the gateway is
     * gone) and are left alone here, so a test can assert none survived; {@link #close()} ends them.
     * Idempotent: a second call returns the first result.
     */
    public Stopped stop(Duration grace) {
        Stopped done = stopped.get();
        if (done != null) {
            return done;
        }
        synchronized (this) {
            done = stopped.get();
            if (done != null) {
                return done;
            }
            List<ProcessHandle> descendants = process.toHandle().descendants().toList();
            boolean forced = false;
            if (process.isAlive()) {
                process.toHandle().destroy();
                if (!ProcessTrees.awaitExit(process.toHandle(), grace)) {
                    forced = true;
                    process.toHandle().destroyForcibly();
                    ProcessTrees.awaitExit(process.toHandle(), Duration.ofSeconds(10));
                }
            }
            int exitCode;
            try {
                exitCode = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exitCode = -1;
            }
            List<ProcessHandle> survivors = ProcessTrees.awaitAllExit(descendants, Duration.ofSeconds(2));
            stdout.join(Duration.ofSeconds(2));
            stderr.join(Duration.ofSeconds(2));
            done = new Stopped(exitCode, forced, survivors);
            stopped.set(done);
            return done;
        }
    }

    /** Stops the gateway and ends any surviving descendants by PID. */
    @Override
    public void close() {
        Stopped result = stop();
        ProcessTrees.terminate(result.survivors(), Duration.ofSeconds(3));
        List<ProcessHandle> alive = ProcessTrees.alive(result.survivors());
        if (!alive.isEmpty()) {
            throw new IllegalStateException(name + ": processes survived close: " + ProcessTrees.describe(alive));
        }
    }

    @Override
    public String toString() {
        return name + "[" + mcpUrl + ", pid " + process.pid() + "]";
    }
}
