package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.SelectorManager;
import org.junit.jupiter.api.Test;

class BackendHttpClientTest {

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(BackendHttpClient.THREAD_NAME))
                .count();
    }

    @Test
    void closingTheClientLeavesNoThreadsBehind() throws Exception {
        BackendHttpClient client = BackendHttpClient.start();
        try (FakeMcpServer server = new FakeMcpServer(StreamableHttpTransportTest::wellBehaved)) {
            StreamableHttpTransport transport = new StreamableHttpTransport("t", server.uri("/mcp"), Map.of(), client,
                    StreamableHttpTransportTest.FAST);
            transport.start(new RecordingListener());
            transport.send(StreamableHttpTransportTest.initialize(0));
            assertThat(clientThreads()).isPositive();
            assertThat(client.openConnections()).isPositive();
            transport.close();
            client.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> clientThreads() == 0);
    }

    @Test
    void aSendAfterTheClientStoppedFailsWithoutReachingTheServer() throws Exception {
        BackendHttpClient client = BackendHttpClient.start();
        try (FakeMcpServer server = new FakeMcpServer(StreamableHttpTransportTest::wellBehaved)) {
            StreamableHttpTransport transport = new StreamableHttpTransport("t", server.uri("/mcp"), Map.of(), client,
                    StreamableHttpTransportTest.FAST);
            transport.start(new RecordingListener());
            client.close();
            dev.mcpgateway.backend.UpstreamException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    dev.mcpgateway.backend.UpstreamException.class,
                    () -> transport.send(StreamableHttpTransportTest.request(1, "ping")));
            assertThat(e.reachedServer()).isFalse();
            assertThat(e).hasMessageContaining("stopped");
            assertThat(server.requests()).isEmpty();
            transport.close();
        }
    }

    @Test
    void setsUpTlsOnlyWhenAnHttpsBackendNeedsIt() {
        try (BackendHttpClient client = BackendHttpClient.start()) {
            assertThat(client.tlsStarted()).isFalse();
            client.jettyFor(URI.create("http://127.0.0.1:1/mcp"));
            assertThat(client.tlsStarted()).isFalse();
            client.jettyFor(URI.create("HTTPS://127.0.0.1:1/mcp"));
            assertThat(client.tlsStarted()).isTrue();
            client.jettyFor(URI.create("https://127.0.0.1:2/mcp"));
            assertThat(client.tlsStarted()).isTrue();
        }
    }

    @Test
    void anHttpsBackendIsSpokenToInTls() throws Exception {
        // A plain socket stands in for the server: what matters is that the client opens with a
        // TLS handshake record (0x16), i.e. that TLS started on demand is the one connections use.
        try (BackendHttpClient client = BackendHttpClient.start();
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/mcp");
            StreamableHttpTransport transport = new StreamableHttpTransport("t", url, Map.of(), client, StreamableHttpTransportTest.FAST);
            transport.start(new RecordingListener());
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                try {
                    transport.send(StreamableHttpTransportTest.initialize(0));
                } catch (Exception expected) {
                    // the stand-in never answers the handshake
                }
            });
            server.setSoTimeout(10_000);
            try (Socket accepted = server.accept()) {
                assertThat(accepted.getInputStream().read()).isEqualTo(0x16);
            }
            transport.close();
            send.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void usesTheConfiguredConnectionLimits() {
        try (BackendHttpClient client = BackendHttpClient.start(BackendHttpClient.Options.DEFAULTS
                .withMaxConnectionsPerDestination(512).withMaxRequestsQueuedPerDestination(64))) {
            assertThat(client.jetty().getMaxConnectionsPerDestination()).isEqualTo(512);
            assertThat(client.jetty().getMaxRequestsQueuedPerDestination()).isEqualTo(64);
            assertThat(client.jetty().isFollowRedirects()).isFalse();
        }
    }

    @Test
    void spreadsTheBackendConnectionsOverTheConfiguredSelectors() {
        try (BackendHttpClient client = BackendHttpClient.start(BackendHttpClient.Options.DEFAULTS.withSelectors(3))) {
            ClientConnector connector = ((HttpClientTransportOverHTTP) client.jetty().getHttpClientTransport()).getClientConnector();
            assertThat(connector.getSelectors()).isEqualTo(3);
            assertThat(connector.getBean(SelectorManager.class).getSelectorCount()).isEqualTo(3);
        }
    }

    @Test
    void hasTwoSelectorsAtLeastAndUpToFour() {
        assertThat(BackendHttpClient.Options.defaultSelectors(1)).isEqualTo(2);
        assertThat(BackendHttpClient.Options.defaultSelectors(2)).isEqualTo(2);
        assertThat(BackendHttpClient.Options.defaultSelectors(6)).isEqualTo(3);
        assertThat(BackendHttpClient.Options.defaultSelectors(64)).isEqualTo(4);
        assertThat(BackendHttpClient.Options.DEFAULTS.selectors()).isBetween(2, 4);
    }

    @Test
    void keepsNoPerConnectionHeaderCache() {
        try (BackendHttpClient client = BackendHttpClient.start()) {
            assertThat(((HttpClientTransportOverHTTP) client.jetty().getHttpClientTransport()).getHeaderCacheSize()).isZero();
        }
    }

    @Test
    void defaultsAllowManyOpenStreamsPerBackend() {
        assertThat(BackendHttpClient.Options.DEFAULTS.maxConnectionsPerDestination()).isEqualTo(256);
        assertThat(BackendHttpClient.Options.DEFAULTS.maxRequestsQueuedPerDestination()).isEqualTo(1024);
    }

    @Test
    void rejectsNonsenseOptions() {
        assertThatThrownBy(() -> BackendHttpClient.Options.DEFAULTS.withMaxConnectionsPerDestination(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendHttpClient.Options.DEFAULTS.withConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendHttpClient.Options.DEFAULTS.withSelectors(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendHttpClient.Options.DEFAULTS.withSelectors(15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxThreads - 2 (14)");
        assertThatThrownBy(() -> HttpTransportOptions.DEFAULTS.withReconnectDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
