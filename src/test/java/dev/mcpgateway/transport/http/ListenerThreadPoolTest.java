package dev.mcpgateway.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a connection goes on after a response that completed on another thread: each test
 * pipelines two requests on one connection, answers the first from a thread of its own
 * ("completer") and looks at which thread handled the second.
 */
@Timeout(30)
class ListenerThreadPoolTest {

    private static final String PIPELINED = "GET /first HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void aNonBlockingServerGoesOnWithTheNextRequestOnTheThreadThatCompletedTheLastOne() throws Exception {
        Map<String, String> handledOn = serveTwoPipelinedRequests(InvocationType.NON_BLOCKING);

        assertThat(handledOn).containsEntry("/second", "completer");
    }

    @Test
    void aBlockingServerLeavesTheNextRequestToItsPool() throws Exception {
        Map<String, String> handledOn = serveTwoPipelinedRequests(InvocationType.BLOCKING);

        assertThat(handledOn.get("/second")).startsWith("listener-test").isNotEqualTo("completer");
    }

    /** Both requests are answered in order either way; returns the name of the thread that handled each path. */
    private static Map<String, String> serveTwoPipelinedRequests(InvocationType handlerType) throws Exception {
        Map<String, String> handledOn = new ConcurrentHashMap<>();
        ExecutorService completer = Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));
        ListenerThreadPool threads = new ListenerThreadPool(8, 2);
        threads.setName("listener-test");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(handlerType) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                handledOn.put(path, Thread.currentThread().getName());
                if (path.equals("/first")) {
                    // late enough that the reading thread has left the connection: the completion resumes it
                    completer.execute(() -> {
                        sleep(100);
                        Content.Sink.write(response, true, "first", callback);
                    });
                } else {
                    Content.Sink.write(response, true, "second", callback);
                }
                return true;
            }
        });
        server.start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), connector.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(PIPELINED.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readUntil(socket.getInputStream(), "second");
            assertThat(answers.indexOf("first")).isPositive().isLessThan(answers.indexOf("second"));
        } finally {
            server.stop();
            completer.shutdownNow();
            assertThat(completer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        return handledOn;
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!read.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.US_ASCII);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
