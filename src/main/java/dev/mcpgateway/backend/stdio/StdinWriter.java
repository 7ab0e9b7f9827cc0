package dev.mcpgateway.backend.stdio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes queued lines to a child's stdin on one dedicated thread, so that senders (virtual
 * threads) never block in a pipe write when the child is slow to read.
 *
 * <p>A line is a view of the message's bytes, not a copy: the stream's buffer copies it anyway,
 * and a message's bytes never change once it exists (values share them freely), so the writer
 * only reads them.
 *
 * <p>The queue is bounded in bytes; when it is full, {@link #offer} refuses at once rather than
 * letting memory grow behind a child that stopped reading. A single line larger than the bound
 * is accepted when the queue is empty, so no valid message is unsendable.
 *
 * <p>Thread safety: {@code lock} guards the queue and the flags; the stream is used only by the
 * writer thread.
 */
final class StdinWriter implements Runnable {

    enum Offer { QUEUED, FULL, CLOSED }

    private static final byte[] NEWLINE = {'\n'};

    private final OutputStream stdin;
    private final long maxQueuedBytes;
    private final Consumer<IOException> onBrokenPipe;
    private final AtomicLong linesWritten;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** finish() was called: write what is queued, then close stdin. */
    private boolean finishing;
    /** The pipe broke or was closed: nothing more is accepted. */
    private boolean stopped;

    StdinWriter(OutputStream stdin, long maxQueuedBytes, AtomicLong linesWritten, Consumer<IOException> onBrokenPipe) {
        this.stdin = stdin;
        this.maxQueuedBytes = maxQueuedBytes;
        this.linesWritten = linesWritten;
        this.onBrokenPipe = onBrokenPipe;
    }

    /** Queues one line (without its {@code '\n'}, which is added when writing); {@code line} is only read. */
    Offer offer(ByteBuffer line) {
        lock.lock();
        try {
            if (finishing || stopped) {
                return Offer.CLOSED;
            }
            long size = line.remaining() + 1L;
            if (queuedBytes > 0 && queuedBytes + size > maxQueuedBytes) {
                return Offer.FULL;
            }
            queue.addLast(line);
            queuedBytes += size;
            changed.signal();
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting lines; the writer thread writes those queued, then closes stdin. */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        List<ByteBuffer> batch = new ArrayList<>();
        try {
            while (takeBatch(batch)) {
                long bytes = 0;
                for (ByteBuffer line : batch) {
                    stdin.write(line.array(), line.arrayOffset() + line.position(), line.remaining());
                    stdin.write(NEWLINE);
                    bytes += line.remaining() + 1L;
                }
                // One flush per batch: many small messages become one pipe write.
                stdin.flush();
                linesWritten.addAndGet(batch.size());
                release(bytes);
                batch.clear();
            }
        } catch (IOException e) {
            stop();
            onBrokenPipe.accept(e);
        } finally {
            stop();
            try {
                stdin.close();
            } catch (IOException ignored) {
                // The child is gone or going; its stdin is closed either way.
            }
        }
    }

    /** Waits for lines; false once finishing and everything was written. */
    private boolean takeBatch(List<ByteBuffer> batch) {
        lock.lock();
        try {
            while (queue.isEmpty() && !finishing && !stopped) {
                changed.awaitUninterruptibly();
            }
            if (stopped) {
                return false;
            }
            while (!queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            return !batch.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void release(long bytes) {
        lock.lock();
        try {
            queuedBytes -= bytes;
        } finally {
            lock.unlock();
        }
    }

    private void stop() {
        lock.lock();
        try {
            stopped = true;
            queue.clear();
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
    }
}
