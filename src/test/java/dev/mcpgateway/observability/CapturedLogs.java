package dev.mcpgateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the gateway logs while a test runs, at TRACE: the events (with their fields) and
 * the JSON lines exactly as the gateway writes them in production (JSON encoder, secrets scrubbed).
 */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> json = new OutputStreamAppender<>();

    CapturedLogs() {
        LoggerContext context = root.getLoggerContext();
        events.setContext(context);
        events.start();
        json.setContext(context);
        json.setEncoder(LogRedaction.scrubbing(Logging.encoder(context, Logging.Format.JSON)));
        json.setOutputStream(bytes);
        json.setImmediateFlush(true);
        json.start();
        root.addAppender(events);
        root.addAppender(json);
        root.setLevel(Level.TRACE);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(events.list);
    }

    /** The JSON lines written so far. */
    String jsonLines() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        root.setLevel(rootLevel);
        root.detachAppender(events);
        root.detachAppender(json);
        events.stop();
        json.stop();
    }
}
