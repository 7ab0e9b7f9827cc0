package dev.mcpgateway.transport.http;

import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.session.MessageSink;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE streams of one client session over Streamable HTTP: its GET stream, which carries
 * what belongs to no request in flight (and keeps it while the client is not connected), and the
 * answer streams of POSTs, findable by id for a client that resumes one.
 */
final class HttpSessionStreams implements MessageSink {

    /** Events kept for a GET stream while the client is away. */
    private static final int STANDALONE_LOG = 1000;
    /** Events kept per POST answer stream (progress can be chatty). */
    private static final int REQUEST_LOG = 10_000;

    private final EventStream standalone = new EventStream("0", STANDALONE_LOG);
    private final AtomicLong nextStream = new AtomicLong(1);
    private final ConcurrentMap<String, EventStream> requestStreams = new ConcurrentHashMap<>();

    /** Out of band: onto the GET stream (kept for the next GET if none is connected). */
    @Override
    public boolean send(JsonRpcMessage message) {
        return standalone.send(message);
    }

    EventStream standalone() {
        return standalone;
    }

    /** A new answer stream for one POST. */
    EventStream newRequestStream() {
        EventStream stream = new EventStream(Long.toString(nextStream.getAndIncrement(), 36), REQUEST_LOG);
        requestStreams.put(stream.id(), stream);
        return stream;
    }

    /** The stream an event id belongs to ({@code <stream>_<seq>}), or null. */
    EventStream find(String streamId) {
        return "0".equals(streamId) ? standalone : requestStreams.get(streamId);
    }

    /** A comment on every POST answer stream that has a live connection (long tool calls). */
    void keepAliveRequestStreams() {
        for (EventStream stream : requestStreams.values()) {
            stream.keepAlive();
        }
    }

    void release(EventStream stream) {
        requestStreams.remove(stream.id(), stream);
    }

    void close() {
        standalone.close();
        for (EventStream stream : requestStreams.values()) {
            stream.close();
        }
        requestStreams.clear();
    }
}
