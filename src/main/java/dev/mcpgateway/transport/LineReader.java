package dev.mcpgateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into {@code '\n'}-terminated lines without decoding it, and never holds
 * more than {@code maxLineBytes} of one line: a longer line is skipped up to its newline and
 * reported with its first bytes and its length.
 *
 * <p>Used by one thread (a pipe pump, or the stdio server reading stdin); not thread-safe.
 */
public final class LineReader {

    /** Receives what {@link #readAll} finds. */
    public interface Sink {

        /** One line without its {@code '\n'} (a {@code '\r'} before it is kept). */
        void line(byte[] line);

        /** A line longer than the limit was skipped; {@code head} holds its first bytes. */
        void overlongLine(byte[] head, long length);
    }

    private static final int CHUNK_BYTES = 64 * 1024;
    /** A line buffer larger than this is released after use rather than kept for the next line. */
    private static final int RETAINED_BUFFER_BYTES = 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final int headBytes;
    private final byte[] chunk;

    // The start of a line whose newline is not read yet.
    private byte[] pending = new byte[256];
    private int pendingLength;

    // Set while skipping an over-long line: its first bytes and its length so far.
    private byte[] skippedHead;
    private long skippedLength;

    private int peakBufferBytes;

    /**
     * @param maxLineBytes longer lines are skipped, never buffered whole
     * @param headBytes how many leading bytes of a skipped line are kept for the report
     */
    public LineReader(InputStream in, int maxLineBytes, int headBytes) {
        if (maxLineBytes < 1 || headBytes < 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive and headBytes not negative");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.headBytes = headBytes;
        this.chunk = new byte[Math.min(CHUNK_BYTES, Math.max(maxLineBytes, 4096))];
    }

    /**
     * Reads to the end of the stream, handing every line to {@code sink}; a last line without a
     * newline is delivered too.
     *
     * @throws IOException if reading fails (lines before the failure were delivered)
     */
    public void readAll(Sink sink) throws IOException {
        int n;
        while ((n = in.read(chunk, 0, chunk.length)) >= 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    endLine(from, i, sink);
                    from = i + 1;
                }
            }
            if (from < n) {
                append(from, n);
            }
        }
        if (skippedHead != null || pendingLength > 0) {
            endLine(0, 0, sink);
        }
    }

    /** The largest line buffer held so far, for tests that check memory stays bounded. */
    public int peakBufferBytes() {
        return peakBufferBytes;
    }

    private void endLine(int from, int to, Sink sink) {
        int length = to - from;
        if (skippedHead != null) {
            long total = skippedLength + length;
            byte[] head = skippedHead;
            skippedHead = null;
            skippedLength = 0;
            sink.overlongLine(head, total);
            return;
        }
        long total = (long) pendingLength + length;
        if (total > maxLineBytes) {
            byte[] head = headOf(from, to);
            resetPending();
            sink.overlongLine(head, total);
            return;
        }
        byte[] line;
        if (pendingLength == 0) {
            line = Arrays.copyOfRange(chunk, from, to);
        } else {
            line = Arrays.copyOf(pending, (int) total);
            System.arraycopy(chunk, from, line, pendingLength, length);
            resetPending();
        }
        sink.line(line);
    }

    private void append(int from, int to) {
        int length = to - from;
        if (skippedHead != null) {
            skippedLength += length;
            return;
        }
        long total = (long) pendingLength + length;
        if (total > maxLineBytes) {
            skippedHead = headOf(from, to);
            skippedLength = total;
            resetPending();
            return;
        }
        if (total > pending.length) {
            int capacity = (int) Math.min(maxLineBytes, Math.max(total, 2L * pending.length));
            pending = Arrays.copyOf(pending, capacity);
            peakBufferBytes = Math.max(peakBufferBytes, capacity);
        }
        System.arraycopy(chunk, from, pending, pendingLength, length);
        pendingLength = (int) total;
    }

    /** The first {@code headBytes} of {@code pending} followed by {@code chunk[from, to)}. */
    private byte[] headOf(int from, int to) {
        int fromPending = Math.min(pendingLength, headBytes);
        int fromChunk = Math.min(to - from, headBytes - fromPending);
        byte[] head = Arrays.copyOf(pending, fromPending + fromChunk);
        System.arraycopy(chunk, from, head, fromPending, fromChunk);
        return head;
    }

    private void resetPending() {
        pendingLength = 0;
        if (pending.length > RETAINED_BUFFER_BYTES) {
            pending = new byte[256];
        }
    }
}
