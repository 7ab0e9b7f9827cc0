package dev.mcpgateway.backend.stdio;

import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.jsonrpc.JsonSyntaxException;
import dev.mcpgateway.transport.LineReader;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads a child's stdout on its own platform thread: one JSON-RPC message per line, handed to
 * the receiver as the bytes that arrived. Anything else on stdout (a banner, a log line a server
 * printed to the wrong stream, an over-long line) is reported as garbage, and reading goes on.
 */
final class StdoutPump implements Runnable, LineReader.Sink {

    /** Where the pump's findings go; called on the pump thread. */
    interface Receiver {
        void message(JsonRpcMessage message);

        void garbage(String excerpt);

        /** stdout ended (EOF), or reading failed ({@code failure} non-null). Called last. */
        void stdoutEnded(IOException failure);
    }

    static final int EXCERPT_CHARS = 200;
    private static final int HEAD_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    private final String backend;
    private final InputStream stdout;
    private final int maxLineBytes;
    private final Receiver receiver;
    private final StdioCounters counters;
    private final LogRateLimiter warnings;

    StdoutPump(String backend, InputStream stdout, int maxLineBytes, LogRateLimiter warnings,
            StdioCounters counters, Receiver receiver) {
        this.backend = backend;
        this.stdout = stdout;
        this.maxLineBytes = maxLineBytes;
        this.warnings = warnings;
        this.counters = counters;
        this.receiver = receiver;
    }

    @Override
    public void run() {
        MDC.put("backend", backend);
        IOException failure = null;
        try {
            new LineReader(stdout, maxLineBytes, HEAD_BYTES).readAll(this);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            log.error("[{}] reading the backend's stdout failed", backend, e);
            failure = new IOException("stdout reader failed: " + e, e);
        } finally {
            try {
                reportSuppressed(warnings.takeSuppressed());
                receiver.stdoutEnded(failure);
            } finally {
                MDC.remove("backend");
            }
        }
    }

    @Override
    public void line(byte[] line) {
        int first = firstNonWhitespace(line);
        if (first == line.length) {
            return; // blank lines carry nothing
        }
        try {
            if (line[first] == '[') {
                batch(line);
            } else {
                JsonRpcMessage message = JsonRpc.parseMessage(line);
                counters.messagesIn.incrementAndGet();
                receiver.message(message);
            }
        } catch (JsonSyntaxException e) {
            garbage(Printable.excerpt(line, EXCERPT_CHARS), "not JSON: " + e.getMessage());
        } catch (InvalidMessageException e) {
            garbage(Printable.excerpt(line, EXCERPT_CHARS), "not a JSON-RPC message: " + e.getMessage());
        }
    }

    /** A 2025-03-26 batch on one line: each element is delivered (or reported) on its own. */
    private void batch(byte[] line) {
        if (JsonRpc.parseBody(line) instanceof JsonRpc.Body.Batch(var elements)) {
            for (JsonRpc.Body.Element element : elements) {
                if (element.message() != null) {
                    counters.messagesIn.incrementAndGet();
                    receiver.message(element.message());
                } else {
                    garbage(Printable.excerpt(line, EXCERPT_CHARS),
                            "a batch element is not a JSON-RPC message: " + element.invalid().getMessage());
                }
            }
        }
    }

    @Override
    public void overlongLine(byte[] head, long length) {
        String excerpt = Printable.excerpt(head, head.length, EXCERPT_CHARS);
        if (!excerpt.endsWith("…")) {
            excerpt += "…";
        }
        garbage(excerpt + " (" + length + " bytes)",
                "a line of " + length + " bytes, over the limit of " + maxLineBytes + " bytes, was skipped");
    }

    private void garbage(String excerpt, String why) {
        counters.garbageLines.incrementAndGet();
        long decision = warnings.admit();
        if (decision != LogRateLimiter.SUPPRESS) {
            reportSuppressed(decision);
            log.warn("[{}] the backend wrote something other than a JSON-RPC message on stdout ({}): {}",
                    backend, why, excerpt);
        }
        receiver.garbage(excerpt);
    }

    private void reportSuppressed(long suppressed) {
        if (suppressed > 0) {
            log.warn("[{}] suppressed {} more warnings about non-JSON-RPC output on stdout", backend, suppressed);
        }
    }

    private static int firstNonWhitespace(byte[] line) {
        int i = 0;
        while (i < line.length && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
            i++;
        }
        return i;
    }
}
