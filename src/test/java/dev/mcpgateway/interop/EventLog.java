package dev.mcpgateway.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The events a driver reported, in arrival order, with waiting. Written by the driver's reader
 * thread, read by test threads; one lock guards the list, and waiters are woken on every append.
 */
final class EventLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    // guarded by lock
    private final List<JsonNode> events = new ArrayList<>();
    private boolean ended;

    void append(JsonNode event) {
        lock.lock();
        try {
            events.add(event);
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more events will come (the driver exited): waiters stop waiting. */
    void end() {
        lock.lock();
        try {
            ended = true;
            appended.signalAll();
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

    List<JsonNode> matching(Predicate<JsonNode> filter) {
        lock.lock();
        try {
            return events.stream().filter(filter).toList();
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            events.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code count} events match (events already received count), the driver has
     * exited, or the timeout passes; returns what matched so far (possibly fewer than count).
     */
    List<JsonNode> await(Predicate<JsonNode> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> found = new ArrayList<>();
        lock.lock();
        try {
            int checked = 0;
            while (true) {
                for (; checked < events.size(); checked++) {
                    JsonNode event = events.get(checked);
                    if (filter.test(event)) {
                        found.add(event);
                        if (found.size() >= count) {
                            return found;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return found;
                }
                appended.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return found;
        } finally {
            lock.unlock();
        }
    }

    Optional<JsonNode> awaitFirst(Predicate<JsonNode> filter, Duration timeout) {
        List<JsonNode> found = await(filter, 1, timeout);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** A short summary of the events received, for failure messages. */
    String summary() {
        lock.lock();
        try {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : events) {
                String type = e.path("type").asString("?");
                String method = e.path("method").asString("");
                parts.add(method.isEmpty() ? type : type + " " + method);
            }
            return parts.toString();
        } finally {
            lock.unlock();
        }
    }
}
