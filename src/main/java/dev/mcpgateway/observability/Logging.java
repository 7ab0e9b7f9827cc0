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
 *
 * <p>JSON lines carry {@code timestamp}, {@code level}, {@code logger}, {@code thread},
 * {@code message} and, where they apply, the request's fields ({@link LogContext}:
 * {@code request_id}, {@code trace_id}, {@code span_id}, {@code session}, {@code backend},
 * {@code method}, {@code latency_ms}). Text lines end with {@code request_id=...} when there is one.
 *
 * <p>Per-request lines are DEBUG on {@code dev.mcpgateway.requests}; the access log (one INFO line
 * per request on {@code dev.mcpgateway.access}) is off unless {@code --access-log} or
 * {@code MCP_GATEWAY_LOG=dev.mcpgateway.access=info} turns it on.
 */
public final class Logging {

    /** Output formats. */
    public enum Format { TEXT, JSON }

    private Logging() {}

    static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%replace( request_id=%X{request_id}){' request_id=$', ''}%n";

    public static void configure(Format format, String rootLevel, String spec) {
        configure(format, rootLevel, spec, false);
    }

    /**
     * @param accessLog whether to write the access log (one INFO line per request)
     */
    public static void configure(Format format, String rootLevel, String spec, boolean accessLog) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        install(context, format, rootLevel, spec, accessLog);
    }

    /**
     * The defaults every command starts with (text lines, INFO), set while Logback initialises,
     * before any configuration file is looked for; see {@link DefaultLogConfigurator}.
     */
    static void installDefaults(LoggerContext context) {
        install(context, Format.TEXT, null, null, false);
    }

    private static void install(LoggerContext context, Format format, String rootLevel, String spec, boolean accessLog) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(LogRedaction.scrubbing(encoder(context, format)));
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.INFO);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // The OpenTelemetry SDK logs through JUL; its per-batch export failures are noise at INFO.
        context.getLogger("io.opentelemetry").setLevel(Level.WARN);
        context.getLogger(RequestLog.ACCESS).setLevel(Level.OFF);
        applySpec(context, spec);
        if (accessLog) {
            context.getLogger(RequestLog.ACCESS).setLevel(Level.INFO);
        }
        if (rootLevel != null && !rootLevel.isBlank()) {
            root.setLevel(parseLevel(rootLevel));
        }
    }

    /** The encoder of {@code format}, before secrets are scrubbed. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(context);
            json.getFieldNames().setTimestamp("timestamp");
            json.getFieldNames().setLogger("logger");
            json.getFieldNames().setThread("thread");
            json.getFieldNames().setVersion("[ignore]");
            json.getFieldNames().setLevelValue("[ignore]");
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
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
