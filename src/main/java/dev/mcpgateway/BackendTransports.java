package dev.mcpgateway;

import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.TransportFactory;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.backend.http.BackendHttpClient;
import dev.mcpgateway.backend.http.HttpTransportOptions;
import dev.mcpgateway.backend.http.LegacySseTransport;
import dev.mcpgateway.backend.http.StreamableHttpTransport;
import dev.mcpgateway.backend.stdio.StdioTransport;
import dev.mcpgateway.config.BackendConfig;
import dev.mcpgateway.observability.TraceHeaders;
import java.net.URI;

/**
 * Makes the real transports from backend configurations: a child process for stdio, the shared
 * Jetty client for Streamable HTTP and legacy SSE. The HTTP client is started on first need, so a
 * gateway with only stdio backends runs no HTTP client threads. HTTP requests carry the call's
 * trace context and request id as headers ({@link TraceHeaders}).
 */
public final class BackendTransports implements TransportFactory, AutoCloseable {

    private BackendHttpClient http;
    private boolean closed;

    @Override
    public UpstreamTransport create(BackendConfig backend) throws UpstreamException {
        try {
            return switch (backend.transport()) {
                case STDIO -> {
                    StdioTransport.Builder builder = StdioTransport.builder(backend.name(), backend.command()).env(backend.env());
                    backend.cwd().ifPresent(builder::workingDirectory);
                    yield builder.build();
                }
                case STREAMABLE_HTTP -> new StreamableHttpTransport(backend.name(), url(backend), backend.headers(), http(),
                        HttpTransportOptions.DEFAULTS, TraceHeaders.INSTANCE);
                case SSE -> new LegacySseTransport(backend.name(), url(backend), backend.headers(), http(), HttpTransportOptions.DEFAULTS,
                        TraceHeaders.INSTANCE);
            };
        } catch (IllegalArgumentException e) {
            throw new PermanentFailureException("backend `" + backend.name() + "` cannot be set up: " + e.getMessage(), e);
        }
    }

    private static URI url(BackendConfig backend) {
        return backend.httpUrl().orElseThrow(() -> new IllegalArgumentException("no http_url"));
    }

    private synchronized BackendHttpClient http() throws UpstreamException {
        if (closed) {
            throw new UpstreamException("the gateway is shutting down", false);
        }
        if (http == null) {
            http = BackendHttpClient.start();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.close();
        }
    }
}
