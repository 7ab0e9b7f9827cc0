package dev.mcpgateway.failsafe;

import dev.mcpgateway.interop.GatewayProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo server built into the gateway jar ({@code java -jar mcp-gateway.jar demo-server}) as a
 * fault-injecting backend: a stdio command for the gateway to run, or a Streamable HTTP server the
 * test starts as a child process (and stops, by PID, in {@link Http#close()}).
 */
final class DemoServers {

    private static final Pattern LISTENING = Pattern.compile("demo-server listening on (http://\\S+)");

    private DemoServers() {}

    /** {@code java -jar <gateway.jar> demo-server --stdio <faultFlags>}. */
    static List<String> stdio(String... faultFlags) {
        List<String> args = new ArrayList<>(List.of("demo-server", "--stdio"));
        args.addAll(List.of(faultFlags));
        return GatewayProcess.javaCommand(args.toArray(String[]::new));
    }

    /** Starts {@code demo-server --http 0 <faultFlags>} on 127.0.0.1 and waits until it listens. */
    static Http http(String... faultFlags) {
        List<String> args = new ArrayList<>(List.of("demo-server", "--http", "0", "--host", "127.0.0.1"));
        args.addAll(List.of(faultFlags));
        ProcessBuilder builder = new ProcessBuilder(GatewayProcess.javaCommand(args.toArray(String[]::new)));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("demo-http-stderr-" + process.pid()).start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    System.err.println("[demo-http] " + line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            endpoint.completeExceptionally(new IllegalStateException("the demo HTTP server exited before it listened"));
        });
        Http http = new Http(process);
        try {
            http.endpoint = endpoint.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            http.close();
            throw new IllegalStateException("the demo HTTP server did not start", e);
        }
        return http;
    }

    /** A demo HTTP server child process. */
    static final class Http implements AutoCloseable {
        private final Process process;
        private URI endpoint;

        Http(Process process) {
            this.process = process;
        }

        URI endpoint() {
            return endpoint;
        }

        ProcessHandle process() {
            return process.toHandle();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long calls to a demo server may take in these tests, generously (the machine may be busy). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
}
