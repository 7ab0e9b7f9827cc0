package dev.mcpgateway.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * A POST answered as an SSE stream: notifications for the request (progress, log messages), then
 * its response, then the end of the stream.
 *
 * <p>Written by the one virtual thread that answers the request, with blocking writes; a client
 * that goes away turns later writes into no-ops (disconnecting is not cancelling: the call runs
 * on). Not thread-safe beyond that single writer.
 */
final class SseResponse implements DemoOutbound {

    private static final byte[] EVENT_PREFIX = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Response response;
    private final Callback exchange;
    private boolean done;

    SseResponse(Response response, Callback exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    /** Sends the headers at once, so the client sees the stream open before the first event. */
    void open() {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        write(false, ByteBuffer.allocate(0));
    }

    /** Sends one message as an SSE {@code message} event. */
    @Override
    public void send(byte[] message) {
        write(false, ByteBuffer.wrap(event(message)));
    }

    /** Ends the stream (after the response, or without one for a cancelled request). */
    void end() {
        if (!done) {
            done = true;
            response.write(true, ByteBuffer.allocate(0), exchange);
        }
    }

    static byte[] event(byte[] data) {
        byte[] e = new byte[EVENT_PREFIX.length + data.length + EVENT_SUFFIX.length];
        System.arraycopy(EVENT_PREFIX, 0, e, 0, EVENT_PREFIX.length);
        System.arraycopy(data, 0, e, EVENT_PREFIX.length, data.length);
        System.arraycopy(EVENT_SUFFIX, 0, e, EVENT_PREFIX.length + data.length, EVENT_SUFFIX.length);
        return e;
    }

    private void write(boolean last, ByteBuffer bytes) {
        if (done) {
            return;
        }
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, bytes, written);
            written.block();
        } catch (Exception e) {
            // The client went away. Finish the exchange once; later writes are dropped.
            done = true;
            exchange.failed(e);
        }
    }
}
