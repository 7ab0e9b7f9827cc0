package dev.mcpgateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pinned reference MCP servers (npm, installed in {@code interop.dir/node_modules}):
 * server-everything over stdio, Streamable HTTP and HTTP+SSE, server-filesystem and server-memory
 * over stdio. HTTP servers are started here and ended by PID on close; stdio servers are returned
 * as a command line for whoever launches them (the SDK client, or the gateway as a backend).
 */
public final class ReferenceServers {

    public static final String EVERYTHING = "@modelcontextprotocol/server-everything";
    public static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem";
    public static final String MEMORY = "@modelcontextprotocol/server-memory";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    // server-everything logs "...listening on port N" (streamableHttp) or "...running on port N" (sse) on stderr.
    private static final Pattern LISTENING = Pattern.compile("\\bport (\\d+)\\b");

    private ReferenceServers() {}

    /** {@code node .../server-everything/dist/index.js stdio}. */
    public static List<String> everythingStdio() {
        return List.of(Node.executable().toString(), entry(EVERYTHING).toString(), "stdio");
    }

    /** Starts server-everything in {@code streamableHttp} mode on a free port; URL {@code http://127.0.0.1:PORT/mcp}. */
    public static RunningServer startEverythingStreamableHttp() {
        return startEverything("streamableHttp", "/mcp");
    }

    /**
     * Starts server-everything in {@code streamableHttp} mode on the given port, e.g. to bring a
     * server back where a gateway expects it after stopping the previous one. Fails if it cannot
     * listen there (no other port is tried).
     */
    public static RunningServer startEverythingStreamableHttp(int port) {
        List<String> command = List.of(Node.executable().toString(), entry(EVERYTHING).toString(), "streamableHttp");
        RunningServer server = RunningServer.launch("everything-streamableHttp", command, Map.of("PORT", Integer.toString(port)));
        String failure = server.awaitListening(port, START_TIMEOUT);
        if (failure != null) {
            server.close();
            throw new IllegalStateException("server-everything streamableHttp did not start on port " + port + ": " + failure);
        }
        return server.at(URI.create("http://127.0.0.1:" + port + "/mcp"), port);
    }

    /** Starts server-everything in legacy {@code sse} mode on a free port; URL {@code http://127.0.0.1:PORT/sse}. */
    public static RunningServer startEverythingSse() {
        return startEverything("sse", "/sse");
    }

    /** server-filesystem over stdio, allowed to use a new temp directory (deleted on close). */
    public static StdioServer filesystem() {
        Path dir = tempDir("mcp-fs-");
        return new StdioServer(List.of(Node.executable().toString(), entry(FILESYSTEM).toString(), dir.toString()), Map.of(), dir);
    }

    /**
     * server-memory over stdio with {@code MEMORY_FILE_PATH} in a new temp directory (deleted on
     * close); without it the server writes into its own package folder.
     */
    public static StdioServer memory() {
        Path dir = tempDir("mcp-memory-");
        return new StdioServer(List.of(Node.executable().toString(), entry(MEMORY).toString()),
                Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()), dir);
    }

    /** The {@code dist/index.js} entry point of an installed reference server. */
    public static Path entry(String packageName) {
        Node.assumeInteropAvailable();
        Path entry = Node.packageDir(packageName).resolve("dist/index.js");
        if (!Files.isRegularFile(entry)) {
            throw new AssertionError(packageName + " is not installed: " + entry + " is missing (run bash src/test/interop/install.sh)");
        }
        return entry;
    }

    private static RunningServer startEverything(String mode, String path) {
        List<String> command = List.of(Node.executable().toString(), entry(EVERYTHING).toString(), mode);
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            RunningServer server = RunningServer.launch("everything-" + mode, command, Map.of("PORT", Integer.toString(port)));
            String failure = server.awaitListening(port, START_TIMEOUT);
            if (failure == null) {
                return server.at(URI.create("http://127.0.0.1:" + port + path), port);
            }
            server.close();
            failures.add("attempt " + attempt + " on port " + port + ": " + failure);
        }
        throw new IllegalStateException("server-everything " + mode + " did not start:\n" + String.join("\n", failures));
    }

    /** A port that was free on 127.0.0.1 a moment ago (the caller retries if someone else takes it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stdio server's command line and environment, plus the temp directory it works in (deleted
     * by {@link #close()}). The process itself belongs to whoever starts it.
     */
    public record StdioServer(List<String> command, Map<String, String> env, Path dataDir) implements AutoCloseable {

        public StdioServer {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }

        @Override
        public void close() {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** A reference server process listening on HTTP; {@link #close()} ends its process tree by PID. */
    public static final class RunningServer implements AutoCloseable {

        private final String name;
        private final Process process;
        private final OutputPump stdout;
        private final OutputPump stderr;
        private URI url;
        private int port;

        private RunningServer(String name, Process process) {
            this.name = name;
            this.process = process;
            this.stdout = OutputPump.start(name + "-stdout", process.getInputStream(), "[" + name + " out] ", System.err);
            this.stderr = OutputPump.start(name + "-stderr", process.getErrorStream(), "[" + name + "] ", System.err);
        }

        static RunningServer launch(String name, List<String> command, Map<String, String> env) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Node.interopDir().toFile());
            builder.environment().putAll(env);
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                return new RunningServer(name, process);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        /** Null when the server announced the port on stderr and accepts connections on 127.0.0.1, else why not. */
        String awaitListening(int expectedPort, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            // The announcement proves it is our process that bound the port, not someone else's.
            if (stderr.await(line -> LISTENING.matcher(line).results().anyMatch(m -> m.group(1).equals(Integer.toString(expectedPort))), timeout).isEmpty()) {
                return process.isAlive() ? "no listening line within " + timeout : "exited with " + exitCode() + ": " + stderr.tail(10);
            }
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    return "exited with " + exitCode() + ": " + stderr.tail(10);
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), expectedPort), 1000);
                    return null;
                } catch (IOException e) {
                    sleep(Duration.ofMillis(50));
                }
            }
            return "not accepting connections on 127.0.0.1:" + expectedPort + " within " + timeout;
        }

        private RunningServer at(URI url, int port) {
            this.url = url;
            this.port = port;
            return this;
        }

        private String exitCode() {
            try {
                return Integer.toString(process.exitValue());
            } catch (IllegalThreadStateException e) {
                return "?";
            }
        }

        /** The MCP endpoint ({@code /mcp}) or SSE endpoint ({@code /sse}). */
        public URI url() {
            return url;
        }

        public int port() {
            return port;
        }

        public ProcessHandle process() {
            return process.toHandle();
        }

        public List<String> stderrLines() {
            return stderr.lines();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            List<ProcessHandle> tree = ProcessTrees.snapshot(process.toHandle());
            ProcessTrees.terminate(tree, Duration.ofSeconds(5));
            stdout.join(Duration.ofSeconds(2));
            stderr.join(Duration.ofSeconds(2));
            List<ProcessHandle> alive = ProcessTrees.alive(tree);
            if (!alive.isEmpty()) {
                throw new IllegalStateException(name + ": processes survived close: " + ProcessTrees.describe(alive));
            }
        }

        @Override
        public String toString() {
            return name + "[" + url + ", pid " + process.pid() + "]";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
