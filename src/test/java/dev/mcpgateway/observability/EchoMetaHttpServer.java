package dev.mcpgateway.observability;

import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonRpcResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** {@link EchoMetaServer} over Streamable HTTP (JSON answers only), on 127.0.0.1 and a free port, recording every POST. */
final class EchoMetaHttpServer implements AutoCloseable {

    /** One POST as received: its headers and the message it carried. */
    record Received(HttpFields headers, JsonRpcMessage message) {}

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    EchoMetaHttpServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(org.eclipse.jetty.util.thread.Invocable.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"POST".equals(request.getMethod())) {
                    response.setStatus(405);
                    callback.succeeded();
                    return true;
                }
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                JsonRpcMessage message = JsonRpc.parseMessage(body);
                received.add(new Received(HttpFields.build(request.getHeaders()).asImmutable(), message));
                JsonRpcResponse answer = EchoMetaServer.answer(message);
                response.getHeaders().put("Mcp-Session-Id", "echo-session");
                if (answer == null) {
                    response.setStatus(202);
                    callback.succeeded();
                    return true;
                }
                byte[] json = answer.json().toBytes();
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(json), callback);
                return true;
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the echo server failed", e);
        }
    }
}
