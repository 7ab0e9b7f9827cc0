package dev.mcpgateway.backend.http;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcRequest;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A scriptable MCP server for fault injection: a real Jetty 12 core handler on 127.0.0.1 and a
 * free port. Each test gives a {@link Route} that answers every request (blocking, on a virtual
 * thread) through an {@link Exchange}: JSON, 202, event streams written in pieces, abrupt cuts.
 * Every request is recorded.
 */
final class FakeMcpServer implements AutoCloseable {

    /** Answers one request. Exceptions become a failed response (the connection is cut). */
    interface Route {
        void handle(Exchange exchange) throws Exception;
    }

    /** What the server received. Header names are matched case-insensitively. */
    record Recorded(String method, String path, String query, HttpFields headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The JSON-RPC method of the posted message, or null. */
        String rpcMethod() {
            if (body.length == 0) {
                return null;
            }
            return JsonRpc.parseMessage(body).method();
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Route route;

    FakeMcpServer(Route route) throws Exception {
        this.route = route;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("fake-mcp");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Invocable.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                Recorded recorded = new Recorded(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHttpURI().getQuery(), HttpFields.build(request.getHeaders()).asImmutable(), body);
                requests.add(recorded);
                Exchange exchange = new Exchange(recorded, request, response, callback);
                try {
                    FakeMcpServer.this.route.handle(exchange);
                    exchange.finish();
                } catch (Throwable t) {
                    exchange.fail(t);
                }
                return true;
            }
        });
        server.start();
    }

    void route(Route newRoute) {
        this.route = newRoute;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    int port() {
        return connector.getLocalPort();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<Recorded> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    /** TCP connections currently open on the server side. */
    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the fake server", e);
        }
    }

    /** One request being answered. Not thread-safe: used by the route on the request's thread. */
    static final class Exchange {
        private final Recorded recorded;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private OutputStream out;
        private boolean done;

        Exchange(Recorded recorded, Request request, Response response, Callback callback) {
            this.recorded = recorded;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        Recorded request() {
            return recorded;
        }

        String method() {
            return recorded.method();
        }

        String header(String name) {
            return recorded.header(name);
        }

        /** The posted JSON-RPC message, or null for a body-less request. */
        JsonRpcMessage message() {
            return recorded.body().length == 0 ? null : JsonRpc.parseMessage(recorded.body());
        }

        String rpcMethod() {
            return recorded.rpcMethod();
        }

        /** The id of the posted request, as JSON text ("1", "\"abc\""), or null. */
        String requestIdJson() {
            return message() instanceof JsonRpcRequest r ? r.id().toString() : null;
        }

        JsonValue requestId() {
            return message() instanceof JsonRpcRequest r ? r.id() : null;
        }

        Exchange status(int status, String... headerPairs) {
            response.setStatus(status);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                response.getHeaders().put(headerPairs[i], headerPairs[i + 1]);
            }
            return this;
        }

        /** A complete answer. */
        void respond(int status, String contentType, String body, String... headerPairs) throws IOException {
            status(status, headerPairs);
            if (contentType != null) {
                response.getHeaders().put("Content-Type", contentType);
            }
            write(body);
        }

        void json(String body, String... headerPairs) throws IOException {
            respond(200, "application/json", body, headerPairs);
        }

        void accepted() {
            response.setStatus(202);
        }

        /** A JSON result answering the posted request. */
        void jsonResult(String resultJson, String... headerPairs) throws IOException {
            json("{\"jsonrpc\":\"2.0\",\"id\":" + requestIdJson() + ",\"result\":" + resultJson + "}", headerPairs);
        }

        /** Starts an event stream: status 200 and headers are sent at once. */
        Exchange sseStart(String... headerPairs) throws IOException {
            status(200, headerPairs);
            response.getHeaders().put("Content-Type", "text/event-stream");
            response.getHeaders().put("Cache-Control", "no-cache");
            stream().flush();
            return this;
        }

        /** Writes raw text and flushes it as one chunk. */
        Exchange write(String text) throws IOException {
            OutputStream o = stream();
            o.write(text.getBytes(StandardCharsets.UTF_8));
            o.flush();
            return this;
        }

        /** Writes one byte per chunk (to split events, lines and UTF-8 sequences everywhere). */
        Exchange writeByteByByte(String text) throws IOException {
            OutputStream o = stream();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                o.write(b);
                o.flush();
            }
            return this;
        }

        /** One message event, with an id if {@code id} is not null. */
        Exchange event(String id, String data) throws IOException {
            return write((id == null ? "" : "id: " + id + "\n") + "data: " + data + "\n\n");
        }

        /** The JSON-RPC result for the posted request as an SSE message event. */
        Exchange resultEvent(String id, String resultJson) throws IOException {
            return event(id, "{\"jsonrpc\":\"2.0\",\"id\":" + requestIdJson() + ",\"result\":" + resultJson + "}");
        }

        /** Writes SSE comments until the client goes away (true) or {@code max} passes (false). */
        boolean holdUntilClientGone(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    write(": hold\n\n");
                } catch (IOException e) {
                    done = true;
                    callback.failed(e);
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }

        /** Waits for a latch, holding the response open. */
        void await(CountDownLatch latch) throws InterruptedException {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        }

        /** Cuts the TCP connection without ending the response properly. */
        void cut() {
            done = true;
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("cut by the test"));
        }

        private OutputStream stream() {
            if (out == null) {
                out = Content.Sink.asOutputStream(response);
            }
            return out;
        }

        void finish() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (out != null) {
                    out.close();
                }
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            }
        }

        void fail(Throwable t) {
            if (done) {
                return;
            }
            done = true;
            callback.failed(t);
        }
    }
}
