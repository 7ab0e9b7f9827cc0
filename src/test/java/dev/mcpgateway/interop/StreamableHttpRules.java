package dev.mcpgateway.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raw-HTTP checks of the Streamable HTTP transport rules that SDK clients hide from their users:
 * status codes, headers and session handling (2025-11-25 transports and lifecycle pages).
 *
 * <pre>{@code
 * List<StreamableHttpRules.Result> results = StreamableHttpRules.against(gateway.mcpUrl()).run();
 * assertThat(results).allMatch(StreamableHttpRules.Result::passed);
 * }</pre>
 *
 * <p>The checks run in a fixed order on one session that the suite creates and finally deletes.
 * Each check is one {@link Result}; {@link Level#INFO} results record an observation and always
 * pass. If initialize fails, every later check fails with "not run".
 */
public final class StreamableHttpRules {

    /** How strongly the spec asks for the behaviour checked. */
    public enum Level { MUST, SHOULD, INFO }

    /** The checks, in the order they run. */
    public enum Check {
        INITIALIZE_RESULT(Level.MUST, "initialize answered with a result"),
        RESPONSE_CONTENT_TYPE(Level.MUST, "request answered as application/json or text/event-stream"),
        VERSION_ECHOED(Level.MUST, "server answers the requested protocol version when it supports it"),
        SESSION_ID_VISIBLE_ASCII(Level.MUST, "session id uses only visible ASCII 0x21-0x7E"),
        NOTIFICATION_202(Level.MUST, "notification answered 202 Accepted"),
        NOTIFICATION_202_EMPTY_BODY(Level.SHOULD, "202 has no body"),
        PING_EMPTY_RESULT(Level.MUST, "ping answered with an empty result"),
        UNKNOWN_METHOD_32601(Level.SHOULD, "unknown method -> JSON-RPC -32601"),
        INVALID_CURSOR_32602(Level.SHOULD, "invalid tools/list cursor -> JSON-RPC -32602"),
        BAD_PROTOCOL_VERSION_400(Level.MUST, "unsupported MCP-Protocol-Version header -> 400"),
        MISSING_SESSION_400(Level.SHOULD, "request without MCP-Session-Id -> 400"),
        UNKNOWN_SESSION_404(Level.MUST, "unknown MCP-Session-Id -> 404"),
        BATCH(Level.INFO, "JSON-RPC batch"),
        FOREIGN_ORIGIN_403(Level.MUST, "foreign Origin -> 403"),
        SAME_ORIGIN_ACCEPTED(Level.SHOULD, "Origin of the endpoint itself is accepted"),
        GET_STREAM_OR_405(Level.MUST, "GET -> text/event-stream or 405"),
        DELETE_2XX(Level.MUST, "DELETE -> 2xx (or 405 if termination is not allowed)"),
        DELETED_SESSION_404(Level.MUST, "request on a deleted session -> 404"),
        UNKNOWN_VERSION_FALLBACK(Level.MUST, "initialize with an unknown version -> a version the server supports");

        private final Level level;
        private final String description;

        Check(Level level, String description) {
            this.level = level;
            this.description = description;
        }

        public Level level() {
            return level;
        }

        public String description() {
            return description;
        }
    }

    /** The outcome of one check; {@code detail} says what was observed. */
    public record Result(Check check, boolean passed, String detail) {

        public Level level() {
            return check.level();
        }

        @Override
        public String toString() {
            String tag = check.level() == Level.INFO ? "INFO" : passed ? "PASS" : "FAIL";
            return tag + " " + check + " (" + check.level() + ") " + check.description() + (detail.isEmpty() ? "" : " -- " + detail);
        }
    }

    public static final List<String> SUPPORTED_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    private static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final String protocolVersion;
    private final Map<String, String> extraHeaders;
    private final HttpClient http;
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Result> results = new ArrayList<>();
    private String sessionId;
    private String negotiated;

    private StreamableHttpRules(URI url, String protocolVersion, Map<String, String> extraHeaders) {
        this.url = url;
        this.protocolVersion = protocolVersion;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: plain HTTP/1.1 like SDK clients
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks the MCP endpoint at {@code url}, asking for protocol version 2025-11-25. */
    public static StreamableHttpRules against(URI url) {
        return new StreamableHttpRules(url, "2025-11-25", Map.of());
    }

    /** The protocol version requested in initialize (and sent in MCP-Protocol-Version afterwards). */
    public StreamableHttpRules protocolVersion(String version) {
        return new StreamableHttpRules(url, version, extraHeaders);
    }

    /** A header added to every request (e.g. Authorization). */
    public StreamableHttpRules header(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new StreamableHttpRules(url, protocolVersion, headers);
    }

    /** Runs every check once, in {@link Check} order. Use a new instance per run. */
    public List<Result> run() {
        if (!results.isEmpty()) {
            throw new IllegalStateException("a StreamableHttpRules instance runs once");
        }
        try {
            initialize();
            if (negotiated == null) {
                for (Check c : Check.values()) {
                    if (results.stream().noneMatch(r -> r.check() == c)) {
                        record(c, false, "not run: initialize failed");
                    }
                }
                return List.copyOf(results);
            }
            guarded(Check.NOTIFICATION_202, this::initializedNotification);
            guarded(Check.PING_EMPTY_RESULT, this::ping);
            guarded(Check.UNKNOWN_METHOD_32601, this::unknownMethod);
            guarded(Check.INVALID_CURSOR_32602, this::invalidCursor);
            guarded(Check.BAD_PROTOCOL_VERSION_400, this::badProtocolVersion);
            guarded(Check.MISSING_SESSION_400, this::missingSession);
            guarded(Check.UNKNOWN_SESSION_404, this::unknownSession);
            guarded(Check.BATCH, this::batch);
            guarded(Check.FOREIGN_ORIGIN_403, this::foreignOrigin);
            guarded(Check.SAME_ORIGIN_ACCEPTED, this::sameOrigin);
            guarded(Check.GET_STREAM_OR_405, this::getStream);
            guarded(Check.DELETE_2XX, this::delete);
            guarded(Check.UNKNOWN_VERSION_FALLBACK, this::unknownVersionFallback);
            return List.copyOf(results);
        } finally {
            http.shutdownNow(); // also drops a GET stream the server keeps open
        }
    }

    // ---- checks --------------------------------------------------------------------------------

    private void initialize() {
        long id = nextId.getAndIncrement();
        Exchange r;
        try {
            r = post(rpc(id, "initialize", initParams(protocolVersion)), Map.of());
        } catch (RuntimeException e) {
            record(Check.INITIALIZE_RESULT, false, "threw " + e);
            return;
        }
        Optional<JsonNode> reply = r.reply(id);
        boolean ok = r.status() == 200 && reply.map(m -> m.has("result")).orElse(false);
        record(Check.INITIALIZE_RESULT, ok, "HTTP " + r.status() + ", " + r.contentType() + (ok ? "" : ", " + r.bodySnippet()));
        record(Check.RESPONSE_CONTENT_TYPE, isJsonOrSse(r.contentType()), r.contentType());
        if (!ok) {
            return;
        }
        negotiated = reply.get().path("result").path("protocolVersion").asString(null);
        boolean echoed = protocolVersion.equals(negotiated) || !SUPPORTED_VERSIONS.contains(protocolVersion);
        record(Check.VERSION_ECHOED, echoed, "requested " + protocolVersion + ", got " + negotiated);
        sessionId = r.header("mcp-session-id").orElse(null);
        if (sessionId == null) {
            record(Check.SESSION_ID_VISIBLE_ASCII, false, "no MCP-Session-Id header on the initialize response");
        } else {
            record(Check.SESSION_ID_VISIBLE_ASCII, VISIBLE_ASCII.matcher(sessionId).matches(), "session id of " + sessionId.length() + " chars");
        }
    }

    private void initializedNotification() {
        Exchange r = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session());
        record(Check.NOTIFICATION_202, r.status() == 202, "HTTP " + r.status());
        record(Check.NOTIFICATION_202_EMPTY_BODY, r.body().isEmpty(), r.body().isEmpty() ? "" : "body " + r.bodySnippet());
    }

    private void ping() {
        long id = nextId.getAndIncrement();
        Exchange r = post(rpc(id, "ping", null), session());
        Optional<JsonNode> reply = r.reply(id);
        boolean ok = r.status() == 200 && reply.map(m -> m.path("result").isObject() && m.path("result").isEmpty()).orElse(false);
        record(Check.PING_EMPTY_RESULT, ok, "HTTP " + r.status() + " " + reply.map(Json::write).orElse(r.bodySnippet()));
    }

    private void unknownMethod() {
        long id = nextId.getAndIncrement();
        Exchange r = post(rpc(id, "no/such/method", null), session());
        Optional<JsonNode> reply = r.reply(id);
        int code = reply.map(m -> m.path("error").path("code").asInt(0)).orElse(0);
        record(Check.UNKNOWN_METHOD_32601, code == -32601, "HTTP " + r.status() + " " + reply.map(m -> Json.write(m.path("error"))).orElse(r.bodySnippet()));
    }

    private void invalidCursor() {
        long id = nextId.getAndIncrement();
        Exchange r = post(rpc(id, "tools/list", Json.object().put("cursor", "definitely-not-a-valid-cursor")), session());
        Optional<JsonNode> reply = r.reply(id);
        int code = reply.map(m -> m.path("error").path("code").asInt(0)).orElse(0);
        String seen = reply.map(m -> m.has("error") ? Json.write(m.get("error")) : "a result").orElse(r.bodySnippet());
        record(Check.INVALID_CURSOR_32602, code == -32602, "HTTP " + r.status() + " " + seen);
    }

    private void badProtocolVersion() {
        Map<String, String> headers = new LinkedHashMap<>(session());
        headers.put("MCP-Protocol-Version", "1999-01-01");
        Exchange r = post(rpc(nextId.getAndIncrement(), "ping", null), headers);
        record(Check.BAD_PROTOCOL_VERSION_400, r.status() == 400, "HTTP " + r.status());
    }

    private void missingSession() {
        Exchange r = post(rpc(nextId.getAndIncrement(), "ping", null), Map.of("MCP-Protocol-Version", negotiated));
        record(Check.MISSING_SESSION_400, r.status() == 400, "HTTP " + r.status());
    }

    private void unknownSession() {
        String unknown = (sessionId == null ? "no-session" : sessionId) + "-unknown";
        Exchange r = post(rpc(nextId.getAndIncrement(), "ping", null), Map.of("Mcp-Session-Id", unknown, "MCP-Protocol-Version", negotiated));
        record(Check.UNKNOWN_SESSION_404, r.status() == 404, "HTTP " + r.status());
    }

    private void batch() {
        long a = nextId.getAndIncrement();
        long b = nextId.getAndIncrement();
        Exchange r = post("[" + rpc(a, "ping", null) + "," + rpc(b, "ping", null) + "]", session());
        long replies = r.reply(a).stream().count() + r.reply(b).stream().count();
        String era = negotiated.compareTo("2025-06-18") >= 0 ? "removed in 2025-06-18" : "allowed in 2025-03-26";
        record(Check.BATCH, true, era + "; HTTP " + r.status() + ", " + replies + "/2 replies");
    }

    private void foreignOrigin() {
        Map<String, String> headers = new LinkedHashMap<>(session());
        headers.put("Origin", "http://evil.example");
        Exchange r = post(rpc(nextId.getAndIncrement(), "ping", null), headers);
        record(Check.FOREIGN_ORIGIN_403, r.status() == 403, "HTTP " + r.status());
    }

    private void sameOrigin() {
        // A positive control for the 403 check: a server that refuses every Origin would pass it.
        Map<String, String> headers = new LinkedHashMap<>(session());
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        headers.put("Origin", origin);
        long id = nextId.getAndIncrement();
        Exchange r = post(rpc(id, "ping", null), headers);
        record(Check.SAME_ORIGIN_ACCEPTED, r.status() == 200 && r.reply(id).isPresent(), "Origin " + origin + ": HTTP " + r.status());
    }

    private void getStream() {
        HttpRequest.Builder get = request().GET().header("Accept", "text/event-stream");
        session().forEach(get::header);
        HttpResponse<InputStream> response = send(get.build());
        close(response.body()); // only the status and headers matter; an SSE stream may never end
        String type = response.headers().firstValue("content-type").orElse("");
        boolean ok = (response.statusCode() == 200 && type.contains("text/event-stream")) || response.statusCode() == 405;
        record(Check.GET_STREAM_OR_405, ok, "HTTP " + response.statusCode() + " " + type);
    }

    private void delete() {
        if (sessionId == null) {
            record(Check.DELETE_2XX, false, "not run: no session");
            record(Check.DELETED_SESSION_404, false, "not run: no session");
            return;
        }
        HttpRequest.Builder delete = request().DELETE();
        session().forEach(delete::header);
        Exchange r = exchange(delete.build(), -1);
        boolean ok = List.of(200, 202, 204, 405).contains(r.status());
        record(Check.DELETE_2XX, ok, "HTTP " + r.status());
        if (r.status() == 405) {
            record(Check.DELETED_SESSION_404, true, "not applicable: the server does not allow DELETE (405)");
            return;
        }
        Exchange after = post(rpc(nextId.getAndIncrement(), "ping", null), session());
        record(Check.DELETED_SESSION_404, after.status() == 404, "HTTP " + after.status());
    }

    private void unknownVersionFallback() {
        long id = nextId.getAndIncrement();
        Exchange r = post(rpc(id, "initialize", initParams("1999-01-01")), Map.of());
        String version = r.reply(id).map(m -> m.path("result").path("protocolVersion").asString(null)).orElse(null);
        record(Check.UNKNOWN_VERSION_FALLBACK, SUPPORTED_VERSIONS.contains(version), "got " + version + " (HTTP " + r.status() + ")");
        Optional<String> session = r.header("mcp-session-id");
        if (session.isPresent()) { // clean up the second session
            HttpRequest.Builder delete = request().DELETE().header("Mcp-Session-Id", session.get())
                    .header("MCP-Protocol-Version", version == null ? protocolVersion : version);
            try {
                exchange(delete.build(), -1);
            } catch (RuntimeException e) {
                // best effort
            }
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private void guarded(Check check, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            record(check, false, "threw " + e);
        }
    }

    private void record(Check check, boolean passed, String detail) {
        results.add(new Result(check, check.level() == Level.INFO || passed, detail));
    }

    private Map<String, String> session() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        headers.put("MCP-Protocol-Version", negotiated == null ? protocolVersion : negotiated);
        return headers;
    }

    private static ObjectNode initParams(String version) {
        ObjectNode params = Json.object().put("protocolVersion", version);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-gateway-http-rules").put("version", "1.0.0");
        return params;
    }

    private static String rpc(long id, String method, JsonNode params) {
        ObjectNode m = Json.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        return Json.write(m);
    }

    private static boolean isJsonOrSse(String contentType) {
        return contentType.contains("application/json") || contentType.contains("text/event-stream");
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(EXCHANGE_TIMEOUT);
        extraHeaders.forEach(b::header);
        return b;
    }

    private Exchange post(String body, Map<String, String> headers) {
        HttpRequest.Builder b = request()
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH);
        headers.forEach(b::setHeader);
        return exchange(b.build(), expectedReplies(body));
    }

    /** How many replies a POST body asks for (its requests); the SSE read stops once they are in. */
    private static int expectedReplies(String body) {
        JsonNode parsed = Json.parse(body);
        if (parsed.isArray()) {
            int n = 0;
            for (JsonNode m : parsed) {
                n += m.has("id") && m.has("method") ? 1 : 0;
            }
            return n;
        }
        return parsed.has("id") && parsed.has("method") ? 1 : 0;
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(EXCHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException(request.method() + " " + url + ": " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException(request.method() + " " + url + ": no response headers within " + EXCHANGE_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends a request and reads its body: a JSON body whole, an SSE body until {@code replies}
     * responses have arrived or the stream ends (a server may keep it open), bounded in time.
     */
    private Exchange exchange(HttpRequest request, int replies) {
        HttpResponse<InputStream> response = send(request);
        String contentType = response.headers().firstValue("content-type").orElse("");
        InputStream in = response.body();
        // Unblocks a read that waits on a stream the server never ends.
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> close(in),
                CompletableFuture.delayedExecutor(EXCHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        try {
            StringBuilder body = new StringBuilder();
            List<JsonNode> messages = new ArrayList<>();
            if (contentType.contains("text/event-stream")) {
                readSse(in, body, messages, replies);
            } else {
                body.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (contentType.contains("application/json") && !body.toString().isBlank()) {
                    JsonNode parsed = Json.parse(body.toString());
                    if (parsed.isArray()) {
                        parsed.forEach(messages::add);
                    } else {
                        messages.add(parsed);
                    }
                }
            }
            return new Exchange(response.statusCode(), response.headers().map(), contentType, body.toString(), messages);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + url + ": reading the body failed", e);
        } catch (JacksonException e) {
            throw new IllegalStateException(request.method() + " " + url + ": body is not JSON: " + e.getOriginalMessage(), e);
        } finally {
            deadline.cancel(false);
            close(in);
        }
    }

    private static void readSse(InputStream in, StringBuilder body, List<JsonNode> messages, int replies) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        int responses = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            body.append(line).append('\n');
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    JsonNode m = Json.parse(data.toString());
                    messages.add(m);
                    data.setLength(0);
                    if ((m.has("result") || m.has("error")) && ++responses >= replies && replies > 0) {
                        return;
                    }
                }
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        if (!data.toString().isBlank()) {
            messages.add(Json.parse(data.toString()));
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read either way
        }
    }

    private record Exchange(int status, Map<String, List<String>> headers, String contentType, String body, List<JsonNode> messages) {

        Optional<JsonNode> reply(long id) {
            return messages.stream()
                    .filter(m -> m.path("id").isIntegralNumber() && m.path("id").asLong() == id && (m.has("result") || m.has("error")))
                    .findFirst();
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().getFirst())
                    .findFirst();
        }

        String bodySnippet() {
            String b = body.strip();
            return b.length() <= 120 ? b : b.substring(0, 120) + "...";
        }
    }
}
