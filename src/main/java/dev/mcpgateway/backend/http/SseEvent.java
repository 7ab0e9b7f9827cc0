package dev.mcpgateway.backend.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One dispatched Server-Sent Event, as {@link SseParser} produces it.
 *
 * <p>{@code data} holds the event's data lines joined with {@code \n}, as raw bytes (for MCP it
 * is one JSON-RPC message, handed to the JSON layer without decoding). The array belongs to the
 * event: the parser never reuses it, and readers must not modify it.
 *
 * @param type the event type; {@code "message"} when the server sent no {@code event:} field
 * @param data the data bytes, never null (empty when the event had only empty {@code data:} lines)
 * @param id the stream's last event id at dispatch (ids persist across events, as in the WHATWG
 *     model); the empty string when the server never sent one
 */
public record SseEvent(String type, byte[] data, String id) {

    /** The default event type. */
    public static final String MESSAGE = "message";

    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }

    /** The data decoded as UTF-8 (for tests and diagnostics; messages are parsed from bytes). */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether this is a {@code message} event (the default type). */
    public boolean isMessage() {
        return MESSAGE.equals(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent other
                && type.equals(other.type)
                && id.equals(other.id)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, id, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SseEvent[type=" + type + ", id=" + id + ", data=" + dataAsString() + "]";
    }
}
