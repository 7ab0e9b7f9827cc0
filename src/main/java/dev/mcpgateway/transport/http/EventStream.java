package dev.mcpgateway.transport.http;

import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.session.MessageSink;
import dev.mcpgateway.transport.Framing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A logical SSE stream of one session: the answer stream of one POST, or the session's GET
 * stream. Events carry ids {@code <stream>_<seq>}, unique in the session (the 2025-11-25 spec
 * asks ids to encode their stream).
 *
 * <p>The stream outlives its HTTP connection: events are kept in a bounded log, so a client whose
 * connection broke can reconnect with {@code GET} and {@code Last-Event-ID} and receive what
 * followed on this stream only. While no connection is attached, events are only logged.
 *
 * <p>Thread safety: all state is guarded by this.
 */
final class EventStream implements MessageSink {

    private record Event(long seq, byte[] bytes) {}

    private final String id;
    private final int maxEvents;
    private final ArrayDeque<Event> log = new ArrayDeque<>();
    private long seq;
    /** Highest sequence number handed to a live connection. */
    private long handedOver;
    private SseConnection connection;
    private boolean finished;
    private boolean closed;

    EventStream(String id, int maxEvents) {
        this.id = id;
        this.maxEvents = maxEvents;
    }

    String id() {
        return id;
    }

    /** Adds a message to the stream: written to the live connection if any, kept in the log regardless. */
    @Override
    public boolean send(JsonRpcMessage message) {
        byte[] json = Framing.singleLine(message.json());
        synchronized (this) {
            if (closed || finished) {
                return false;
            }
            long next = ++seq;
            byte[] event = format(id + "_" + next, json);
            log.add(new Event(next, event));
            while (log.size() > maxEvents) {
                log.poll();
            }
            if (connection != null && connection.write(event)) {
                handedOver = next;
            } else {
                connection = null;
            }
            return true;
        }
    }

    /** Writes the 2025-11-25 priming event (an id with empty data) so the client can resume at once. */
    synchronized void prime() {
        if (connection != null) {
            long next = ++seq;
            connection.hold(("id: " + id + "_" + next + "\ndata: \n\n").getBytes(StandardCharsets.US_ASCII));
            handedOver = next;
        }
    }

    /**
     * Ends the stream with {@code answer} sent as a plain JSON reply on the live connection, if
     * nothing has been written to it yet (see {@link SseConnection#answerAsJson}). False if that
     * is too late: send the answer as an event instead.
     */
    boolean answerAsJson(JsonRpcMessage answer) {
        synchronized (this) {
            if (closed || finished || connection == null || !connection.answerAsJson(answer.json())) {
                return false;
            }
            finished = true;
            connection = null;
            handedOver = seq;
            return true;
        }
    }

    /**
     * Attaches a (new) connection: replays the logged events after {@code afterSeq} (or, when
     * {@code afterSeq} is negative, those never handed to a connection), then streams live.
     * Any previous connection is closed. If the stream is already finished the connection is
     * closed after the replay.
     */
    void attach(SseConnection newConnection, long afterSeq) {
        SseConnection previous;
        boolean closeNow;
        synchronized (this) {
            previous = connection;
            long from = afterSeq >= 0 ? afterSeq : handedOver;
            for (Iterator<Event> it = log.iterator(); it.hasNext(); ) {
                Event event = it.next();
                if (event.seq() > from) {
                    newConnection.write(event.bytes());
                    handedOver = Math.max(handedOver, event.seq());
                }
            }
            connection = newConnection;
            closeNow = finished || closed;
            if (closeNow) {
                connection = null;
            }
        }
        if (previous != null && previous != newConnection) {
            previous.close();
        }
        if (closeNow) {
            newConnection.close();
        }
    }

    /** Forgets {@code broken} if it is the current connection (the stream lives on, detached). */
    synchronized void detach(SseConnection broken) {
        if (connection == broken) {
            connection = null;
        }
    }

    synchronized boolean hasConnection() {
        return connection != null;
    }

    /**
     * The stream's last event was sent (the answer to its request): end the live connection;
     * keep the log for a client that still has to resume.
     */
    void finish() {
        SseConnection current;
        synchronized (this) {
            finished = true;
            current = connection;
            connection = null;
        }
        if (current != null) {
            current.close();
        }
    }

    /** True if every event was handed to a live connection (nothing left for a resume). */
    synchronized boolean fullyHandedOver() {
        return handedOver >= seq;
    }

    /** Ends the stream and its connection for good (the session ended). */
    void close() {
        SseConnection current;
        synchronized (this) {
            closed = true;
            current = connection;
            connection = null;
            log.clear();
        }
        if (current != null) {
            current.close();
        }
    }

    /** Keeps the live connection from idling out; false if there is none. */
    boolean keepAlive() {
        SseConnection current;
        synchronized (this) {
            current = connection;
        }
        return current != null && current.keepAlive();
    }

    static byte[] format(String eventId, byte[] json) {
        byte[] head = ("id: " + eventId + "\nevent: message\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
