package dev.mcpgateway.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpgateway.interop.ConnectOptions;
import dev.mcpgateway.interop.GatewayProcess;
import dev.mcpgateway.interop.Json;
import dev.mcpgateway.interop.Node;
import dev.mcpgateway.interop.ReferenceServers;
import dev.mcpgateway.interop.SdkClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real gateway ({@code java -jar mcp-gateway.jar serve --config <temp file> --port 0}) in front
 * of real reference servers, for integration tests that talk to it over Streamable HTTP with the
 * official SDK client.
 *
 * <pre>{@code
 * HttpGatewayFixture gateway = HttpGatewayFixture.builder()
 *         .flatMode()
 *         .everythingStdio("everything")
 *         .everythingHttp("everythingHttp")
 *         .start();
 * SdkClient client = gateway.connect("a", ConnectOptions.defaults());
 * }</pre>
 *
 * <p>{@link #start()} returns once the gateway listens and every shared backend has reported
 * itself ready, so tests see complete catalogs. Clients made with {@link #client} or
 * {@link #connect} are ended (HTTP session deleted, driver and its processes stopped) by
 * {@link #closeClients()}; {@link #close()} also stops the gateway (asserting a clean exit with
 * no surviving child), the HTTP reference servers, and deletes the temp files.
 */
public final class HttpGatewayFixture implements AutoCloseable {

    /** The capabilities the gateway declares on its shared upstream sessions (see Backend#handshakeFor). */
    public static final ConnectOptions GATEWAY_SHARED_CAPABILITIES = ConnectOptions.defaults().withSampling().withElicitation(true, true);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Tools server-everything registers only after {@code initialized}, for a client that declared
     * sampling and elicitation (announced with tools/list_changed a moment later).
     */
    private static final List<String> EVERYTHING_CONDITIONAL_TOOLS = List.of("trigger-sampling-request", "trigger-elicitation-request");
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(5);

    private final Path dir;
    private final Path configFile;
    private final List<AutoCloseable> resources;
    private final List<String> sharedBackends;
    private final Map<Long, String> sharedStdioChildren;
    private final Path filesRoot;
    private final GatewayProcess gateway;
    private final List<SdkClient> clients = new CopyOnWriteArrayList<>();
    private SdkClient directEverything;

    private HttpGatewayFixture(Path dir, Path configFile, List<AutoCloseable> resources, List<String> sharedBackends, int sharedStdioBackends,
            Path filesRoot, GatewayProcess gateway) {
        // (the readiness probe's own per_client children may still be ending)
        await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(liveChildrenOf(gateway)).as("children of the gateway once its shared backends are ready").hasSize(sharedStdioBackends));
        this.sharedStdioChildren = liveChildrenOf(gateway);
        this.dir = dir;
        this.configFile = configFile;
        this.resources = resources;
        this.sharedBackends = sharedBackends;
        this.filesRoot = filesRoot;
        this.gateway = gateway;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The path of the tiny raw-JSON stdio server ({@code src/test/interop/echo-raw-server.mjs}). */
    public static Path echoRawServer() {
        Path script = Node.interopDir().resolve("echo-raw-server.mjs");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("missing " + script);
        }
        return script;
    }

    public GatewayProcess gateway() {
        return gateway;
    }

    public URI mcpUrl() {
        return gateway.mcpUrl();
    }

    public Path configFile() {
        return configFile;
    }

    /** The directory server-filesystem may use (null if no filesystem backend). */
    public Path filesRoot() {
        return filesRoot;
    }

    /** Names of the backends with a shared session, in config order. */
    public List<String> sharedBackends() {
        return sharedBackends;
    }

    /** A new SDK client driver, not connected; closed by {@link #closeClients()}. */
    public SdkClient client(String name) {
        SdkClient client = SdkClient.start(name);
        clients.add(client);
        return client;
    }

    /** A new SDK client connected to the gateway over Streamable HTTP. */
    public SdkClient connect(String name, ConnectOptions options) {
        SdkClient client = client(name);
        client.connectHttp(mcpUrl(), options).result();
        return client;
    }

    /**
     * An SDK client connected directly to server-everything over stdio, declaring what the
     * gateway's shared sessions declare: the reference for "what the gateway returns equals what
     * the server returns". Shared by the tests of a class; ended by {@link #close()}.
     */
    public synchronized SdkClient directEverything() {
        if (directEverything == null) {
            directEverything = SdkClient.start("direct-everything");
            directEverything.connectStdio(ReferenceServers.everythingStdio(), Map.of(), GATEWAY_SHARED_CAPABILITIES).result();
            SdkClient direct = directEverything;
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(names(direct.listAllTools().result().path("tools"))).containsAll(EVERYTHING_CONDITIONAL_TOOLS));
        }
        return directEverything;
    }

    /** Ends every client made through this fixture: deletes its HTTP session, closes it, checks its processes are gone. */
    public void closeClients() {
        List<SdkClient> toClose = new ArrayList<>(clients);
        clients.clear();
        List<ProcessHandle> processes = new ArrayList<>();
        for (SdkClient client : toClose) {
            try {
                client.terminate().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // not connected, or the session is already gone: nothing to delete
            }
            processes.addAll(client.processTree());
            client.close();
        }
        assertThat(processes).as("processes of the SDK clients after close").noneMatch(ProcessHandle::isAlive);
    }

    /**
     * Waits until the gateway's child processes are exactly the shared stdio backends it started
     * with: the per_client children of ended client sessions are gone, and no shared backend
     * crashed and was restarted. Fails with the children found otherwise.
     */
    public void awaitOnlySharedStdioChildren(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(liveChildren()).as("live children of the gateway").isEqualTo(sharedStdioChildren));
    }

    private Map<Long, String> liveChildren() {
        return liveChildrenOf(gateway);
    }

    private static Map<Long, String> liveChildrenOf(GatewayProcess gateway) {
        Map<Long, String> children = new TreeMap<>();
        gateway.process().children().filter(ProcessHandle::isAlive).forEach(p -> children.put(p.pid(), p.info().commandLine().orElse("?")));
        return children;
    }

    /** Stops the gateway (SIGTERM) and reports how it went; idempotent. */
    public GatewayProcess.Stopped stop() {
        return gateway.stop();
    }

    /**
     * Closes clients, stops the gateway and asserts it exited 0 leaving no child process, then
     * stops the HTTP reference servers and deletes the temp directory.
     */
    @Override
    public void close() {
        Throwable failure = null;
        try {
            closeClients();
        } catch (Throwable t) {
            failure = t;
        }
        if (directEverything != null) {
            try {
                directEverything.close();
            } catch (Throwable t) {
                failure = failure == null ? t : failure;
            }
        }
        GatewayProcess.Stopped stopped = gateway.stop();
        try {
            gateway.close();
        } catch (Throwable t) {
            failure = failure == null ? t : failure;
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Throwable t) {
                failure = failure == null ? t : failure;
            }
        }
        deleteRecursively(dir);
        assertThat(stopped.exitCode()).as("gateway exit code").isZero();
        assertThat(stopped.survivors()).as("gateway children alive after it exited").isEmpty();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static void deleteRecursively(Path dir) {
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

    /** The gateway configuration under construction; backends appear in the file in call order. */
    public static final class Builder {

        private final ObjectNode backends = Json.object();
        private final List<String> surfaced = new ArrayList<>();
        private final List<String> sharedBackends = new ArrayList<>();
        private int sharedStdio;
        private final List<String> sharedEverything = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private boolean metaMode = true;
        private Path filesRoot;

        /** One backend to add when starting (some need a process or a directory first). */
        private interface Step {
            void apply(Path dir, List<AutoCloseable> resources, Builder builder) throws IOException;
        }

        private Builder() {}

        /** {@code meta_mcp.enabled: false}: every backend tool listed as {@code <backend>__<tool>}. */
        public Builder flatMode() {
            metaMode = false;
            return this;
        }

        /** Meta mode (the default) with this tool ({@code server/tool}) pinned into tools/list. */
        public Builder surfacedTool(String serverSlashTool) {
            surfaced.add(serverSlashTool);
            return this;
        }

        /** server-everything over stdio, started by the gateway. */
        public Builder everythingStdio(String name) {
            steps.add((dir, resources, b) -> b.stdio(name, ReferenceServers.everythingStdio(), Map.of(), null, true));
            sharedEverything.add(name);
            return this;
        }

        /** server-everything over stdio with {@code session_mode: per_client}: one child per client session. */
        public Builder everythingPerClient(String name) {
            steps.add((dir, resources, b) -> b.stdio(name, ReferenceServers.everythingStdio(), Map.of(), "per_client", false));
            return this;
        }

        /** server-everything over Streamable HTTP, started here on a free port. */
        public Builder everythingHttp(String name) {
            steps.add((dir, resources, b) -> {
                ReferenceServers.RunningServer server = ReferenceServers.startEverythingStreamableHttp();
                resources.add(server);
                b.backends.putObject(name).put("http_url", server.url().toString());
                b.sharedBackends.add(name);
            });
            sharedEverything.add(name);
            return this;
        }

        /** server-filesystem over stdio, allowed a temp directory holding {@code hello.txt}. */
        public Builder filesystem(String name) {
            steps.add((dir, resources, b) -> {
                Path root = Files.createDirectories(dir.resolve("files")).toRealPath();
                Files.writeString(root.resolve("hello.txt"), "hello from the gateway test\n");
                List<String> command = new ArrayList<>(List.of(Node.executable().toString(), ReferenceServers.entry(ReferenceServers.FILESYSTEM).toString()));
                command.add(root.toString());
                b.filesRoot = root;
                b.stdio(name, command, Map.of(), null, true);
            });
            return this;
        }

        /** server-memory over stdio, with MEMORY_FILE_PATH in the temp directory. */
        public Builder memory(String name) {
            steps.add((dir, resources, b) -> {
                Path memory = Files.createDirectories(dir.resolve("memory")).resolve("memory.jsonl");
                List<String> command = List.of(Node.executable().toString(), ReferenceServers.entry(ReferenceServers.MEMORY).toString());
                b.stdio(name, command, Map.of("MEMORY_FILE_PATH", memory.toString()), null, true);
            });
            return this;
        }

        /**
         * The raw-JSON echo server over stdio with {@code fillerTools} extra tools (served in
         * pages of 25 by the server itself); its stderr reports what it received.
         */
        public Builder echoRaw(String name, int fillerTools) {
            steps.add((dir, resources, b) -> b.stdio(name, List.of(Node.executable().toString(), echoRawServer().toString()),
                    Map.of("RAW_TOOL_COUNT", Integer.toString(fillerTools)), null, true));
            return this;
        }

        private void stdio(String name, List<String> command, Map<String, String> env, String sessionMode, boolean shared) {
            ObjectNode backend = backends.putObject(name);
            ArrayNode argv = backend.putArray("command");
            command.forEach(argv::add);
            if (!env.isEmpty()) {
                ObjectNode e = backend.putObject("env");
                env.forEach(e::put);
            }
            if (sessionMode != null) {
                backend.put("session_mode", sessionMode);
            }
            if (shared) {
                sharedBackends.add(name);
                sharedStdio++;
            }
        }

        /**
         * Writes the config (JSON, which is YAML), starts what the backends need, starts the
         * gateway and waits until every shared backend is ready.
         */
        public HttpGatewayFixture start() {
            Node.assumeInteropAvailable();
            Path dir;
            try {
                dir = Files.createTempDirectory("mcp-gateway-it-").toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<AutoCloseable> resources = new ArrayList<>();
            GatewayProcess gateway = null;
            try {
                for (Step step : steps) {
                    try {
                        step.apply(dir, resources, this);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                ObjectNode config = Json.object();
                config.putObject("server").put("host", "127.0.0.1");
                ObjectNode meta = config.putObject("meta_mcp").put("enabled", metaMode);
                ArrayNode pinned = meta.putArray("surfaced_tools");
                surfaced.forEach(pinned::add);
                config.set("backends", backends);
                Path configFile = dir.resolve("gateway.yaml");
                try {
                    Files.writeString(configFile, Json.write(config) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                gateway = GatewayProcess.serve(configFile);
                for (String backend : sharedBackends) {
                    String prefix = "backend `" + backend + "` ready";
                    gateway.awaitStderr(line -> line.contains(prefix), READY_TIMEOUT);
                }
                awaitConditionalTools(gateway, sharedEverything);
                return new HttpGatewayFixture(dir, configFile, resources, List.copyOf(sharedBackends), sharedStdio, filesRoot, gateway);
            } catch (RuntimeException | Error e) {
                if (gateway != null) {
                    gateway.close();
                }
                for (AutoCloseable resource : resources) {
                    try {
                        resource.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                deleteRecursively(dir);
                throw e;
            }
        }
    }

    /**
     * Waits until the gateway lists the tools every shared server-everything registers after
     * {@code initialized} (asked with the plain JSON-RPC method {@code gateway_list_tools}, which
     * works in both modes), so that no test races the catalog refresh that follows startup.
     */
    private static void awaitConditionalTools(GatewayProcess gateway, List<String> everythingBackends) {
        if (everythingBackends.isEmpty()) {
            return;
        }
        try (SdkClient probe = SdkClient.start("readiness-probe")) {
            probe.connectHttp(gateway.mcpUrl(), ConnectOptions.defaults()).result();
            for (String backend : everythingBackends) {
                await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(names(probe
                        .request("gateway_list_tools", Json.object().put("server", backend)).result().path("tools")))
                        .as("tools of %s", backend).containsAll(EVERYTHING_CONDITIONAL_TOOLS));
            }
            probe.terminate().result();
        }
    }

    /** The first text content of a CallToolResult. */
    public static String firstText(JsonNode callToolResult) {
        return callToolResult.path("content").path(0).path("text").asString();
    }

    /**
     * The JSON-RPC messages of a {@link SdkClient#rawHttp} response, as the exact text that
     * arrived: the body of an {@code application/json} response, or the {@code data} of every
     * non-empty event of a {@code text/event-stream} response.
     */
    public static List<String> messagesIn(JsonNode rawHttpResponse) {
        String contentType = rawHttpResponse.path("headers").path("content-type").asString("");
        String body = rawHttpResponse.path("body").asString("");
        if (!contentType.startsWith("text/event-stream")) {
            return body.isBlank() ? List.of() : List.of(body);
        }
        List<String> messages = new ArrayList<>();
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null && !data.isEmpty()) {
                    messages.add(data.toString());
                }
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return messages;
    }

    /** Names of the items ({@code name} members) of a list result array. */
    public static List<String> names(JsonNode items) {
        return items.valueStream().map(item -> item.path("name").asString()).toList();
    }
}
