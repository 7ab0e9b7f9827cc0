package dev.mcpgateway.observability;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator endpoints besides {@code /mcp}: health ({@code /health}, {@code /health/live},
 * {@code /health/ready}, {@code /health/backends}), {@code /metrics} (Prometheus text, or
 * OpenMetrics when the scraper asks for it) and {@code /api/status}. GET (and HEAD) only; they
 * change nothing and show no configuration values.
 */
public final class AdminEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoints.class);

    /** The paths served here. */
    public static final Set<String> PATHS = Set.of("/health", "/health/live", "/health/ready", "/health/backends", "/metrics", "/api/status");

    private static final ExpositionFormatWriter PROMETHEUS_TEXT = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPENMETRICS_TEXT = OpenMetricsTextFormatWriter.create();

    private final GatewayHealth health;
    private final PrometheusRegistry registry;

    public AdminEndpoints(GatewayHealth health, PrometheusRegistry registry) {
        this.health = health;
        this.registry = registry;
    }

    public static boolean serves(String path) {
        return PATHS.contains(path);
    }

    /** Answers a request for one of {@link #PATHS}. */
    public void handle(String path, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            write(response, callback, 405, "application/json", "{\"error\":\"Method Not Allowed: use GET\"}".getBytes());
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        switch (path) {
            case "/health/live" -> json(response, callback, health.live());
            case "/health/ready" -> json(response, callback, health.ready());
            case "/health" -> json(response, callback, health.summary());
            case "/health/backends" -> json(response, callback, health.backends());
            case "/api/status" -> json(response, callback, health.status());
            case "/metrics" -> metrics(request, response, callback);
            default -> write(response, callback, 404, "application/json", "{\"error\":\"Not Found\"}".getBytes());
        }
    }

    private void metrics(Request request, Response response, Callback callback) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        ExpositionFormatWriter writer = wantsOpenMetrics(accept) ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.fromAcceptHeader(accept, EscapingScheme.UNDERSCORE_ESCAPING));
        } catch (IOException | RuntimeException e) {
            LOG.warn("collecting metrics failed: {}", e.toString());
            write(response, callback, 500, "text/plain; charset=utf-8", "collecting metrics failed\n".getBytes());
            return;
        }
        write(response, callback, 200, writer.getContentType(), out.toByteArray());
    }

    /** OpenMetrics only when the Accept header names it (Prometheus sends it first when it wants it). */
    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
    }

    private static void json(Response response, Callback callback, GatewayHealth.Answer answer) {
        write(response, callback, answer.status(), "application/json", answer.body().toBytes());
    }

    private static void write(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
