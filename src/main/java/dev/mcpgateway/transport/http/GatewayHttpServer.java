package dev.mcpgateway.transport.http;

import dev.mcpgateway.jsonrpc.JsonRpcErrors;
import dev.mcpgateway.jsonrpc.JsonValue;
import dev.mcpgateway.observability.AdminEndpoints;
import dev.mcpgateway.observability.LogContext;
import dev.mcpgateway.observability.RequestIds;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
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
 * The gateway's HTTP listener (Jetty 12 core, no servlets): {@code /mcp} for MCP, the operator
 * endpoints ({@code /health...}, {@code /metrics}, {@code /api/status}) either on the same port
 * or, with {@code server.admin_port}, only on a separate admin port, and 404 elsewhere. Requests
 * are handled on the thread that read them (Jetty's selector, usually); work that may block runs
 * on virtual threads.
 *
 * <p>Every request gets a request id: a valid inbound {@code X-Request-Id} is kept, otherwise one
 * is made; it is returned in the response's {@code X-Request-Id} and is the {@code request_id}
 * log field while the request is handled.
 */
public final class GatewayHttpServer implements AutoCloseable {

    /** Idle connections close after this; open SSE streams get a comment every 15 s, so they stay. */
    private static final long IDLE_TIMEOUT_MS = 120_000;

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector adminConnector;
    private final McpHttpHandler mcp;
    private final AdminEndpoints admin;
    private final AtomicBoolean draining = new AtomicBoolean();

    /** MCP at {@code /mcp} and liveness at {@code /health/live}, on one port. */
    public GatewayHttpServer(String host, int port, McpHttpHandler mcp) {
        this(host, OptionalInt.of(port), OptionalInt.empty(), mcp, null);
    }

    /**
     * @param port the MCP port, or empty for an admin-only listener (stdio mode)
     * @param adminPort a separate port for the operator endpoints (0 = any free port), or empty to serve them on {@code port}
     * @param mcp the MCP endpoint, or null when there is no MCP port
     * @param admin the operator endpoints, or null for liveness only
     */
    public GatewayHttpServer(String host, OptionalInt port, OptionalInt adminPort, McpHttpHandler mcp, AdminEndpoints admin) {
        if (port.isEmpty() && adminPort.isEmpty()) {
            throw new IllegalArgumentException("nothing to listen on: neither an MCP port nor an admin port");
        }
        QueuedThreadPool threads = new ListenerThreadPool(64, 2);
        threads.setName("http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("mcp-"));
        this.server = new Server(threads);
        HttpConfiguration http = httpConfiguration();
        this.connector = port.isPresent() ? connector(host, port.getAsInt(), http) : null;
        this.adminConnector = adminPort.isPresent() ? connector(host, adminPort.getAsInt(), http) : null;
        this.mcp = mcp;
        this.admin = admin;
        server.setHandler(new Routes());
        server.setStopTimeout(3000);
    }

    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's per-connection header cache is a ~100 KB trie, built on a connection's second
        // request: 400 MB with 4,096 client connections. Without it the gateway used ~10% less
        // CPU per call (docs/benchmarks.md); MCP requests' varying headers (session id, length)
        // never hit it anyway.
        http.setHeaderCacheSize(0);
        return http;
    }

    private ServerConnector connector(String host, int port, HttpConfiguration http) {
        ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(c);
        return c;
    }

    /** Binds and starts serving; throws if the port is taken. */
    public void start() throws Exception {
        server.start();
    }

    /** The MCP port (-1 without one). */
    public int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The admin port, or -1 when the operator endpoints share the MCP port. */
    public int adminPort() {
        return adminConnector == null ? -1 : adminConnector.getLocalPort();
    }

    public String host() {
        String host = (connector != null ? connector : adminConnector).getHost();
        return host == null ? "0.0.0.0" : host;
    }

    /** Whether the listener is up and accepting connections. */
    public boolean isRunning() {
        return server.isStarted();
    }

    /** The MCP endpoint's URL as clients should use it. */
    public String mcpUrl() {
        return baseUrl(port()) + "/mcp";
    }

    /** Where the operator endpoints are served: {@code http://host:port} of the admin port, or of the MCP port. */
    public String adminUrl() {
        return baseUrl(adminConnector != null ? adminPort() : port());
    }

    private String baseUrl(int port) {
        String host = host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
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
        if (mcp != null) {
            mcp.closeStreams();
        }
        server.stop();
    }

    /** Path routing: a handful of fixed paths, split between the MCP and the admin port when there are two. */
    private final class Routes extends Handler.Abstract {

        /** NON_BLOCKING: requests are handled on the thread that read them; what may block moves to a virtual thread. */
        Routes() {
            super(InvocationType.NON_BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String requestId = RequestIds.keepOrMake(request.getHeaders().get(RequestIds.HEADER));
            request.setAttribute(RequestIds.ATTRIBUTE, requestId);
            response.getHeaders().put(RequestIds.HEADER, requestId);
            LogContext.Saved fields = LogContext.set(LogContext.REQUEST_ID, requestId);
            try {
                route(request, response, callback);
            } finally {
                fields.restore();
            }
            return true;
        }

        private void route(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            boolean onAdminPort = adminConnector != null && request.getConnectionMetaData().getConnector() == adminConnector;
            boolean mcpHere = mcp != null && !onAdminPort;
            boolean adminHere = adminConnector == null || onAdminPort;
            if (mcpHere && (path.equals("/mcp") || path.equals("/mcp/"))) {
                if (draining.get() && !"DELETE".equals(request.getMethod())) {
                    response.getHeaders().put("Retry-After", "5");
                    HttpReplies.error(response, callback, 503, null, JsonRpcErrors.SERVER_ERROR, "Service Unavailable: mcp-gateway is shutting down");
                    return;
                }
                mcp.handle(request, response, callback);
            } else if (adminHere && admin != null && AdminEndpoints.serves(path)) {
                String requestId = (String) request.getAttribute(RequestIds.ATTRIBUTE);
                Thread.ofVirtual().name("admin-http").start(() -> {
                    LogContext.Saved fields = LogContext.set(LogContext.REQUEST_ID, requestId);
                    try {
                        admin.handle(path, request, response, callback);
                    } catch (RuntimeException | Error e) {
                        callback.failed(e);
                    } finally {
                        fields.restore();
                    }
                });
            } else if (adminHere && path.equals("/health/live")) {
                HttpReplies.json(response, callback, 200, JsonValue.parse("{\"status\":\"live\"}"));
            } else {
                HttpReplies.error(response, callback, 404, null, JsonRpcErrors.SERVER_ERROR, notFound());
            }
        }

        private String notFound() {
            if (mcp == null) {
                return "Not Found: this is the admin port (/health, /health/ready, /health/backends, /metrics, /api/status)";
            }
            return adminConnector == null ? "Not Found: the MCP endpoint is /mcp"
                    : "Not Found: the MCP endpoint is /mcp; /health, /metrics and /api/status are on the admin port";
        }
    }
}
