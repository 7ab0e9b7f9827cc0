package dev.mcpgateway.backend.http;

import dev.mcpgateway.GatewayVersion;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The one HTTP client the gateway uses to reach MCP servers (Streamable HTTP and legacy SSE).
 *
 * <p>One Jetty {@link HttpClient} is shared by every transport: a client per transport would
 * leak selector threads and connection pools (a bug other Java MCP clients had). Per backend
 * host, {@link Options#maxConnectionsPerDestination()} caps the connections and
 * {@link Options#maxRequestsQueuedPerDestination()} the requests waiting for one, which is a
 * natural bulkhead. Over HTTP/1.1 every open SSE stream (a session's GET stream, a POST answered
 * with a stream) holds a connection for its lifetime, so the cap must exceed the number of
 * concurrent streams expected per backend host.
 *
 * <p>Behaviour chosen for a proxy: no redirects are followed (a redirected POST could change
 * method or carry configured credentials to another host), no authentication challenges are
 * answered (a 401 reaches the transport as is), no cookies are stored (one store
 * would mix cookies across backends and sessions), and responses are not gzip-decoded (a
 * compressed event stream would be held back by the decoder instead of arriving event by event).
 *
 * <p>Jetty's own work runs on a small platform pool named {@code mcp-http-client-*} whose
 * blocking tasks go to virtual threads; {@link #close()} stops all of it.
 */
public final class BackendHttpClient implements AutoCloseable {

    /** Thread name prefix of the client's platform threads. */
    static final String THREAD_NAME = "mcp-http-client";

    private final HttpClient jetty;
    private final ExecutorService virtualThreads;
    private final Options options;

    private BackendHttpClient(HttpClient jetty, ExecutorService virtualThreads, Options options) {
        this.jetty = jetty;
        this.virtualThreads = virtualThreads;
        this.options = options;
    }

    /** Creates and starts the client. */
    public static BackendHttpClient start(Options options) {
        Objects.requireNonNull(options, "options");
        QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads(), 2);
        pool.setName(THREAD_NAME);
        pool.setDaemon(true);
        ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(THREAD_NAME + "-vt-", 0).factory());
        pool.setVirtualThreadsExecutor(virtualThreads);

        ClientConnector connector = new ClientConnector();
        connector.setSelectors(options.selectors());
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // No per-connection header cache: ~100 KB per backend connection, and no gain measured
        // (the same setting on the gateway's own listener, see GatewayHttpServer).
        transport.setHeaderCacheSize(0);
        HttpClient client = new HttpClient(transport);
        // Every response listener only queues what it gets for the thread that sent the request (see
        // UpstreamExchange), so responses are parsed on the selector thread instead of each being
        // dispatched to a thread of its own: one wake-up less per backend call.
        client.getHttpClientTransport().setInvocationType(InvocationType.NON_BLOCKING);
        client.setName(THREAD_NAME);
        client.setExecutor(pool);
        client.setScheduler(new ScheduledExecutorScheduler(THREAD_NAME + "-scheduler", true));
        client.setConnectTimeout(options.connectTimeout().toMillis());
        client.setIdleTimeout(options.idleTimeout().toMillis());
        client.setMaxConnectionsPerDestination(options.maxConnectionsPerDestination());
        client.setMaxRequestsQueuedPerDestination(options.maxRequestsQueuedPerDestination());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new PreEncodedHttpField(HttpHeader.USER_AGENT, "mcp-gateway/" + GatewayVersion.get()));
        // TLS is set up when the first https backend needs it (jettyFor), not with the client:
        // loading the JDK's trust store took about 70 ms of CPU on a 2-core machine, on the path of
        // every gateway start, also where no backend uses https (JFR, docs/benchmarks.md).
        // The same settings as the connector's own default (trust store checks, host name verified).
        SslContextFactory.Client tls = new SslContextFactory.Client(false);
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSslContextFactory(tls);
        transport.getClientConnector().unmanage(tls);
        try {
            client.start();
            // Both are filled with defaults by start(), so they are emptied afterwards.
            // No automatic 401/407 challenge handling, 100-continue or upgrades: every status reaches
            // the transport as is (an MCP server's 401 with OAuth metadata is for the gateway to report).
            client.getProtocolHandlers().clear();
            client.getContentDecoderFactories().clear();
        } catch (Exception e) {
            try {
                client.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            virtualThreads.shutdownNow();
            throw new IllegalStateException("could not start the backend HTTP client: " + e.getMessage(), e);
        }
        return new BackendHttpClient(client, virtualThreads, options);
    }

    /** Creates and starts a client with {@link Options#DEFAULTS}. */
    public static BackendHttpClient start() {
        return start(Options.DEFAULTS);
    }

    HttpClient jetty() {
        return jetty;
    }

    /** The Jetty client, ready for requests to {@code origin}: TLS is started first if it is https. */
    HttpClient jettyFor(URI origin) {
        if ("https".equalsIgnoreCase(origin.getScheme())) {
            startTls();
        }
        return jetty;
    }

    private void startTls() {
        SslContextFactory.Client tls = jetty.getSslContextFactory();
        synchronized (tls) {
            if (tls.isStarted()) {
                return;
            }
            try {
                tls.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not set up TLS for https backends: " + e.getMessage(), e);
            }
        }
    }

    /** Whether TLS has been set up (an https backend was configured), for tests. */
    boolean tlsStarted() {
        return jetty.getSslContextFactory().isStarted();
    }

    public Options options() {
        return options;
    }

    /** Connections currently open to all backends (in use or idle in the pools), for diagnostics. */
    public int openConnections() {
        int total = 0;
        for (Destination destination : jetty.getDestinations()) {
            if (destination instanceof HttpDestination http
                    && http.getConnectionPool() instanceof AbstractConnectionPool pool) {
                total += pool.getConnectionCount();
            }
        }
        return total;
    }

    /** Connections currently carrying an exchange (a request or an open stream), for diagnostics. */
    public int activeConnections() {
        int total = 0;
        for (Destination destination : jetty.getDestinations()) {
            if (destination instanceof HttpDestination http) {
                ConnectionPool pool = http.getConnectionPool();
                if (pool instanceof AbstractConnectionPool counted) {
                    total += counted.getActiveConnectionCount();
                }
            }
        }
        return total;
    }

    /** Stops the client: aborts what is in flight, closes every connection, ends its threads. */
    @Override
    public void close() {
        try {
            jetty.stop();
            // not managed by the client (see start), so not stopped with it
            LifeCycle.stop(jetty.getSslContextFactory());
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the backend HTTP client: " + e.getMessage(), e);
        } finally {
            virtualThreads.shutdownNow();
        }
    }

    /**
     * @param connectTimeout bound on opening a TCP (and TLS) connection
     * @param idleTimeout how long a pooled connection may sit unused before it is closed
     *     (requests and streams set their own, longer, idle timeouts while they are active)
     * @param maxConnectionsPerDestination connections per backend host; each open SSE stream holds one
     * @param maxRequestsQueuedPerDestination requests allowed to wait for a connection; beyond it
     *     sends fail at once (the server was certainly not reached)
     * @param maxThreads size of Jetty's platform pool (selectors and callbacks)
     * @param selectors selector threads the backend connections are spread over; each reads the
     *     answers of its share and sends the next requests of the clients it answers (see
     *     {@link #defaultSelectors})
     */
    public record Options(Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerDestination,
            int maxRequestsQueuedPerDestination, int maxThreads, int selectors) {

        public static final Options DEFAULTS = new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 1024, 16,
                defaultSelectors(Runtime.getRuntime().availableProcessors()));

        /**
         * Two selectors at least, up to four on larger machines (half the cores). With one, a single
         * thread read every backend answer, wrote it to its client and, the client's connection
         * resumed on it, read and sent that client's next request: most of the gateway's work at
         * load. Two on two cores, at 64 clients: 12% more calls per second, 11% less CPU per call,
         * context switches per call 0.8–0.9 → 0.4–0.5 in the gateway and 1.6–1.7 → 1.1–1.2 in the
         * backend; no change at 16 (docs/benchmarks.md, eighth set).
         */
        static int defaultSelectors(int cores) {
            return Math.max(2, Math.min(4, cores / 2));
        }

        public Options {
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(idleTimeout, "idleTimeout");
            if (maxConnectionsPerDestination < 1) {
                throw new IllegalArgumentException("maxConnectionsPerDestination must be at least 1");
            }
            if (maxRequestsQueuedPerDestination < 1) {
                throw new IllegalArgumentException("maxRequestsQueuedPerDestination must be at least 1");
            }
            if (maxThreads < 4) {
                throw new IllegalArgumentException("maxThreads must be at least 4");
            }
            if (selectors < 1 || selectors > maxThreads - 2) {
                throw new IllegalArgumentException("selectors must be between 1 and maxThreads - 2 (" + (maxThreads - 2) + ")");
            }
        }

        public Options withMaxConnectionsPerDestination(int max) {
            return new Options(connectTimeout, idleTimeout, max, maxRequestsQueuedPerDestination, maxThreads, selectors);
        }

        public Options withMaxRequestsQueuedPerDestination(int max) {
            return new Options(connectTimeout, idleTimeout, maxConnectionsPerDestination, max, maxThreads, selectors);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(timeout, idleTimeout, maxConnectionsPerDestination, maxRequestsQueuedPerDestination, maxThreads, selectors);
        }

        public Options withIdleTimeout(Duration timeout) {
            return new Options(connectTimeout, timeout, maxConnectionsPerDestination, maxRequestsQueuedPerDestination, maxThreads, selectors);
        }

        public Options withSelectors(int count) {
            return new Options(connectTimeout, idleTimeout, maxConnectionsPerDestination, maxRequestsQueuedPerDestination, maxThreads, count);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
