package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The small pieces the HTTP transports rely on: Retry-After, excerpts, safe URLs, backoff, media types. */
class HttpTransportSupportTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void parsesRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(UpstreamHttpException.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(UpstreamHttpException.parseRetryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(UpstreamHttpException.parseRetryAfter("Sat, 28 Nov 2026 12:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(UpstreamHttpException.parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(UpstreamHttpException.parseRetryAfter("soon", NOW)).isNull();
        assertThat(UpstreamHttpException.parseRetryAfter("-5", NOW)).isNull();
        assertThat(UpstreamHttpException.parseRetryAfter("99999999999999999999", NOW)).isNull();
        assertThat(UpstreamHttpException.parseRetryAfter(null, NOW)).isNull();
    }

    @Test
    void excerptsArePrintableSingleLinesOfBoundedLength() {
        assertThat(Excerpt.of("a\nb\r\tc\u0000d".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\\nb\\r\\tc?d");
        assertThat(Excerpt.of("x".repeat(1000).getBytes(StandardCharsets.UTF_8))).hasSize(201).endsWith("…");
        assertThat(Excerpt.of(new byte[] {(byte) 0xC3})).isEqualTo("?");
        assertThat(Excerpt.of("é✓".getBytes(StandardCharsets.UTF_8))).isEqualTo("é✓");
    }

    @Test
    void urlsForLogsDropUserInfoAndQuery() {
        assertThat(SafeUrl.of(URI.create("https://user:pw@api.example.com:8443/mcp?key=secret#frag")))
                .isEqualTo("https://api.example.com:8443/mcp?…");
        assertThat(SafeUrl.of(URI.create("http://127.0.0.1/mcp"))).isEqualTo("http://127.0.0.1/mcp");
    }

    @Test
    void backoffGrowsIsBoundedAndHonoursTheServersRetry() {
        HttpTransportOptions options = HttpTransportOptions.DEFAULTS
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 200; i++) {
            assertThat(ReconnectDelay.delay(0, -1, options)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(ReconnectDelay.delay(2, -1, options)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(ReconnectDelay.delay(30, -1, options)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(ReconnectDelay.delay(0, 1500, options)).isEqualTo(Duration.ofMillis(1500));
            assertThat(ReconnectDelay.delay(0, 3_600_000, options)).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void recognisesMediaTypesWithParametersAndAnyCase() {
        assertThat(MediaTypes.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(MediaTypes.isEventStream("Text/Event-Stream")).isTrue();
        assertThat(MediaTypes.isJson("application/jsonl")).isFalse();
        assertThat(MediaTypes.isJson(null)).isFalse();
    }

    @Test
    void sessionIdsMustBeVisibleAsciiAndAreLoggedAsAPrefix() {
        assertThat(Session.isValidId("0790503c-4b9e-4f7a-9a3d-123456789abc")).isTrue();
        assertThat(Session.isValidId("has space")).isFalse();
        assertThat(Session.isValidId("tab\t")).isFalse();
        assertThat(Session.isValidId("")).isFalse();
        assertThat(Session.forLog("0790503c-4b9e-4f7a")).isEqualTo("0790503c…");
    }

    @Test
    void legacyEndpointsMustShareTheOriginOfTheStream() {
        URI sse = URI.create("http://127.0.0.1:3001/sse");
        assertThat(LegacySseTransport.sameOrigin(sse, sse.resolve("/message?sessionId=1"))).isTrue();
        assertThat(LegacySseTransport.sameOrigin(sse, URI.create("http://127.0.0.1:3002/message"))).isFalse();
        assertThat(LegacySseTransport.sameOrigin(sse, URI.create("https://127.0.0.1:3001/message"))).isFalse();
        assertThat(LegacySseTransport.sameOrigin(URI.create("https://h/sse"), URI.create("https://H:443/m"))).isTrue();
    }
}
