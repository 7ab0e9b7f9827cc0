package dev.mcpgateway.backend.stdio;

import dev.mcpgateway.transport.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads a child's stderr on its own platform thread and logs each line at INFO on the logger
 * {@value #LOGGER}, with the backend name in the MDC key {@code backend} and in the message.
 * Lines are escaped and cut to {@value #MAX_LINE_CHARS} characters, and at most
 * {@code linesPerSecond} are logged per second, the rest summarised. The last few lines are kept
 * to explain a crash; stack frames are logged but left out of them, because they would push the
 * error message itself out of those few lines, and the explanation reaches clients.
 */
final class StderrPump implements Runnable, LineReader.Sink {

    static final String LOGGER = "dev.mcpgateway.backend.stderr";
    static final int MAX_LINE_CHARS = 2000;
    static final int TAIL_LINES = 5;
    static final int TAIL_LINE_CHARS = 300;
    /** Longer lines are skipped after their first bytes, which are logged. */
    private static final int MAX_LINE_BYTES = 16 * 1024;

    /** Java's {@code ... 5 more} / {@code ... 5 common frames omitted}. */
    private static final Pattern ELIDED_FRAMES = Pattern.compile("\\.\\.\\. \\d+ (?:more|common frames omitted)");
    /** Node's location-only frame: {@code at file:///srv/x.js:1:2}, {@code at node:internal/timers:483:21}. */
    private static final Pattern NODE_LOCATION = Pattern.compile("at \\S+:\\d+:\\d+");

    private static final Logger stderrLog = LoggerFactory.getLogger(LOGGER);
    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    private final String backend;
    private final InputStream stderr;
    private final LogRateLimiter limiter;
    private final StdioCounters counters;
    /** The last lines, newest last; guarded by itself (read by the thread reporting an exit). */
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);

    StderrPump(String backend, InputStream stderr, LogRateLimiter limiter, StdioCounters counters) {
        this.backend = backend;
        this.stderr = stderr;
        this.limiter = limiter;
        this.counters = counters;
    }

    @Override
    public void run() {
        MDC.put("backend", backend);
        try {
            new LineReader(stderr, MAX_LINE_BYTES, 4 * MAX_LINE_CHARS).readAll(this);
        } catch (IOException e) {
            log.debug("[{}] reading the backend's stderr failed: {}", backend, e.toString());
        } catch (RuntimeException | Error e) {
            log.error("[{}] reading the backend's stderr failed", backend, e);
        } finally {
            reportSuppressed(limiter.takeSuppressed());
            MDC.remove("backend");
        }
    }

    /** The last few stderr lines (escaped, shortened), oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    @Override
    public void line(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (isBlank(line, length)) {
            return;
        }
        log(Printable.excerpt(line, length, MAX_LINE_CHARS));
    }

    @Override
    public void overlongLine(byte[] head, long length) {
        log(Printable.excerpt(head, head.length, MAX_LINE_CHARS) + " (" + length + " bytes)");
    }

    private void log(String text) {
        counters.stderrLines.incrementAndGet();
        if (!isStackFrame(text)) {
            keepInTail(text);
        }
        long decision = limiter.admit();
        if (decision == LogRateLimiter.SUPPRESS) {
            counters.stderrLinesSuppressed.incrementAndGet();
            return;
        }
        reportSuppressed(decision);
        stderrLog.info("[{}] {}", backend, text);
    }

    private void keepInTail(String text) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text.length() <= TAIL_LINE_CHARS ? text : text.substring(0, TAIL_LINE_CHARS) + "…");
        }
    }

    /**
     * A line of a Java, Node.js or Python stack trace ({@code \tat a.B.c(B.java:1)} with the tab
     * escaped by {@link Printable}, {@code     at f (file:///x.js:1:2)}, {@code ... 3 more},
     * {@code   File "x.py", line 3, in f}), as opposed to the error message above it.
     */
    static boolean isStackFrame(String line) {
        String t = line.strip();
        while (t.startsWith("\\t")) {
            t = t.substring(2).strip();
        }
        if (t.startsWith("at ")) {
            return (t.endsWith(")") && t.indexOf('(') > 0) || NODE_LOCATION.matcher(t).matches();
        }
        return ELIDED_FRAMES.matcher(t).matches() || (t.startsWith("File \"") && t.contains("\", line "));
    }

    private void reportSuppressed(long suppressed) {
        if (suppressed > 0) {
            stderrLog.info("[{}] suppressed {} stderr lines (more than the limit per second)", backend, suppressed);
        }
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
