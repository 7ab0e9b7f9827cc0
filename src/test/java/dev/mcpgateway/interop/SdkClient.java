package dev.mcpgateway.interop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official MCP TypeScript SDK client, remote-controlled: runs {@code sdk-client-driver.mjs}
 * in a child {@code node} process and talks to it with newline-delimited JSON (protocol
 * documented at the top of the driver).
 *
 * <p>Every command returns a {@link CommandFuture} that completes with the command's result or
 * fails with {@link SdkCommandException}; the Java side stops waiting after
 * {@link #defaultTimeout()} (a {@link TimeoutException}). Everything the client receives
 * asynchronously (notifications, server-to-client requests, progress, stdio server stderr,
 * transport errors, close) is recorded in arrival order and can be awaited.
 *
 * <pre>{@code
 * try (SdkClient client = SdkClient.start("a")) {
 *     client.connectHttp(gateway.mcpUrl(), ConnectOptions.allClientFeatures()).result();
 *     JsonNode echo = client.callTool("echo", """{"message":"hi"}""").result();
 *     client.awaitNotification("notifications/tools/list_changed", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the client, then ends the node process and every process it started
 * (by PID), so no node process outlives the test.
 */
public final class SdkClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final String DRIVER = "sdk-client-driver.mjs";

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final EventLog events = new EventLog();
    private final Map<Long, CommandFuture> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final List<ProcessHandle> serverProcesses = new CopyOnWriteArrayList<>();
    private volatile Duration defaultTimeout = DEFAULT_TIMEOUT;

    private SdkClient(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stderr = OutputPump.start("sdk-client-" + name + "-stderr", process.getErrorStream(), "[" + name + "] ", System.err);
        this.stdout = OutputPump.start("sdk-client-" + name + "-events", process.getInputStream(), "", null, this::onLine);
        Thread.ofPlatform().daemon().name("sdk-client-" + name + "-exit").start(this::awaitDriverExit);
    }

    /** Starts a driver named {@code sdk-client} (the name prefixes its log lines). */
    public static SdkClient start() {
        return start("sdk-client");
    }

    /**
     * Starts the driver and waits until it has loaded the SDK. Skips the test (or fails it when
     * {@code interop.required=true}) if the interop peers are not installed.
     */
    public static SdkClient start(String name) {
        Node.assumeInteropAvailable();
        Path dir = Node.interopDir();
        Path driver = dir.resolve(DRIVER);
        if (!Files.isRegularFile(driver)) {
            throw new AssertionError("the SDK client driver is missing: " + driver);
        }
        Process process;
        try {
            process = new ProcessBuilder(Node.executable().toString(), driver.toString()).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + driver, e);
        }
        SdkClient client = new SdkClient(name, process);
        try {
            client.ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            client.close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("sdk-client-driver '" + name + "' did not start: " + cause.getMessage()
                    + "\nstderr:\n" + client.stderr.tail(30), cause);
        }
        return client;
    }

    // ---- connection ----------------------------------------------------------------------------

    /** Connects over Streamable HTTP. Result: sessionId, protocolVersion, serverInfo, serverCapabilities, instructions. */
    public CommandFuture connectHttp(URI url, ConnectOptions options) {
        ObjectNode command = Json.object().put("transport", "http").put("url", url.toString());
        options.writeTo(command);
        return send("connect", command, connectTimeout(options));
    }

    /** Connects over the legacy HTTP+SSE transport (2024-11-05) to the server's SSE endpoint. */
    public CommandFuture connectSse(URI sseUrl, ConnectOptions options) {
        ObjectNode command = Json.object().put("transport", "sse").put("url", sseUrl.toString());
        options.writeTo(command);
        return send("connect", command, connectTimeout(options));
    }

    /**
     * Connects over stdio: the SDK's StdioClientTransport starts {@code command} as the server.
     * {@code env} is added to the SDK's default child environment (HOME, PATH, ...). The server's
     * stderr lines become {@link #serverStderr()}.
     */
    public CommandFuture connectStdio(List<String> command, Map<String, String> env, ConnectOptions options) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("connectStdio needs a command");
        }
        ObjectNode c = Json.object().put("transport", "stdio").put("command", command.getFirst());
        ArrayNode args = c.putArray("args");
        command.subList(1, command.size()).forEach(args::add);
        ObjectNode e = c.putObject("env");
        env.forEach(e::put);
        options.writeTo(c);
        return send("connect", c, connectTimeout(options));
    }

    private Duration connectTimeout(ConnectOptions options) {
        Duration t = options.initializeTimeout();
        return t != null && t.plusSeconds(10).compareTo(defaultTimeout) > 0 ? t.plusSeconds(10) : defaultTimeout;
    }

    /** HTTP: DELETE the session ({@code transport.terminateSession()}). Result: {sessionId}. */
    public CommandFuture terminate() {
        return send("terminate", Json.object());
    }

    /** Closes the SDK client but keeps the driver, ready for another connect. */
    public CommandFuture disconnect() {
        return send("disconnect", Json.object());
    }

    // ---- requests ------------------------------------------------------------------------------

    /** Any request; the result is returned raw (not validated by the SDK). */
    public CommandFuture request(String method, JsonNode params) {
        return request(method, params, RequestOptions.defaults());
    }

    public CommandFuture request(String method, JsonNode params, RequestOptions options) {
        ObjectNode c = Json.object().put("method", method);
        if (params != null) {
            c.set("params", params.deepCopy());
        }
        return send("request", c, options);
    }

    /** Sends any notification. */
    public CommandFuture notify(String method, JsonNode params) {
        ObjectNode c = Json.object().put("method", method);
        if (params != null) {
            c.set("params", params.deepCopy());
        }
        return send("notify", c);
    }

    public CommandFuture ping() {
        return send("ping", Json.object());
    }

    /** First page of tools/list. */
    public CommandFuture listTools() {
        return send("listTools", Json.object());
    }

    /** tools/list from the given cursor (one page). */
    public CommandFuture listTools(String cursor) {
        return send("listTools", Json.object().put("cursor", cursor));
    }

    /** Every page of tools/list: {tools:[...], pages:N}; the SDK then validates structuredContent of every tool. */
    public CommandFuture listAllTools() {
        return send("listTools", Json.object().put("all", true));
    }

    public CommandFuture listResources() {
        return send("listResources", Json.object());
    }

    /** {resources:[...], pages:N} */
    public CommandFuture listAllResources() {
        return send("listResources", Json.object().put("all", true));
    }

    public CommandFuture listResourceTemplates() {
        return send("listResourceTemplates", Json.object());
    }

    /** {resourceTemplates:[...], pages:N} */
    public CommandFuture listAllResourceTemplates() {
        return send("listResourceTemplates", Json.object().put("all", true));
    }

    public CommandFuture listPrompts() {
        return send("listPrompts", Json.object());
    }

    /** {prompts:[...], pages:N} */
    public CommandFuture listAllPrompts() {
        return send("listPrompts", Json.object().put("all", true));
    }

    /** tools/call through {@code Client.callTool} (which validates structuredContent against the tool's outputSchema). */
    public CommandFuture callTool(String tool, String argumentsJson) {
        return callTool(tool, Json.parse(argumentsJson), RequestOptions.defaults());
    }

    public CommandFuture callTool(String tool, JsonNode arguments) {
        return callTool(tool, arguments, RequestOptions.defaults());
    }

    public CommandFuture callTool(String tool, JsonNode arguments, RequestOptions options) {
        ObjectNode c = Json.object().put("name", tool);
        c.set("arguments", arguments == null ? Json.object() : arguments.deepCopy());
        return send("callTool", c, options);
    }

    public CommandFuture readResource(String uri) {
        return send("readResource", Json.object().put("uri", uri));
    }

    public CommandFuture getPrompt(String prompt, Map<String, String> arguments) {
        ObjectNode c = Json.object().put("name", prompt);
        ObjectNode args = c.putObject("arguments");
        arguments.forEach(args::put);
        return send("getPrompt", c);
    }

    /** completion/complete for {@code ref} (e.g. {"type":"ref/prompt","name":"..."}) and one argument value. */
    public CommandFuture complete(JsonNode ref, String argumentName, String value) {
        ObjectNode c = Json.object();
        c.set("ref", ref.deepCopy());
        c.putObject("argument").put("name", argumentName).put("value", value);
        return send("complete", c);
    }

    public CommandFuture setLoggingLevel(String level) {
        return send("setLoggingLevel", Json.object().put("level", level));
    }

    public CommandFuture subscribe(String uri) {
        return send("subscribe", Json.object().put("uri", uri));
    }

    public CommandFuture unsubscribe(String uri) {
        return send("unsubscribe", Json.object().put("uri", uri));
    }

    /**
     * Aborts an in-flight command through its AbortController: the SDK sends
     * notifications/cancelled and the command fails with {@code AbortError}.
     */
    public CommandFuture cancel(CommandFuture command, String reason) {
        return send("cancel", Json.object().put("target", command.seq()).put("reason", reason));
    }

    // ---- answering server-to-client requests ---------------------------------------------------

    /**
     * Scripts the answer to {@code sampling/createMessage}, {@code elicitation/create} or
     * {@code roots/list} (kept until replaced). The request is still reported as an event.
     */
    public CommandFuture setHandler(String method, JsonNode response) {
        return setHandler(method, response, Duration.ZERO);
    }

    public CommandFuture setHandler(String method, JsonNode response, Duration delay) {
        ObjectNode c = Json.object().put("method", method).put("delayMs", delay.toMillis());
        c.set("response", response.deepCopy());
        return send("setHandler", c);
    }

    /** Scripts a JSON-RPC error as the answer to a server-to-client request method. */
    public CommandFuture setHandlerError(String method, int code, String message) {
        ObjectNode c = Json.object().put("method", method);
        c.putObject("error").put("code", code).put("message", message);
        return send("setHandler", c);
    }

    /** Holds every such request until {@link #respond}/{@link #respondError} answers it by id. */
    public CommandFuture setManualHandler(String method) {
        return send("setHandler", Json.object().put("method", method).put("manual", true));
    }

    /** Answers a held server-to-client request ({@code id} from its request event). */
    public CommandFuture respond(JsonNode id, JsonNode result) {
        ObjectNode c = Json.object();
        c.set("id", id.deepCopy());
        c.set("result", result.deepCopy());
        return send("respond", c);
    }

    public CommandFuture respondError(JsonNode id, int code, String message) {
        ObjectNode c = Json.object();
        c.set("id", id.deepCopy());
        c.putObject("error").put("code", code).put("message", message);
        return send("respond", c);
    }

    /** The roots answered to roots/list (when no roots/list handler is scripted); default none. */
    public CommandFuture setRoots(List<String> uris) {
        ArrayNode roots = Json.array();
        for (String uri : uris) {
            roots.addObject().put("uri", uri);
        }
        return setRoots(roots);
    }

    /** Roots as the JSON array of Root objects ({uri, name?}). */
    public CommandFuture setRoots(ArrayNode roots) {
        ObjectNode c = Json.object();
        c.set("roots", roots.deepCopy());
        return send("roots", c);
    }

    public CommandFuture sendRootsListChanged() {
        return send("sendRootsListChanged", Json.object());
    }

    // ---- raw HTTP ------------------------------------------------------------------------------

    /**
     * A plain fetch to the connected URL with the session id and negotiated protocol version added.
     * Result: {status, headers, body, truncated}; the body is read for at most 5 s.
     */
    public CommandFuture rawHttp(String method, Map<String, String> headers, String body) {
        ObjectNode c = Json.object().put("method", method);
        ObjectNode h = c.putObject("headers");
        headers.forEach(h::put);
        if (body != null) {
            c.put("body", body);
        }
        return send("rawHttp", c);
    }

    /** rawHttp with every field of the driver command under the caller's control. */
    public CommandFuture rawHttp(ObjectNode spec) {
        return send("rawHttp", spec.deepCopy());
    }

    // ---- sending -------------------------------------------------------------------------------

    /** Sends any driver command with the default timeout. */
    public CommandFuture send(String type, ObjectNode fields) {
        return send(type, fields, defaultTimeout);
    }

    private CommandFuture send(String type, ObjectNode fields, RequestOptions options) {
        if (options.meta() != null && !type.equals("callTool")) {
            throw new IllegalArgumentException("meta is only supported for callTool");
        }
        options.writeTo(fields);
        return send(type, fields, options.replyTimeout(defaultTimeout));
    }

    /** Sends any driver command; the future fails with a TimeoutException after {@code timeout}. */
    public CommandFuture send(String type, ObjectNode fields, Duration timeout) {
        long seq = nextSeq.getAndIncrement();
        CommandFuture future = new CommandFuture(seq, type);
        ObjectNode command = Json.object().put("seq", seq).put("type", type);
        command.setAll(fields);
        if (closed.get() || events.ended()) {
            future.completeExceptionally(new IllegalStateException("sdk-client '" + name + "' is closed; cannot send " + type));
            return future;
        }
        pending.put(seq, future);
        future.whenComplete((r, e) -> pending.remove(seq));
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> future.completeExceptionally(
                new TimeoutException("sdk-client '" + name + "': no reply to " + type + " #" + seq + " within " + timeout
                        + "; events so far: " + events.summary())));
        try {
            synchronized (stdin) {
                stdin.write(Json.write(command));
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            future.completeExceptionally(new IllegalStateException(
                    "sdk-client '" + name + "': cannot send " + type + " (driver gone?)\nstderr:\n" + stderr.tail(20), e));
        }
        return future;
    }

    // ---- events --------------------------------------------------------------------------------

    private void onLine(String line) {
        JsonNode event;
        try {
            event = Json.parse(line);
        } catch (JacksonException e) {
            System.err.println("[" + name + "] non-JSON line on the driver's stdout: " + line);
            return;
        }
        switch (event.path("type").asString("")) {
            case "reply" -> onReply(event);
            case "ready" -> ready.complete(event);
            case "fatal" -> {
                ready.completeExceptionally(new IllegalStateException(event.path("error").path("message").asString()));
                events.append(event);
            }
            case "driver-error" -> {
                System.err.println("[" + name + "] driver error: " + Json.write(event.path("error")));
                events.append(event);
            }
            default -> events.append(event);
        }
    }

    private void onReply(JsonNode reply) {
        CommandFuture future = pending.get(reply.path("seq").asLong(-1));
        if (future == null) {
            return; // already timed out on our side
        }
        if (reply.path("ok").asBoolean(false)) {
            JsonNode result = reply.path("result");
            if (future.type().equals("connect")) {
                rememberServerProcess(result.path("serverPid"));
            }
            future.complete(result);
        } else {
            future.completeExceptionally(new SdkCommandException(future.type(), reply.path("error")));
        }
    }

    private void rememberServerProcess(JsonNode pid) {
        if (pid.isIntegralNumber()) {
            ProcessHandle.of(pid.asLong()).ifPresent(serverProcesses::add);
        }
    }

    private void awaitDriverExit() {
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        stdout.join(Duration.ofSeconds(5)); // every event line is dispatched before we fail what is pending
        events.end();
        IllegalStateException gone = new IllegalStateException("sdk-client-driver '" + name + "' exited with code " + code
                + "\nstderr:\n" + stderr.tail(20));
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    /** All events (excluding replies) in arrival order. */
    public List<JsonNode> events() {
        return events.matching(e -> true);
    }

    /** Every notification received, as {method, params} objects, in arrival order. */
    public List<JsonNode> notifications() {
        return events.matching(SdkClient::isNotification).stream().map(SdkClient::message).toList();
    }

    public List<JsonNode> notifications(String method) {
        return events.matching(e -> isNotification(e) && method.equals(e.path("method").asString())).stream()
                .map(SdkClient::message)
                .toList();
    }

    /** Every server-to-client request received, as {method, params, id}. */
    public List<JsonNode> requests() {
        return events.matching(e -> e.path("type").asString().equals("request")).stream().map(SdkClient::message).toList();
    }

    public List<JsonNode> requests(String method) {
        return requests().stream().filter(r -> method.equals(r.path("method").asString())).toList();
    }

    /** The JSON-RPC ids of the requests a command sent (one, or one per page for list-all commands). */
    public List<JsonNode> requestIdsOf(CommandFuture command) {
        return events.matching(e -> e.path("type").asString().equals("request-sent") && e.path("seq").asLong() == command.seq())
                .stream()
                .map(e -> e.path("id"))
                .toList();
    }

    /**
     * The notifications/progress messages the client received for a command (matched by
     * progressToken, which the SDK sets to the request id). Complete, unlike {@link #progressOf}.
     */
    public List<JsonNode> progressNotificationsOf(CommandFuture command) {
        List<JsonNode> ids = requestIdsOf(command);
        return notifications("notifications/progress").stream()
                .filter(n -> ids.contains(n.path("params").path("progressToken")))
                .toList();
    }

    /**
     * The progress values ({progress, total?, message?}) the SDK passed to a command's onprogress.
     * SDK 1.32.2 can drop the last one when it arrives together with the response (it handles
     * notifications a microtask later than responses); {@link #progressNotificationsOf} has all.
     */
    public List<JsonNode> progressOf(CommandFuture command) {
        return events.matching(e -> e.path("type").asString().equals("progress") && e.path("seq").asLong() == command.seq())
                .stream()
                .map(e -> e.path("progress"))
                .toList();
    }

    /** Every message the client sent (only with {@link ConnectOptions#withTrace()}). */
    public List<JsonNode> sentMessages() {
        return events.matching(e -> e.path("type").asString().equals("sent")).stream().map(e -> e.path("message")).toList();
    }

    /** Every message the client received, in wire order (only with {@link ConnectOptions#withTrace()}). */
    public List<JsonNode> receivedMessages() {
        return events.matching(e -> e.path("type").asString().equals("received")).stream().map(e -> e.path("message")).toList();
    }

    /** stderr lines of the stdio server the client started. */
    public List<String> serverStderr() {
        return events.matching(e -> e.path("type").asString().equals("stderr")).stream()
                .map(e -> e.path("line").asString())
                .toList();
    }

    /** The SDK's onerror reports (transport errors and protocol errors). */
    public List<JsonNode> transportErrors() {
        return events.matching(e -> e.path("type").asString().equals("transport-error")).stream()
                .map(e -> e.path("error"))
                .toList();
    }

    /** Forgets the events received so far (pending commands are unaffected). */
    public void clearEvents() {
        events.clear();
    }

    /** Waits for a notification with this method (one received earlier counts). */
    public JsonNode awaitNotification(String method, Duration timeout) {
        return awaitNotification(method, params -> true, timeout);
    }

    /** Waits for a notification with this method whose params match; returns it as {method, params}. */
    public JsonNode awaitNotification(String method, Predicate<JsonNode> params, Duration timeout) {
        return events.awaitFirst(e -> isNotification(e) && method.equals(e.path("method").asString()) && params.test(e.path("params")), timeout)
                .map(SdkClient::message)
                .orElseThrow(() -> new AssertionError("sdk-client '" + name + "': no " + method + " notification matched within "
                        + timeout + "; events: " + events.summary()));
    }

    /** Waits until {@code count} notifications with this method have arrived; returns them. */
    public List<JsonNode> awaitNotifications(String method, int count, Duration timeout) {
        List<JsonNode> found = events.await(e -> isNotification(e) && method.equals(e.path("method").asString()), count, timeout);
        if (found.size() < count) {
            throw new AssertionError("sdk-client '" + name + "': " + found.size() + " of " + count + " " + method
                    + " notifications within " + timeout + "; events: " + events.summary());
        }
        return found.stream().map(SdkClient::message).toList();
    }

    /** Waits for a server-to-client request with this method; returns {method, params, id}. */
    public JsonNode awaitRequest(String method, Duration timeout) {
        return events.awaitFirst(e -> e.path("type").asString().equals("request") && method.equals(e.path("method").asString()), timeout)
                .map(SdkClient::message)
                .orElseThrow(() -> new AssertionError("sdk-client '" + name + "': no " + method + " request within " + timeout
                        + "; events: " + events.summary()));
    }

    /** Waits for any event matching (events have "type": notification, request, progress, closed, ...). */
    public JsonNode awaitEvent(Predicate<JsonNode> match, Duration timeout) {
        return events.awaitFirst(match, timeout)
                .orElseThrow(() -> new AssertionError("sdk-client '" + name + "': no matching event within " + timeout
                        + "; events: " + events.summary()));
    }

    /** Waits {@code window} and fails if any notification with this method arrived (before or during it). */
    public void assertNoNotification(String method, Duration window) {
        assertNoNotification(method, params -> true, window);
    }

    /** Waits {@code window} and fails if a notification with this method and matching params arrived (before or during it). */
    public void assertNoNotification(String method, Predicate<JsonNode> params, Duration window) {
        List<JsonNode> found = events.await(
                e -> isNotification(e) && method.equals(e.path("method").asString()) && params.test(e.path("params")), 1, window);
        if (!found.isEmpty()) {
            throw new AssertionError("sdk-client '" + name + "': unexpected " + method + " notification: " + Json.write(found.getFirst()));
        }
    }

    /** Waits until the connection is reported closed. */
    public void awaitClosed(Duration timeout) {
        awaitEvent(e -> e.path("type").asString().equals("closed"), timeout);
    }

    private static boolean isNotification(JsonNode event) {
        return event.path("type").asString().equals("notification");
    }

    /** The MCP message part of an event (without "type"). */
    private static JsonNode message(JsonNode event) {
        ObjectNode m = Json.object();
        m.put("method", event.path("method").asString());
        if (event.has("params")) {
            m.set("params", event.get("params"));
        }
        if (event.has("id")) {
            m.set("id", event.get("id"));
        }
        return m;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Changes how long commands wait for their reply by default. */
    public SdkClient withDefaultTimeout(Duration timeout) {
        this.defaultTimeout = timeout;
        return this;
    }

    /** The node driver process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The driver, every process it started (stdio servers) and their descendants, as of now. */
    public List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(ProcessTrees.snapshot(process.toHandle()));
        for (ProcessHandle server : serverProcesses) {
            if (!tree.contains(server)) {
                tree.add(server);
            }
            server.descendants().filter(d -> !tree.contains(d)).forEach(tree::add);
        }
        return tree;
    }

    /**
     * Closes the client (the driver closes its transport: a stdio server gets end of input, then
     * SIGTERM), waits for the driver to exit, then ends by PID whatever of its process tree is
     * still alive. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        if (process.isAlive() && !events.ended()) {
            long seq = nextSeq.getAndIncrement();
            try {
                synchronized (stdin) {
                    stdin.write(Json.write(Json.object().put("seq", seq).put("type", "close")));
                    stdin.write('\n');
                    stdin.flush();
                }
            } catch (IOException e) {
                // driver already gone
            }
            ProcessTrees.awaitExit(process.toHandle(), CLOSE_TIMEOUT);
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // ignore: the pipe is gone with the process
        }
        ProcessTrees.terminate(tree, Duration.ofSeconds(3));
        if (!ProcessTrees.alive(tree).isEmpty()) {
            throw new IllegalStateException("sdk-client '" + name + "': processes survived close: " + ProcessTrees.describe(ProcessTrees.alive(tree)));
        }
        stdout.join(Duration.ofSeconds(5));
        stderr.join(Duration.ofSeconds(5));
        events.end();
        IllegalStateException closedError = new IllegalStateException("sdk-client '" + name + "' was closed");
        pending.values().forEach(f -> f.completeExceptionally(closedError));
    }

    @Override
    public String toString() {
        return "SdkClient[" + name + ", pid " + process.pid() + "]";
    }
}
