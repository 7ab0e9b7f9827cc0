package dev.mcpgateway.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();

    private List<SseEvent> parse(String text) throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
        return events;
    }

    private static SseEvent event(String type, String data, String id) {
        return new SseEvent(type, data.getBytes(StandardCharsets.UTF_8), id);
    }

    @Test
    void dispatchesAMessageEventOnABlankLine() throws Exception {
        assertThat(parse("data: {\"a\":1}\n\n")).containsExactly(event("message", "{\"a\":1}", ""));
    }

    @Test
    void doesNotDispatchUntilTheBlankLineArrives() throws Exception {
        assertThat(parse("data: x\n")).isEmpty();
    }

    @Test
    void joinsDataLinesWithLineFeeds() throws Exception {
        assertThat(parse("data: a\ndata:b\ndata\ndata:  c\n\n"))
                .containsExactly(event("message", "a\nb\n\n c", ""));
    }

    @Test
    void readsTheEventTypeAndResetsItAfterEachEvent() throws Exception {
        assertThat(parse("event: endpoint\ndata: /message?sessionId=1\n\ndata: x\n\n"))
                .containsExactly(event("endpoint", "/message?sessionId=1", ""), event("message", "x", ""));
    }

    @Test
    void anEmptyEventTypeMeansMessage() throws Exception {
        assertThat(parse("event:\ndata: x\n\n")).containsExactly(event("message", "x", ""));
    }

    @Test
    void keepsTheLastEventIdAcrossEvents() throws Exception {
        assertThat(parse("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n"))
                .containsExactly(event("message", "a", "1"), event("message", "b", "1"), event("message", "c", ""));
    }

    @Test
    void remembersTheIdOfAnEventWithoutDataButDoesNotDispatchIt() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed("id: prime-7\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("prime-7");
    }

    @Test
    void dispatchesAnEventWhoseDataLineIsEmptyWithEmptyData() throws Exception {
        // WHATWG: "data:" appends an empty line, so the data buffer is not empty and the event fires.
        assertThat(parse("id: 3\ndata:\n\n")).containsExactly(event("message", "", "3"));
    }

    @Test
    void ignoresAnIdContainingNul() throws Exception {
        assertThat(parse("id: 1\n\nid: a\u0000b\ndata: x\n\n")).containsExactly(event("message", "x", "1"));
    }

    @Test
    void anIdOnlyBecomesTheLastEventIdAtTheBlankLine() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.lastEventId()).isEqualTo("1");
        parser.endOfStream();
        assertThat(parser.lastEventId()).isEqualTo("1");
        assertThat(events).containsExactly(event("message", "a", "1"));
    }

    @Test
    void ignoresCommentsAndUnknownFields() throws Exception {
        assertThat(parse(": keep-alive\nfoo: bar\ndata: x\n:another\n\n")).containsExactly(event("message", "x", ""));
    }

    @Test
    void removesOnlyOneSpaceAfterTheColon() throws Exception {
        assertThat(parse("data:   x\n\n")).containsExactly(event("message", "  x", ""));
    }

    @Test
    void fieldNamesAreCaseSensitive() throws Exception {
        assertThat(parse("Data: x\nDATA: y\n\n")).isEmpty();
    }

    @Test
    void acceptsCarriageReturnLineFeedAndMixedLineEndings() throws Exception {
        assertThat(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\r\n"))
                .containsExactly(event("message", "a", ""), event("message", "b", ""), event("message", "c", ""));
    }

    @Test
    void skipsALeadingByteOrderMarkOnly() throws Exception {
        assertThat(parse("\uFEFFdata: a\n\n\uFEFFdata: b\n\n")).containsExactly(event("message", "a", ""));
    }

    @Test
    void keepsBytesThatOnlyLookLikeTheStartOfAByteOrderMark() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed(new byte[] {(byte) 0xEF, (byte) 0xBB});
        parser.feed("data: x\n\ndata: y\n\n".getBytes(StandardCharsets.UTF_8));
        // The two bytes became part of an unknown field name, which is ignored.
        assertThat(events).containsExactly(event("message", "y", ""));
    }

    @Test
    void readsTheRetryFieldOnlyWhenItIsAllDigits() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed("retry: 1500\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.retryMillis()).isEqualTo(1500);
        parser.feed("retry: 2s\nretry:\nretry: -1\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.retryMillis()).isEqualTo(1500);
        assertThat(events).isEmpty();
    }

    @Test
    void discardsAHalfReceivedEventAtTheEndOfTheStream() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed("data: a\n\ndata: half".getBytes(StandardCharsets.UTF_8));
        parser.endOfStream();
        parser.feed("data: b\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(event("message", "a", ""), event("message", "b", ""));
    }

    @Test
    void aCarriageReturnAtTheEndOfAChunkSwallowsTheLineFeedStartingTheNext() throws Exception {
        SseParser parser = new SseParser(events::add);
        parser.feed("data: a\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).isEmpty(); // CRLF is one line ending, not an empty line
        parser.feed("\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(event("message", "a", ""));
    }

    @Test
    void yieldsTheSameEventsWhenTheInputIsSplitAtAnyByte() throws Exception {
        String text = "\uFEFF: hello\r\nid: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"é\":\"✓\"}}\r\n\r\n"
                + "retry: 250\rdata: two\rdata: lines\r\r"
                + "id: 2\ndata:\n\n"
                + "event: endpoint\ndata: /message?sessionId=abc\n\n"
                + "data: trailing";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> whole = new ArrayList<>();
        new SseParser(whole::add).feed(bytes);
        assertThat(whole).hasSize(4);
        for (int split = 0; split <= bytes.length; split++) {
            List<SseEvent> parts = new ArrayList<>();
            SseParser parser = new SseParser(parts::add);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertThat(parts).as("split at %d", split).isEqualTo(whole);
            assertThat(parser.retryMillis()).isEqualTo(250);
            assertThat(parser.lastEventId()).isEqualTo("2");
        }
        List<SseEvent> byteByByte = new ArrayList<>();
        SseParser parser = new SseParser(byteByByte::add);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        assertThat(byteByByte).isEqualTo(whole);
    }

    @Test
    void refusesAnEventLargerThanTheBound() {
        SseParser parser = new SseParser(events::add, 1024, "");
        byte[] big = ("data: " + "x".repeat(600) + "\ndata: " + "y".repeat(600) + "\n\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(big)).isInstanceOf(SseParser.EventTooLargeException.class)
                .hasMessageContaining("1024");
    }

    @Test
    void refusesAnEndlessLineEvenWhenItArrivesInSmallChunks() {
        SseParser parser = new SseParser(events::add, 1024, "");
        byte[] chunk = "xxxxxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                parser.feed(chunk);
            }
        }).isInstanceOf(SseParser.EventTooLargeException.class);
    }

    @Test
    void acceptsAnEventJustUnderTheBound() throws Exception {
        SseParser parser = new SseParser(events::add, 1024, "");
        String data = "z".repeat(1000);
        parser.feed(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(event("message", data, ""));
    }

    @Test
    void startsFromAGivenLastEventIdWhenResuming() throws Exception {
        SseParser parser = new SseParser(events::add, 4096, "41");
        parser.feed("data: x\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(event("message", "x", "41"));
    }

    @Test
    void handsOutADataArrayThatLaterEventsDoNotOverwrite() throws Exception {
        assertThat(parse("data: first\n\ndata: second\n\n"))
                .extracting(SseEvent::dataAsString).containsExactly("first", "second");
    }
}
