package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StdinWriterTest {

    /** A view of {@code text} inside a larger buffer, as a message's bytes sit in the writer's buffer. */
    private static ByteBuffer viewInside(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[bytes.length + 100];
        System.arraycopy(bytes, 0, buffer, 40, bytes.length);
        return ByteBuffer.wrap(buffer, 40, bytes.length);
    }

    @Test
    void writesExactlyTheViewedBytesOfEachLineAndCountsOnlyThoseAgainstTheBound() {
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        AtomicLong written = new AtomicLong();
        // room for both lines (7 + 7 bytes with their newlines), not for the buffers around them
        StdinWriter writer = new StdinWriter(stdin, 16, written, e -> {});

        assertThat(writer.offer(viewInside("{\"a\":1}"))).isEqualTo(StdinWriter.Offer.QUEUED);
        assertThat(writer.offer(viewInside("{\"b\":2}"))).isEqualTo(StdinWriter.Offer.QUEUED);
        assertThat(writer.queuedBytes()).isEqualTo(16);
        assertThat(writer.offer(viewInside("{}"))).isEqualTo(StdinWriter.Offer.FULL);
        writer.finish();
        writer.run(); // writes what is queued, then closes stdin and returns

        assertThat(stdin.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(written.get()).isEqualTo(2);
        assertThat(writer.queuedBytes()).isZero();
    }
}
