package dev.mcpgateway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited messages from a stream in chunks, without decoding them. A line longer
 * than the limit is skipped up to its newline and reported as oversized, never held in memory
 * whole.
 */
public final class LineReader {

    /** What one call to {@link #next} found. */
    public sealed interface Line {
        record Data(byte[] bytes) implements Line {}

        record Oversized(long length) implements Line {}

        record End() implements Line {}
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[65536];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLength;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line (without its newline); blocks until one is complete or the input ends. */
    public Line next() throws IOException {
        long skipped = -1;
        while (true) {
            if (chunkStart == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    if (skipped >= 0) {
                        return new Line.Oversized(skipped);
                    }
                    if (lineLength > 0) {
                        byte[] last = Arrays.copyOf(line, lineLength);
                        lineLength = 0;
                        return new Line.Data(last);
                    }
                    return new Line.End();
                }
                chunkStart = 0;
                chunkEnd = n;
            }
            int newline = -1;
            for (int i = chunkStart; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline : chunkEnd;
            int count = end - chunkStart;
            if (skipped >= 0) {
                skipped += count;
            } else if (lineLength + count > maxLineBytes) {
                skipped = (long) lineLength + count;
                lineLength = 0;
            } else {
                append(chunkStart, count);
            }
            chunkStart = newline >= 0 ? newline + 1 : chunkEnd;
            if (newline >= 0) {
                if (skipped >= 0) {
                    return new Line.Oversized(skipped);
                }
                byte[] out = Arrays.copyOf(line, lineLength);
                lineLength = 0;
                return new Line.Data(out);
            }
        }
    }

    private void append(int from, int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }
}
