package dev.mcpgateway.transport.http;

import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The gateway's HTTP listener (Jetty 12 core, no servlets): {@code /mcp} for MCP,
 * {@code /health/live} for liveness, 404 elsewhere. Blocking handlers run on virtual threads;
 * Jetty's selector and acceptor stay on a few platform threads.
 */
public final class GatewayHttpServer implements AutoCloseable {

    /** Idle connections close after this; open SSE streams get a comment every 15 s, so they stay. */
    private static final long IDLE_TIMEOUT_MS = 120_000;

    private final Server server;
    private final ServerConnector connector;
    private final McpHttpHandler mcp;
    private final AtomicBoolean draining = new AtomicBoolean();

    public GatewayHttpServer(String host, int port, McpHttpHandler mcp) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("mcp-"));
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        this.mcp = mcp;
        server.setHandler(new Routes());
        server.setStopTimeout(3000);
    }

    /** Binds and starts serving; throws if the port is taken. */
    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        String host = connector.getHost();
        return host == null ? "0.0.0.0" : host;
    }

    /** The MCP endpoint's URL as clients should use it. */
    public String mcpUrl() {
        String host = host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/mcp";
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host(), port());
    }

    /** New MCP requests get 503 from now on; requests in flight go on. */
    public void drain() {
        draining.set(true);
    }

    @Override
    public void close() throws Exception {
        mcp.closeStreams();
        server.stop();
    }

    /** Path routing: a handful of fixed paths. */
    private final class Routes extends Handler.Abstract {

        Routes() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/mcp", "/mcp/" -> {
                    if (draining.get() && !"DELETE".equals(request.getMethod())) {
                        response.getHeaders().put("Retry-After", "5");
                        HttpReplies.error(response, callback, 503, null, JsonRpcErrors.SERVER_ERROR, "Service Unavailable: mcp-gateway is shutting down");
                        return true;
                    }
                    return mcp.handle(request, response, callback);
                }
                case "/health/live" -> HttpReplies.json(response, callback, 200, JsonValue.parse("{\"status\":\"live\"}"));
                default -> HttpReplies.error(response, callback, 404, null, JsonRpcErrors.SERVER_ERROR,
                        "Not Found: the MCP endpoint is /mcp");
            }
            return true;
        }
    }
}
