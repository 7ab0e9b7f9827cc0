package dev.mcpgateway.backend.http;

import java.util.function.BiConsumer;

/**
 * Extra headers for each POST that carries a message to a backend, decided when it is sent (on
 * the sending thread): the trace context of the call and its request id. Added after the
 * configured headers, so they win over a configured header of the same name.
 *
 * <p>Implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface OutboundHeaders {

    OutboundHeaders NONE = header -> {};

    /** Calls {@code header} with each name and value to add. */
    void addTo(BiConsumer<String, String> header);
}
