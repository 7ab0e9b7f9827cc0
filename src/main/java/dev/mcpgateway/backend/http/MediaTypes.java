package dev.mcpgateway.backend.http;

import java.util.Locale;

/** Content types of MCP HTTP responses. */
final class MediaTypes {

    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream";

    private MediaTypes() {}

    /** The media type of a {@code Content-Type} value without parameters, lower case; "" if absent. */
    static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String contentType) {
        return JSON.equals(essence(contentType));
    }

    static boolean isEventStream(String contentType) {
        return EVENT_STREAM.equals(essence(contentType));
    }
}
