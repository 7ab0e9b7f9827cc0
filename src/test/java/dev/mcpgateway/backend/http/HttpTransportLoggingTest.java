package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Secrets (header values, query strings, full session ids) never appear in log lines, even at DEBUG. */
class HttpTransportLoggingTest {

    private static final String SESSION = "SESSIONSECRET-0123456789";
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger packageLogger = (Logger) LoggerFactory.getLogger("dev.mcpgateway.backend.http");
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = packageLogger.getLevel();
        packageLogger.setLevel(Level.DEBUG);
        appender.start();
        packageLogger.addAppender(appender);
    }

    @AfterEach
    void restoreLogs() {
        packageLogger.detachAppender(appender);
        packageLogger.setLevel(previousLevel);
    }

    @Test
    void neverLogsHeaderValuesQueryStringsOrWholeSessionIds() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (BackendHttpClient client = BackendHttpClient.start();
                FakeMcpServer server = new FakeMcpServer(ex -> {
                    switch (ex.method()) {
                        case "POST" -> {
                            if ("initialize".equals(ex.rpcMethod())) {
                                ex.jsonResult(StreamableHttpTransportTest.INIT_RESULT, "Mcp-Session-Id", SESSION);
                            } else if ("broken".equals(ex.rpcMethod())) {
                                ex.respond(500, "text/plain", "internal");
                            } else if (ex.requestId() == null) {
                                ex.accepted();
                            } else {
                                ex.respond(404, "text/plain", "gone");
                            }
                        }
                        case "GET" -> {
                            ex.sseStart();
                            ex.cut();
                        }
                        default -> ex.status(200);
                    }
                })) {
            URI url = URI.create(server.uri("/mcp") + "?api_key=QUERYSECRET");
            StreamableHttpTransport transport = new StreamableHttpTransport("logs", url,
                    Map.of("Authorization", "Bearer HEADERSECRET", "X-Api-Key", "KEYSECRET"), client,
                    StreamableHttpTransportTest.FAST);
            transport.start(listener);
            transport.send(StreamableHttpTransportTest.initialize(0));
            transport.send(StreamableHttpTransportTest.initializedNotification());
            transport.initialized("2025-11-25");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("GET").size() >= 2);
            catchThrowable(() -> transport.send(StreamableHttpTransportTest.request(1, "broken")));
            catchThrowable(() -> transport.send(StreamableHttpTransportTest.request(2, "expire")));
            transport.close();
            assertThat(server.requests("POST").getFirst().header("Authorization")).isEqualTo("Bearer HEADERSECRET");
            assertThat(server.requests("POST").getFirst().query()).isEqualTo("api_key=QUERYSECRET");
        }
        List<String> lines = appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains("HEADERSECRET") || l.contains("KEYSECRET")
                || l.contains("QUERYSECRET") || l.contains(SESSION));
        assertThat(lines).anyMatch(l -> l.contains("SESSIONS…"));
    }
}
