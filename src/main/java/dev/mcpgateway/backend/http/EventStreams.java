package dev.mcpgateway.backend.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/** Reads an exchange's {@code text/event-stream} body into a parser, on the calling (virtual) thread. */
final class EventStreams {

    private static final int READ_BUFFER_BYTES = 8192;

    private EventStreams() {}

    /**
     * Reads until the stream ends, breaks or is aborted; events go to the parser's sink as they
     * complete. Afterwards the parser is ready for a reconnection ({@link SseParser#endOfStream()}).
     */
    static End read(UpstreamExchange exchange, SseParser parser) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (InputStream in = exchange.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                parser.feed(buffer, 0, n);
            }
            return End.NORMAL;
        } catch (SseParser.EventTooLargeException e) {
            exchange.abort("event too large");
            return new End(e.getMessage(), false, true);
        } catch (IOException | RuntimeException e) {
            // Jetty's body stream may also throw unchecked exceptions (e.g. HttpResponseException).
            String aborted = exchange.abortReason();
            if (aborted != null) {
                return new End("aborted: " + aborted, false, false);
            }
            return new End(UpstreamExchange.describe(e), isTimeout(e), false);
        } finally {
            parser.endOfStream();
        }
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * How a stream ended.
     *
     * @param broken why it broke, or null when the server ended it normally
     * @param idleTimeout it broke because it was silent for longer than its idle timeout
     * @param garbage it broke because the server sent an oversized event
     */
    record End(String broken, boolean idleTimeout, boolean garbage) {
        static final End NORMAL = new End(null, false, false);

        boolean normal() {
            return broken == null;
        }
    }
}
