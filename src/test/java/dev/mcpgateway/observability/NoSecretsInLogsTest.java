package dev.mcpgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.BackendTransports;
import dev.mcpgateway.Gateway;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.config.ConfigLoader;
import dev.mcpgateway.config.GatewayConfig;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Secrets never reach the logs, the operator endpoints or clients' error messages: environment values, configured header
 * values, tokens in URLs and collector headers, even when a backend echoes them back in an error
 * body or a child prints them on stderr, and a client's own Authorization header.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoSecretsInLogsTest {

    private static final String ENV_SECRET = "env-s3cr3t-4f7a9c21";
    private static final String HEADER_TOKEN = "hdr-s3cr3t-8b1d55e0";
    private static final String URL_KEY = "urlkey-s3cr3t-77aa";
    private static final String OTEL_TOKEN = "otel-s3cr3t-c0ffee99";
    private static final String CLIENT_TOKEN = "client-s3cr3t-0badf00d";
    private static final List<String> SECRETS = List.of(ENV_SECRET, HEADER_TOKEN, URL_KEY, OTEL_TOKEN, CLIENT_TOKEN);

    @Test
    void noSecretAppearsInAnyLogLineOrOperatorEndpoint() throws Exception {
        Server echoing = echoingServer();
        int port = ((ServerConnector) echoing.getConnectors()[0]).getLocalPort();
        String yaml = """
                server: {host: 127.0.0.1, port: 0}
                meta_mcp: {enabled: false}
                backends:
                  chatty:
                    command: ["sh", "-c", "echo \\"starting with API_TOKEN=$API_TOKEN\\" >&2; exit 3"]
                    env:
                      API_TOKEN: ${API_TOKEN}
                  remote:
                    http_url: "http://127.0.0.1:%d/mcp?key=${URL_KEY}"
                    headers:
                      Authorization: "Bearer ${HEADER_TOKEN}"
                telemetry:
                  headers:
                    Authorization: "Bearer ${OTEL_TOKEN}"
                """.formatted(port);
        List<String> endpointBodies = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            GatewayConfig config = ConfigLoader.load(yaml, "gateway.yaml",
                    Map.of("API_TOKEN", ENV_SECRET, "HEADER_TOKEN", HEADER_TOKEN, "URL_KEY", URL_KEY, "OTEL_TOKEN", OTEL_TOKEN),
                    Path.of("").toAbsolutePath(), w -> {});
            logs.events(); // the config itself is loaded without logging a value
            Gateway gateway = Gateway.start(config, new BackendTransports(), true, Telemetry.disabled());
            try (HttpGatewayClient client = new HttpGatewayClient(gateway.http().mcpUrl())) {
                gateway.awaitStartup(Duration.ofSeconds(20));
                client.initialize("Authorization", "Bearer " + CLIENT_TOKEN);
                endpointBodies.add(client.callTool(1, "remote__anything", "Authorization", "Bearer " + CLIENT_TOKEN).toString());
                endpointBodies.add(client.callTool(2, "chatty__anything", "Authorization", "Bearer " + CLIENT_TOKEN).toString());
                for (String path : List.of("/health", "/health/ready", "/health/backends", "/api/status", "/metrics")) {
                    HttpResponse<String> response = client.get(gateway.http().adminUrl() + path);
                    endpointBodies.add(path + ": " + response.body() + response.headers().map());
                }
                String backends = endpointBodies.get(4);
                assertThat(backends).as("the echoed error is reported, scrubbed").contains("***");
            } finally {
                gateway.shutdown(Duration.ofSeconds(2));
                echoing.stop();
            }
            // the child's stderr and the backend's error body did reach the log, with the secrets masked
            assertThat(logs.jsonLines()).contains("starting with API_TOKEN=***");
            for (String secret : SECRETS) {
                assertThat(logs.jsonLines()).as("JSON log lines").doesNotContain(secret);
            }
            for (var event : logs.events()) {
                if (!event.getLoggerName().startsWith("dev.mcpgateway")) {
                    continue; // libraries (Jetty logs request headers at DEBUG) are covered by the scrubbed lines above
                }
                String text = event.getFormattedMessage() + event.getMDCPropertyMap()
                        + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
                for (String secret : List.of(OTEL_TOKEN, CLIENT_TOKEN)) {
                    assertThat(text).as("logged by the gateway itself: %s", event.getFormattedMessage()).doesNotContain(secret);
                }
            }
        }
        for (String body : endpointBodies) {
            for (String secret : SECRETS) {
                assertThat(body).doesNotContain(secret);
            }
        }
    }

    @Test
    void theSecretsOfAConfigAreItsHeaderValuesSecretLookingEnvironmentAndUrlCredentials() {
        BackendConfig http = BackendConfig.http("web", java.net.URI.create("https://user:pa55word-x@api.example.com/mcp?token=tok-123456&v=1"),
                dev.mcpgateway.config.TransportKind.STREAMABLE_HTTP);
        GatewayConfig config = dev.mcpgateway.testing.TestConfigs.flat(http);
        assertThat(LogRedaction.secretsOf(config)).contains("user:pa55word-x", "pa55word-x", "tok-123456");
        assertThat(LogRedaction.secretsOf(config)).doesNotContain("api.example.com");
        LogRedaction.register(List.of("abc", "longer-secret-value"));
        assertThat(LogRedaction.scrub("x abc longer-secret-value y")).isEqualTo("x abc *** y");
        assertThat(LogRedaction.scrub("parsedHeader(Authorization: Bearer eyJhbGciOi.J9x_y-z) ok"))
                .isEqualTo("parsedHeader(Authorization: Bearer ***) ok");
        assertThat(LogRedaction.scrub("no credential here: basic idea")).isEqualTo("no credential here: basic idea");
    }

    /** An HTTP "MCP server" that rejects everything with an error body quoting the request's Authorization header. */
    private static Server echoingServer() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Invocable.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = ("{\"error\":\"invalid credentials: " + request.getHeaders().get("Authorization") + " for "
                        + request.getHttpURI().getQuery() + "\"}").getBytes(StandardCharsets.UTF_8);
                response.setStatus(500);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }
}
