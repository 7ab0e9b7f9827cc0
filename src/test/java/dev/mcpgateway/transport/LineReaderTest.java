package dev.mcpgateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private final List<String> lines = new ArrayList<>();
    private final List<String> overlong = new ArrayList<>();

    private final LineReader.Sink sink = new LineReader.Sink() {
        @Override
        public void line(byte[] line) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public void overlongLine(byte[] head, long length) {
            overlong.add(new String(head, StandardCharsets.UTF_8) + "|" + length);
        }
    };

    @Test
    void splitsAtNewlinesAndKeepsCarriageReturnsAndEmptyLines() throws IOException {
        read("a\nbb\r\n\nccc", 100);
        assertThat(lines).containsExactly("a", "bb\r", "", "ccc");
        assertThat(overlong).isEmpty();
    }

    @Test
    void joinsALineThatArrivesInManySmallReads() throws IOException {
        InputStream trickle = new TrickleStream("{\"a\":\"" + "x".repeat(10_000) + "\"}\nnext\n");
        new LineReader(trickle, 1 << 20, 16).readAll(sink);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).hasSize(10_008).endsWith("x\"}");
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void skipsALineOverTheLimitAndReportsItsHeadAndLength() throws IOException {
        String big = "y".repeat(5000);
        read("ok\n" + big + "\nafter\n" + big, 4096);
        assertThat(lines).containsExactly("ok", "after");
        assertThat(overlong).containsExactly("y".repeat(16) + "|5000", "y".repeat(16) + "|5000");
    }

    @Test
    void acceptsALineOfExactlyTheLimit() throws IOException {
        read("z".repeat(4096) + "\n", 4096);
        assertThat(lines).containsExactly("z".repeat(4096));
    }

    @Test
    void neverBuffersMoreThanTheLimitOfAHugeLine() throws IOException {
        long length = 512L * 1024 * 1024; // half a GiB of one line, generated, never in memory
        LineReader reader = new LineReader(new GeneratedLine(length), 1024 * 1024, 16);
        reader.readAll(sink);
        assertThat(overlong).containsExactly("q".repeat(16) + "|" + length);
        assertThat(lines).containsExactly("tail");
        assertThat(reader.peakBufferBytes()).isLessThanOrEqualTo(1024 * 1024);
    }

    private void read(String text, int max) throws IOException {
        new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max, 16).readAll(sink);
    }

    /** Returns at most 7 bytes per read, like a slow pipe. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private int pos;

        TrickleStream(String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 7), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** {@code length} bytes of 'q', then "\ntail\n". */
    private static final class GeneratedLine extends InputStream {
        private final long length;
        private final byte[] suffix = "\ntail\n".getBytes(StandardCharsets.US_ASCII);
        private long pos;

        GeneratedLine(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = length + suffix.length;
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++, pos++) {
                b[off + i] = pos < length ? (byte) 'q' : suffix[(int) (pos - length)];
            }
            return n;
        }
    }
}
