package dev.mcpgateway.bench.load;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-in OpenTelemetry collector for the tracing-on runs: accepts OTLP/HTTP exports on
 * 127.0.0.1 and answers 200 with an empty (valid) protobuf response, so the gateway's exporter
 * does its real work (serialise, send) without a collector installed.
 */
final class OtlpSink implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server, 1, 1);
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    OtlpSink() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.consumeAll(request, Callback.from(() -> {
                    exports.incrementAndGet();
                    long length = request.getLength();
                    bytes.addAndGet(Math.max(0, length));
                    response.setStatus(200);
                    response.getHeaders().put("Content-Type", "application/x-protobuf");
                    response.write(true, ByteBuffer.allocate(0), callback);
                }, callback::failed));
                return true;
            }
        });
        server.start();
    }

    /** The OTLP/HTTP base URL, e.g. {@code http://127.0.0.1:4318}. */
    String endpoint() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    long exports() {
        return exports.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
