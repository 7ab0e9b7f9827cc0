package dev.mcpgateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logging at startup: always to stderr (stdout carries MCP in stdio mode), as text or
 * JSON lines, with a root level and per-logger levels.
 *
 * <p>Levels come from {@code --log-level} and from {@code MCP_GATEWAY_LOG}, whose syntax is
 * {@code info,dev.mcpgateway.backend=debug}: an optional root level, then {@code logger=level}
 * pairs. The command-line level wins for the root.
 */
public final class Logging {

    /** Output formats. */
    public enum Format { TEXT, JSON }

    private Logging() {}

    public static void configure(Format format, String rootLevel, String spec) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, format));
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.INFO);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        applySpec(context, spec);
        if (rootLevel != null && !rootLevel.isBlank()) {
            root.setLevel(parseLevel(rootLevel));
        }
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%n");
        text.start();
        return text;
    }

    private static void applySpec(LoggerContext context, String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(parseLevel(item));
            } else {
                context.getLogger(item.substring(0, eq).trim()).setLevel(parseLevel(item.substring(eq + 1)));
            }
        }
    }

    /** A level name (trace, debug, info, warn/warning, error, off); throws on anything else. */
    public static Level parseLevel(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            case "off" -> Level.OFF;
            default -> throw new IllegalArgumentException("unknown log level `" + name.trim() + "` (use trace, debug, info, warn, error or off)");
        };
    }
}
