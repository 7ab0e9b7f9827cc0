package dev.mcpgateway.bench.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * An MCP server over Streamable HTTP, as a client sees it: every channel is its own MCP session
 * (initialize, then {@code notifications/initialized}); calls are POSTs answered with JSON or with
 * an SSE stream that ends after the answer (both are read whole, then checked).
 */
final class HttpTarget implements Target {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String ACCEPT = "application/json, text/event-stream";
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final String name;
    private final HttpClient client;
    private final URI endpoint;
    private final String protocolVersion;
    private final ToolCall.Encoder encoder;
    private final List<String> sessions = new CopyOnWriteArrayList<>();
    private final List<Request> streams = new CopyOnWriteArrayList<>();

    HttpTarget(String name, HttpClient client, URI endpoint, String protocolVersion, ToolCall call) {
        this.name = name;
        this.client = client;
        this.endpoint = endpoint;
        this.protocolVersion = protocolVersion;
        this.encoder = call.encoder();
    }

    @Override
    public String name() {
        return name;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public Channel open() throws Exception {
        String sessionId = initialize();
        return new HttpChannel(sessionId);
    }

    /**
     * Opens a session that stays idle, as an idle client keeps it: initialized, with its GET
     * stream open (the server stream SDK clients open right after initialize).
     */
    void openIdle(HttpClient idleClient) throws Exception {
        String sessionId = initialize();
        // its own client: 1,000 streaming connections in the load client's pool would tax every call's connection lookup
        Request get = idleClient.newRequest(endpoint).method(HttpMethod.GET)
                .headers(h -> h.put(HttpHeader.ACCEPT, "text/event-stream").put(SESSION_HEADER, sessionId).put(VERSION_HEADER, protocolVersion))
                .idleTimeout(1, TimeUnit.HOURS);
        CompletableFuture<Integer> headers = new CompletableFuture<>();
        get.onResponseHeaders(response -> headers.complete(response.getStatus()));
        get.send(result -> headers.complete(result.getResponse() == null ? -1 : result.getResponse().getStatus()));
        streams.add(get);
        int status = headers.get(30, TimeUnit.SECONDS);
        if (status != 200) {
            throw new IllegalStateException(name + ": GET stream answered " + status);
        }
    }

    private String initialize() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + protocolVersion
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-gateway-loadtest\",\"version\":\"1\"}}}";
        ContentResponse response = client.newRequest(endpoint).method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT))
                .body(new StringRequestContent("application/json", init))
                .timeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).send();
        String sessionId = response.getHeaders().get(SESSION_HEADER);
        if (response.getStatus() != 200 || sessionId == null || !response.getContentAsString().contains("\"protocolVersion\":\"" + protocolVersion + "\"")) {
            throw new IllegalStateException(name + ": initialize answered " + response.getStatus() + " " + response.getContentAsString());
        }
        sessions.add(sessionId);
        ContentResponse initialized = client.newRequest(endpoint).method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT).put(SESSION_HEADER, sessionId).put(VERSION_HEADER, protocolVersion))
                .body(new StringRequestContent("application/json", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .timeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).send();
        if (initialized.getStatus() != 202) {
            throw new IllegalStateException(name + ": notifications/initialized answered " + initialized.getStatus());
        }
        return sessionId;
    }

    /** A request that answers with a plain JSON-RPC result, e.g. {@code tools/list}, on a fresh session; the body. */
    String request(String method, String paramsJson) throws Exception {
        String sessionId = initialize();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"" + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
        ContentResponse response = client.newRequest(endpoint).method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT).put(SESSION_HEADER, sessionId).put(VERSION_HEADER, protocolVersion))
                .body(new StringRequestContent("application/json", body))
                .timeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).send();
        return response.getContentAsString();
    }

    /** Ends every GET stream and session this target opened (DELETE), so a long-lived server does not accumulate them. */
    @Override
    public void close() {
        streams.forEach(get -> get.abort(new Exception("load test over")));
        streams.clear();
        List<CompletableFuture<Result>> deletes = sessions.stream().map(this::delete).toList();
        for (CompletableFuture<Result> delete : deletes) {
            try {
                delete.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the server may be gone already; nothing to clean up then
            }
        }
        sessions.clear();
    }

    private CompletableFuture<Result> delete(String sessionId) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        client.newRequest(endpoint).method(HttpMethod.DELETE)
                .headers(h -> h.put(SESSION_HEADER, sessionId).put(VERSION_HEADER, protocolVersion))
                .timeout(10, TimeUnit.SECONDS).send(done::complete);
        return done;
    }

    private final class HttpChannel implements Channel {
        private final String sessionId;
        private final AtomicLong ids = new AtomicLong();

        HttpChannel(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void call(Completion completion) {
            long id = ids.incrementAndGet();
            client.newRequest(endpoint).method(HttpMethod.POST)
                    .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT).put(SESSION_HEADER, sessionId).put(VERSION_HEADER, protocolVersion))
                    .body(new BytesRequestContent("application/json", encoder.request(id)))
                    .timeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .send(new BufferingResponseListener(4 * 1024 * 1024) {
                        @Override
                        public void onComplete(Result result) {
                            if (result.isFailed()) {
                                completion.done(false, String.valueOf(result.getFailure()));
                                return;
                            }
                            Response response = result.getResponse();
                            byte[] body = getContent();
                            if (response.getStatus() != 200) {
                                completion.done(false, "HTTP " + response.getStatus() + ": " + new String(body, StandardCharsets.UTF_8));
                                return;
                            }
                            String problem = ToolCall.Encoder.check(body, body.length, id);
                            completion.done(problem == null, problem);
                        }
                    });
        }
    }
}
