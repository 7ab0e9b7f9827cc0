package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Generates event streams from a model (events with type, data lines, id and retry, plus comments,
 * every kind of line ending and an optional byte order mark), serialises them, and checks that the
 * parser recovers exactly the model's events however the bytes are split.
 */
class SseParserPropertiesTest {

    /** One event of the model; {@code dataLines} empty means "no data field" (not dispatched). */
    record ModelEvent(String type, List<String> dataLines, String id, Long retry, String comment) {}

    record Stream(List<ModelEvent> events, boolean bom, long seed) {}

    @Property(tries = 300)
    void parsesTheSameEventsWhateverTheChunking(@ForAll("streams") Stream stream,
            @ForAll @IntRange(min = 1, max = 64) int maxChunk) throws Exception {
        byte[] bytes = serialise(stream);
        List<SseEvent> expected = expectedEvents(stream.events());

        assertThat(parseInChunks(bytes, bytes.length)).isEqualTo(expected);
        assertThat(parseInChunks(bytes, 1)).isEqualTo(expected);
        assertThat(parseInRandomChunks(bytes, maxChunk, new Random(stream.seed()))).isEqualTo(expected);
    }

    @Property(tries = 60)
    void parsesTheSameEventsWhenSplitAtEveryByteBoundary(@ForAll("streams") Stream stream) throws Exception {
        byte[] bytes = serialise(stream);
        List<SseEvent> expected = expectedEvents(stream.events());
        for (int split = 0; split <= bytes.length; split++) {
            List<SseEvent> events = new ArrayList<>();
            SseParser parser = new SseParser(events::add);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertThat(events).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void remembersTheLastIdAndRetryOfTheStream(@ForAll("streams") Stream stream) throws Exception {
        SseParser parser = new SseParser(e -> {});
        parser.feed(serialise(stream));
        String lastId = "";
        long retry = -1;
        for (ModelEvent e : stream.events()) {
            if (e.id() != null) {
                lastId = e.id();
            }
            if (e.retry() != null) {
                retry = e.retry();
            }
        }
        assertThat(parser.lastEventId()).isEqualTo(lastId);
        assertThat(parser.retryMillis()).isEqualTo(retry);
    }

    @Provide
    Arbitrary<Stream> streams() {
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just("message"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> dataLine = Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}\":, abcé✓0123456789[]").ofMaxLength(30),
                Arbitraries.strings().all().excludeChars('\r', '\n').ofMaxLength(10)
                        .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                        .filter(SseParserPropertiesTest::roundTripsAsUtf8));
        Arbitrary<List<String>> data = dataLine.list().ofMaxSize(4);
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12));
        Arbitrary<Long> retry = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.longs().between(0, 100_000));
        Arbitrary<String> comment = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.strings().withChars("abc :").ofMaxLength(10));
        Arbitrary<ModelEvent> event = Combinators.combine(type, data, id, retry, comment).as(ModelEvent::new);
        return Combinators.combine(event.list().ofMaxSize(8), Arbitraries.of(true, false), Arbitraries.longs())
                .as(Stream::new);
    }

    private static boolean roundTripsAsUtf8(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    }

    /** What a correct parser must dispatch for the model. */
    private static List<SseEvent> expectedEvents(List<ModelEvent> model) {
        List<SseEvent> out = new ArrayList<>();
        String lastId = "";
        for (ModelEvent e : model) {
            if (e.id() != null) {
                lastId = e.id();
            }
            if (e.dataLines().isEmpty()) {
                continue;
            }
            String type = e.type() == null || e.type().isEmpty() ? "message" : e.type();
            out.add(new SseEvent(type, String.join("\n", e.dataLines()).getBytes(StandardCharsets.UTF_8), lastId));
        }
        return out;
    }

    /** Writes the model with randomly chosen (but unambiguous) line endings and field spellings. */
    private static byte[] serialise(Stream stream) {
        Random random = new Random(stream.seed());
        List<String> lines = new ArrayList<>();
        for (ModelEvent e : stream.events()) {
            if (e.comment() != null) {
                lines.add(":" + e.comment());
            }
            if (e.type() != null) {
                lines.add(field("event", e.type(), random));
            }
            if (e.id() != null) {
                lines.add(field("id", e.id(), random));
            }
            if (e.retry() != null) {
                lines.add(field("retry", Long.toString(e.retry()), random));
            }
            for (String d : e.dataLines()) {
                lines.add(d.isEmpty() && random.nextBoolean() ? "data" : field("data", d, random));
            }
            lines.add("");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (stream.bom()) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        String previousEnding = "\n";
        for (String line : lines) {
            String ending = switch (random.nextInt(3)) {
                case 0 -> "\n";
                case 1 -> "\r";
                default -> "\r\n";
            };
            if (line.isEmpty() && previousEnding.equals("\r") && ending.equals("\n")) {
                // CR followed by an LF-terminated empty line would read as one CRLF: pick another ending.
                ending = "\r";
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(ending.getBytes(StandardCharsets.US_ASCII));
            previousEnding = ending;
        }
        return out.toByteArray();
    }

    /** "name: value" or "name:value" (only when the value does not start with a space). */
    private static String field(String name, String value, Random random) {
        boolean space = value.startsWith(" ") || random.nextBoolean();
        return name + ":" + (space ? " " : "") + value;
    }

    private static List<SseEvent> parseInChunks(byte[] bytes, int chunk) throws Exception {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return events;
    }

    private static List<SseEvent> parseInRandomChunks(byte[] bytes, int maxChunk, Random random) throws Exception {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, random.nextInt(maxChunk + 1)); // zero-length feeds too
            parser.feed(bytes, i, n);
            i += n;
        }
        return events;
    }
}
