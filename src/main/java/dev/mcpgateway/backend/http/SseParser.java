package dev.mcpgateway.backend.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An incremental {@code text/event-stream} parser following the WHATWG HTML "event stream
 * interpretation" rules, working on bytes.
 *
 * <p>Feed it the body as it arrives, in chunks of any size split anywhere (inside a line, inside
 * a CRLF pair, inside the byte order mark); it calls the sink once per dispatched event, in order,
 * on the feeding thread. The rules it implements:
 *
 * <ul>
 *   <li>lines end with CRLF, LF or CR; a leading UTF-8 byte order mark is skipped;
 *   <li>a line starting with {@code :} is a comment; a line without {@code :} is a field name with
 *       an empty value; one space after the colon is removed;
 *   <li>{@code data} lines are joined with {@code \n}; {@code event} sets the type (default
 *       {@code message}); {@code id} sets the last event id (ignored if it contains NUL, and kept
 *       across events and reconnections); {@code retry} with only ASCII digits sets the
 *       reconnection time; other fields are ignored;
 *   <li>a blank line dispatches the event. The last event id is updated at every blank line, but
 *       an event is dispatched only if it had at least one {@code data} line — so a "priming"
 *       event of just {@code id: 7} is not dispatched, yet its id is remembered for resumption.
 *       (As in browsers, an event whose {@code data:} lines are all empty <em>is</em> dispatched,
 *       with empty data; MCP transports skip those.)
 *   <li>at the end of the stream a half-received event is discarded.
 * </ul>
 *
 * <p>One event (its data plus the line being read) may hold at most {@code maxEventBytes};
 * beyond that {@link #feed} throws {@link EventTooLargeException}, so a garbage stream cannot
 * exhaust the heap.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class SseParser {

    /** Default bound on one event: 64 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");
    /** Buffers above this size are dropped after an event, so an idle stream holds little memory. */
    private static final int RETAINED_BUFFER_BYTES = 64 * 1024;
    private static final int BOM_DONE = -1;

    private final Consumer<SseEvent> sink;
    private final int maxEventBytes;

    /** Bytes of a line that started in an earlier chunk; lineLength == 0 when none. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The previous chunk ended with CR: an LF starting the next chunk belongs to that CR. */
    private boolean skipLineFeed;
    /** How many BOM bytes matched at the start of the stream, or BOM_DONE. */
    private int bomMatched;

    private byte[] data = new byte[1024];
    /** Data buffer length; 0 means no data line yet (each data line appends at least its LF). */
    private int dataLength;
    private String eventType;
    private String lastEventIdBuffer;
    private String lastEventId;
    private long retryMillis = -1;
    private long dispatched;

    /** A parser with the default size bound and no last event id. */
    public SseParser(Consumer<SseEvent> sink) {
        this(sink, DEFAULT_MAX_EVENT_BYTES, "");
    }

    /**
     * @param maxEventBytes bound on one event's data plus its current line
     * @param lastEventId the id to start from, as when resuming a stream ("" for none)
     */
    public SseParser(Consumer<SseEvent> sink, int maxEventBytes, String lastEventId) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
        this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
        this.lastEventIdBuffer = lastEventId;
    }

    /** Parses the next {@code length} bytes of the stream. */
    public void feed(byte[] bytes, int offset, int length) throws EventTooLargeException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int i = offset;
        int end = offset + length;
        if (bomMatched != BOM_DONE) {
            i = skipByteOrderMark(bytes, i, end);
        }
        if (skipLineFeed && i < end) {
            skipLineFeed = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte c = bytes[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            if (lineLength > 0) {
                appendToLine(bytes, lineStart, i - lineStart);
                processLine(line, 0, lineLength);
                lineLength = 0;
            } else {
                processLine(bytes, lineStart, i);
            }
            i++;
            if (c == '\r') {
                if (i == end) {
                    skipLineFeed = true;
                } else if (bytes[i] == '\n') {
                    i++;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            appendToLine(bytes, lineStart, end - lineStart);
        }
    }

    /** {@link #feed(byte[], int, int)} for a whole array. */
    public void feed(byte[] bytes) throws EventTooLargeException {
        feed(bytes, 0, bytes.length);
    }

    /**
     * The stream ended (or broke): discards the half-received event and line, and prepares for a
     * reconnection. The last event id and the reconnection time are kept.
     */
    public void endOfStream() {
        lineLength = 0;
        skipLineFeed = false;
        bomMatched = 0;
        dataLength = 0;
        eventType = null;
        lastEventIdBuffer = lastEventId;
        shrinkBuffers();
    }

    /** The last event id seen at a dispatch point; "" if none. Send it as {@code Last-Event-ID}. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the server asked for with {@code retry:}, in milliseconds; -1 if none. */
    public long retryMillis() {
        return retryMillis;
    }

    /** How many events this parser has dispatched. */
    public long dispatchedEvents() {
        return dispatched;
    }

    private int skipByteOrderMark(byte[] bytes, int i, int end) throws EventTooLargeException {
        while (i < end && bomMatched < BOM.length) {
            if (bytes[i] != BOM[bomMatched]) {
                int matched = bomMatched;
                bomMatched = BOM_DONE;
                if (matched > 0) {
                    // Not a BOM after all: the bytes we held back are content.
                    appendToLine(BOM, 0, matched);
                }
                return i;
            }
            bomMatched++;
            i++;
        }
        if (bomMatched == BOM.length) {
            bomMatched = BOM_DONE;
        }
        return i;
    }

    private void appendToLine(byte[] bytes, int from, int count) throws EventTooLargeException {
        int needed = lineLength + count;
        if (needed > maxEventBytes - dataLength) {
            throw tooLarge();
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxEventBytes));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength = needed;
    }

    private void processLine(byte[] buf, int start, int end) throws EventTooLargeException {
        if (start == end) {
            dispatch();
            return;
        }
        if (buf[start] == ':') {
            return;
        }
        int colon = indexOf(buf, start, end, (byte) ':');
        int nameEnd = colon < 0 ? end : colon;
        int valueStart = colon < 0 ? end : colon + 1;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        if (nameIs(buf, start, nameEnd, DATA)) {
            appendData(buf, valueStart, end);
        } else if (nameIs(buf, start, nameEnd, EVENT)) {
            eventType = new String(buf, valueStart, end - valueStart, StandardCharsets.UTF_8);
        } else if (nameIs(buf, start, nameEnd, ID)) {
            if (indexOf(buf, valueStart, end, (byte) 0) < 0) {
                lastEventIdBuffer = new String(buf, valueStart, end - valueStart, StandardCharsets.UTF_8);
            }
        } else if (nameIs(buf, start, nameEnd, RETRY)) {
            setRetry(buf, valueStart, end);
        }
    }

    private void appendData(byte[] buf, int from, int to) throws EventTooLargeException {
        int count = to - from;
        int needed = dataLength + count + 1;
        if (needed > maxEventBytes) {
            throw tooLarge();
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.min(Math.max(needed, data.length * 2), maxEventBytes));
        }
        System.arraycopy(buf, from, data, dataLength, count);
        data[needed - 1] = '\n';
        dataLength = needed;
    }

    private void setRetry(byte[] buf, int from, int to) {
        if (from == to || to - from > 18) {
            return; // empty, or too long to be a sane delay in milliseconds
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                return;
            }
            value = value * 10 + (b - '0');
        }
        retryMillis = value;
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (dataLength == 0) {
            eventType = null;
            return;
        }
        // The data buffer always ends with the LF appended after the last data line: drop it.
        byte[] eventData = Arrays.copyOf(data, dataLength - 1);
        String type = eventType == null || eventType.isEmpty() ? SseEvent.MESSAGE : eventType;
        dataLength = 0;
        eventType = null;
        shrinkBuffers();
        dispatched++;
        sink.accept(new SseEvent(type, eventData, lastEventId));
    }

    private void shrinkBuffers() {
        if (data.length > RETAINED_BUFFER_BYTES && dataLength == 0) {
            data = new byte[1024];
        }
        if (line.length > RETAINED_BUFFER_BYTES && lineLength == 0) {
            line = new byte[256];
        }
    }

    private EventTooLargeException tooLarge() {
        // Leave the parser in a clean state; the caller is expected to drop the stream.
        lineLength = 0;
        dataLength = 0;
        eventType = null;
        shrinkBuffers();
        return new EventTooLargeException(maxEventBytes);
    }

    private static boolean nameIs(byte[] buf, int start, int end, byte[] name) {
        return Arrays.equals(buf, start, end, name, 0, name.length);
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One event (its data and current line) exceeded the parser's bound. */
    public static final class EventTooLargeException extends IOException {

        private final int limit;

        public EventTooLargeException(int limit) {
            super("a server-sent event exceeded " + limit + " bytes");
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }
}
