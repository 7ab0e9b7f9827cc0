package dev.mcpgateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgateway.jsonrpc.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class FramingPropertiesTest {

    @Property(tries = 300)
    void linesComeBackExactlyWhateverTheReadSizes(
            @ForAll @Size(max = 20) List<@StringLength(max = 300) String> texts,
            @ForAll @IntRange(min = 1, max = 97) int readSize) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (String text : texts) {
            byte[] line = text.replace('\n', ' ').getBytes(java.nio.charset.StandardCharsets.UTF_8);
            lines.add(line);
            stream.writeBytes(line);
            stream.write('\n');
        }
        List<byte[]> read = new ArrayList<>();
        new LineReader(new Chunked(stream.toByteArray(), readSize), 1 << 20, 64).readAll(new LineReader.Sink() {
            @Override
            public void line(byte[] line) {
                read.add(line);
            }

            @Override
            public void overlongLine(byte[] head, long length) {
                throw new AssertionError("no line is over the limit");
            }
        });
        assertThat(read).containsExactlyElementsOf(lines);
    }

    @Property(tries = 300)
    void oneLineKeepsTheMessageValidAndRemovesEveryNewline(
            @ForAll @Size(max = 8) List<@StringLength(max = 20) String> values,
            @ForAll @IntRange(min = 0, max = 3) int indentStyle) {
        String[] separators = {"\n", "\r\n", "\n\t", " \r"};
        String sep = separators[indentStyle];
        StringBuilder json = new StringBuilder("{" + sep + "\"jsonrpc\":\"2.0\"," + sep + "\"method\":\"m\"," + sep + "\"params\":{");
        for (int i = 0; i < values.size(); i++) {
            json.append(i == 0 ? sep : "," + sep).append("\"k").append(i).append("\":")
                    .append(JsonValue.string(values.get(i)));
        }
        json.append(sep).append("}").append(sep).append("}");
        byte[] original = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] copy = original.clone();

        byte[] line = Framing.singleLine(original);

        assertThat(original).as("the message's buffer is untouched").isEqualTo(copy);
        assertThat(line).doesNotContain((byte) '\n', (byte) '\r');
        JsonValue reparsed = JsonValue.parse(line);
        for (int i = 0; i < values.size(); i++) {
            assertThat(reparsed.get("params").getString("k" + i)).isEqualTo(values.get(i));
        }
    }

    @Property(tries = 200)
    void theLineViewHasTheLinesBytesAndCopiesOnlyAMultilineMessage(
            @ForAll @StringLength(max = 40) String text, @ForAll boolean prettyPrinted) {
        String sep = prettyPrinted ? "\n  " : "";
        JsonValue message = JsonValue.parse("{" + sep + "\"jsonrpc\":\"2.0\"," + sep + "\"method\":" + JsonValue.string(text) + sep + "}");

        ByteBuffer view = Framing.singleLineView(message);

        byte[] viewed = new byte[view.remaining()];
        view.duplicate().get(viewed);
        assertThat(viewed).isEqualTo(Framing.singleLine(message));
        assertThat(viewed).doesNotContain((byte) '\n', (byte) '\r');
        ByteBuffer own = message.toByteBuffer();
        assertThat(view.array() == own.array()).as("a view of the message's own bytes").isEqualTo(!prettyPrinted);
    }

    /** Hands out at most {@code size} bytes per read. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final int size;
        private int pos;

        Chunked(byte[] bytes, int size) {
            this.bytes = bytes;
            this.size = size;
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
            int n = Math.min(Math.min(len, size), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
