package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started that must be gone when it ends: child processes of this JVM and platform
 * threads (stdio pumps, timers). Virtual threads are not listed by the JVM; a parked one costs a
 * few hundred bytes and ends with its call.
 *
 * <p>Register it with {@code @RegisterExtension final Leaks leaks = new Leaks();}: it notes what
 * runs before each test, closes what the test handed to {@link #closing} (last first), then waits
 * until nothing the test started is left.
 */
final class Leaks implements BeforeEachCallback, AfterEachCallback {

    private Set<Long> processesBefore;
    private Set<String> threadsBefore;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        processesBefore = liveChildren();
        threadsBefore = platformThreads();
    }

    /** Closes {@code resource} when the test ends, before the leak check; returns it. */
    <T extends AutoCloseable> T closing(T resource) {
        toClose.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
        assertNoneLeft();
    }

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !t.isVirtual())
                .map(t -> t.getName() + "#" + t.threadId()).collect(Collectors.toSet());
    }

    /** Waits (bounded) until every process and gateway thread started since the snapshot is gone. */
    private void assertNoneLeft() {
        Awaitility.await("child processes to exit").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<Long> now = liveChildren();
            now.removeAll(processesBefore);
            assertThat(now).as("child processes left running").isEmpty();
        });
        Awaitility.await("gateway threads to end").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> left = platformThreads().stream().filter(t -> !threadsBefore.contains(t))
                    .filter(t -> t.startsWith("stdio-") || t.startsWith("gateway-") || t.startsWith("health-"))
                    .toList();
            assertThat(left).as("gateway threads left running").isEmpty();
        });
    }
}
