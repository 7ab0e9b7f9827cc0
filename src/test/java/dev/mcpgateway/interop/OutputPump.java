package dev.mcpgateway.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the lines of a child process stream on a dedicated platform thread (blocking pipe reads
 * would pin a virtual thread's carrier), copies them to the test log with a prefix, keeps them
 * for assertions and lets tests wait for a line.
 */
final class OutputPump {

    private static final int MAX_KEPT_LINES = 20_000;

    private final String prefix;
    private final PrintStream log;
    private final Consumer<String> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private final Thread thread;

    private OutputPump(String name, InputStream in, String prefix, PrintStream log, Consumer<String> listener) {
        this.prefix = prefix;
        this.log = log;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> pump(in));
    }

    /** Starts pumping {@code in}; every line goes to {@code log} (if not null) as {@code prefix + line}. */
    static OutputPump start(String threadName, InputStream in, String prefix, PrintStream log) {
        return start(threadName, in, prefix, log, line -> {});
    }

    static OutputPump start(String threadName, InputStream in, String prefix, PrintStream log, Consumer<String> listener) {
        OutputPump pump = new OutputPump(threadName, in, prefix, log, listener);
        pump.thread.start();
        return pump;
    }

    private void pump(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (log != null) {
                    log.println(prefix + line);
                }
                try {
                    listener.accept(line);
                } catch (RuntimeException e) {
                    System.err.println(prefix + "line listener failed: " + e);
                }
                lock.lock();
                try {
                    if (lines.size() < MAX_KEPT_LINES) {
                        lines.add(line);
                    }
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // The stream was closed under us (process killed): the lines so far are all there is.
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    List<String> lines() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    /** The last {@code n} lines, joined for an error message. */
    String tail(int n) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * Waits until a line matches, the stream ends or the timeout passes. Returns the first matching
     * line (earlier lines count too).
     */
    Optional<String> await(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (match.test(lines.get(checked))) {
                        return Optional.of(lines.get(checked));
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    void join(Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
