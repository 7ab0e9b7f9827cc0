package dev.mcpgateway.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.client.HttpClient;

/**
 * The processes of a load test: demo backends (Streamable HTTP or stdio) and gateways, started
 * from the built jar with the configured JVM flags, on 127.0.0.1 and free ports, each logging to
 * its own file. Everything it started is stopped by {@link #close()} (by PID).
 */
final class Fleet implements AutoCloseable {

    /** What a gateway's failsafe does in a run. */
    enum Failsafe {
        /** Every stage on with the shipped defaults, except a rate limit high enough never to refuse a benchmark call. */
        ON_UNTHROTTLED,
        /** Every stage switched off. */
        OFF
    }

    private final Path java;
    private final Path jar;
    private final Path dir;
    private final List<String> gatewayJvm;
    private final List<String> backendJvm;
    /** The gateways' {@code failsafe.concurrency.max_in_flight}, or 0 for the gateway's default. */
    private final int maxInFlight;
    private final List<BenchProcess> started = new CopyOnWriteArrayList<>();

    Fleet(Path java, Path jar, Path dir, List<String> gatewayJvm, List<String> backendJvm, int maxInFlight) {
        this.java = java;
        this.jar = jar;
        this.dir = dir;
        this.gatewayJvm = gatewayJvm;
        this.backendJvm = backendJvm;
        this.maxInFlight = maxInFlight;
    }

    List<String> gatewayJvm() {
        return gatewayJvm;
    }

    List<String> backendJvm() {
        return backendJvm;
    }

    /** A demo server over Streamable HTTP on a free port, ready to accept connections. */
    HttpBackend httpBackend(String name) throws Exception {
        int port = freePort();
        BenchProcess process = start(name, command(backendJvm, "demo-server", "--http", Integer.toString(port)), false);
        process.awaitPort(port, Duration.ofSeconds(60));
        return new HttpBackend(process, URI.create("http://127.0.0.1:" + port + "/mcp"));
    }

    record HttpBackend(BenchProcess process, URI endpoint) {}

    /** A demo server over stdio with its stdin and stdout piped to us. */
    BenchProcess stdioBackend(String name) throws IOException {
        return start(name, stdioBackendCommand(), true);
    }

    List<String> stdioBackendCommand() {
        return command(backendJvm, "demo-server", "--stdio");
    }

    /** A gateway config file: flat tool names, the given backends (name to YAML body), failsafe and tracing as asked. */
    Path gatewayConfig(String name, int port, Map<String, String> backends, Failsafe failsafe, String otlpEndpoint) throws IOException {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# written by the load test (").append(name).append(")\n");
        yaml.append("server:\n  host: 127.0.0.1\n  port: ").append(port).append('\n');
        yaml.append("meta_mcp:\n  enabled: false   # flat names (<backend>__<tool>): tools/call is routed as sent\n");
        yaml.append("backends:\n");
        backends.forEach((backend, body) -> yaml.append("  ").append(backend).append(":\n").append(body.indent(4)));
        yaml.append("failsafe:\n");
        switch (failsafe) {
            case ON_UNTHROTTLED -> {
                yaml.append("""
                      # every stage on with its defaults, except the rate limit (default 100/s, burst 50),
                      # which would cap the benchmark: raised so that it is consulted but never refuses
                      rate_limit:
                        enabled: true
                        requests_per_second: 1000000
                        burst_size: 1000000
                    """);
                if (maxInFlight > 0) {
                    yaml.append("  concurrency:\n    max_in_flight: ").append(maxInFlight).append('\n');
                }
            }
            case OFF -> yaml.append("""
                      circuit_breaker: {enabled: false}
                      retry: {enabled: false}
                      rate_limit: {enabled: false}
                      concurrency: {enabled: false}
                      health_check: {enabled: false}
                    """);
        }
        if (otlpEndpoint != null) {
            yaml.append("telemetry:\n  enabled: true\n  endpoint: ").append(otlpEndpoint).append("\n  sample_ratio: 1.0\n");
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static String httpBackendYaml(URI endpoint) {
        return "http_url: " + endpoint + "\n";
    }

    String stdioBackendYaml() {
        StringBuilder yaml = new StringBuilder("command:\n");
        for (String word : stdioBackendCommand()) {
            yaml.append("  - '").append(word.replace("'", "''")).append("'\n");
        }
        return yaml.toString();
    }

    /** A gateway, started and listening (its backends may still be connecting). */
    Gateway gateway(String name, Path config, int port, List<String> extraJvm) throws Exception {
        List<String> jvm = new ArrayList<>(gatewayJvm);
        jvm.addAll(extraJvm);
        BenchProcess process = start(name, command(jvm, "serve", "--config", config.toString(), "--port", Integer.toString(port)), false);
        process.awaitPort(port, Duration.ofSeconds(60));
        return new Gateway(process, URI.create("http://127.0.0.1:" + port + "/mcp"));
    }

    /** Starts a gateway without waiting: for startup measurements. */
    BenchProcess startGateway(String name, Path config, int port, List<String> jvm) throws IOException {
        return start(name, command(jvm, "serve", "--config", config.toString(), "--port", Integer.toString(port)), false);
    }

    record Gateway(BenchProcess process, URI endpoint) {
        /** Waits until {@code tools/list} shows {@code expectedTools} tools whose name ends in {@code suffix}. */
        void awaitTools(HttpClient client, String suffix, int expectedTools, Duration timeout) throws Exception {
            HttpTarget probe = new HttpTarget("probe", client, endpoint, "2025-11-25", ToolCall.echo("none", 1));
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "";
            try {
                while (System.nanoTime() < deadline) {
                    try {
                        last = probe.request("tools/list", null);
                        if (count(last, suffix) >= expectedTools) {
                            return;
                        }
                    } catch (Exception e) {
                        last = e.toString();
                    }
                    Thread.sleep(50);
                }
            } finally {
                probe.close();
            }
            throw new IllegalStateException(process + ": tools/list did not list " + expectedTools + " x " + suffix + " in time; last answer: "
                    + last.substring(0, Math.min(400, last.length())));
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    List<String> command(List<String> jvm, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    private BenchProcess start(String name, List<String> command, boolean pipe) throws IOException {
        BenchProcess process = BenchProcess.start(name, command, dir.resolve("logs").resolve(name + ".log"), pipe);
        started.add(process);
        return process;
    }

    /** Stops one process now (it stays in the list; stopping twice is harmless). */
    void stop(BenchProcess process) {
        process.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (BenchProcess process : started.reversed()) {
            process.stop();
        }
    }
}
