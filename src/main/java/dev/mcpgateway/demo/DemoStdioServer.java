package dev.mcpgateway.demo;

import dev.mcpgateway.jsonrpc.InvalidMessageException;
import dev.mcpgateway.jsonrpc.JsonRpc;
import dev.mcpgateway.jsonrpc.JsonSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server over stdio: newline-delimited JSON-RPC on an input and an output stream.
 *
 * <p>The caller's (platform) thread reads lines; each message is answered on its own virtual
 * thread, so a slow call does not hold up a ping or the cancellation aimed at it. Writes to the
 * output are serialised by one lock and flushed per message. End of input ends {@link #run}
 * promptly (exit code 0): calls still running are cancelled, answers being written get at most
 * {@link #END_OF_INPUT_GRACE}.
 */
public final class DemoStdioServer {

    /** Exit code of the crash fault (also what {@link #run} returns after one). */
    public static final int CRASH_EXIT_CODE = 3;
    /** How long end of input waits for answers still being written. */
    static final Duration END_OF_INPUT_GRACE = Duration.ofSeconds(1);
    /** Lines longer than this are answered with a parse error and skipped. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DemoStdioServer.class);

    private final DemoServer server;
    private final InputStream in;
    private final OutputStream out;
    private final Runnable onCrash;
    private final DemoSession session = new DemoSession();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Set under {@link #writeLock} by a crash: nothing more is written. */
    private boolean dead;

    /**
     * @param onCrash what the crash fault does after output has been shut: the CLI halts the JVM;
     *     tests record it
     */
    public DemoStdioServer(DemoServer server, InputStream in, OutputStream out, Runnable onCrash) {
        this.server = server;
        this.in = in;
        this.out = out;
        this.onCrash = onCrash;
    }

    /**
     * Serves until end of input.
     *
     * @return 0 at end of input, {@link #CRASH_EXIT_CODE} if a crash fault fired
     */
    public int run() throws IOException {
        LineReader lines = new LineReader(in, MAX_LINE_BYTES);
        ExecutorService handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("demo-stdio-", 0).factory());
        try {
            while (true) {
                byte[] line = lines.next();
                if (line == null) {
                    return crashed() ? CRASH_EXIT_CODE : 0;
                }
                if (line == LineReader.TOO_LONG) {
                    write(DemoServer.parseError("message longer than " + MAX_LINE_BYTES + " bytes"));
                } else if (!isBlank(line)) {
                    handlers.execute(() -> write(answer(line)));
                }
            }
        } finally {
            // End of input: the client is shutting down. Answers already computed are still
            // written (a client may pipe requests and close), running calls are cancelled, and we
            // wait only briefly: a writer blocked on a stdout nobody reads must not keep us alive.
            session.cancelAll();
            handlers.shutdown();
            try {
                handlers.awaitTermination(END_OF_INPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handlers.shutdownNow();
        }
    }

    private DemoReply answer(byte[] line) {
        try {
            return switch (JsonRpc.parseBody(line)) {
                case JsonRpc.Body.Single single -> server.handle(session, single.message(), this::writeMessage);
                case JsonRpc.Body.Batch batch -> server.handleBatch(session, batch, this::writeMessage);
            };
        } catch (JsonSyntaxException e) {
            return DemoServer.parseError(e.getMessage());
        } catch (InvalidMessageException e) {
            return DemoServer.invalid(e);
        }
    }

    private void write(DemoReply reply) {
        switch (reply) {
            case DemoReply.Response(byte[] json) -> writeMessage(json);
            case DemoReply.Silent.GARBAGE -> writeMessage(DemoMessages.GARBAGE);
            case DemoReply.Silent.CRASH -> crash();
            case DemoReply.Silent.NONE, DemoReply.Silent.HANG -> { }
        }
    }

    private void writeMessage(byte[] message) {
        writeLock.lock();
        try {
            if (dead) {
                return;
            }
            out.write(message);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // The client closed our stdout; reading will hit end of input soon. Nothing to answer to.
            LOG.debug("demo-server: cannot write to stdout: {}", e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    private void crash() {
        writeLock.lock();
        try {
            if (dead) {
                return;
            }
            dead = true;
        } finally {
            writeLock.unlock();
        }
        LOG.warn("demo-server: crash fault: exiting with code {} without answering", CRASH_EXIT_CODE);
        onCrash.run();
    }

    private boolean crashed() {
        writeLock.lock();
        try {
            return dead;
        } finally {
            writeLock.unlock();
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads '\n'-terminated lines as bytes (UTF-8 is left to the JSON scanner); strips one trailing '\r'. */
    static final class LineReader {
        static final byte[] TOO_LONG = new byte[0];

        private final InputStream in;
        private final int maxLine;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private byte[] line = new byte[1024];

        LineReader(InputStream in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        /** The next line, {@link #TOO_LONG} for an oversized one (skipped), or null at end of input. */
        byte[] next() throws IOException {
            int length = 0;
            boolean tooLong = false;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buf);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        // A last line without '\n' still counts as a message.
                        return length == 0 && !tooLong ? null : finish(length, tooLong);
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                int chunk = pos - start;
                if (!tooLong) {
                    if (length + chunk > maxLine) {
                        tooLong = true;
                    } else {
                        if (length + chunk > line.length) {
                            line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                        }
                        System.arraycopy(buf, start, line, length, chunk);
                        length += chunk;
                    }
                }
                if (pos < limit) {
                    pos++; // the '\n'
                    return finish(length, tooLong);
                }
            }
        }

        private byte[] finish(int length, boolean tooLong) {
            if (tooLong) {
                return TOO_LONG;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return Arrays.copyOf(line, length);
        }
    }
}
