package dev.mcpgateway.failsafe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * What a test started that must be gone when it ends: child processes of this JVM and platform
 * threads (stdio pumps, timers). Virtual threads are not listed by the JVM; a parked one costs a
 * few hundred bytes and ends with its call.
 */
final class Leaks {

    private final Set<Long> processesBefore;
    private final Set<String> threadsBefore;

    private Leaks() {
        this.processesBefore = liveChildren();
        this.threadsBefore = platformThreads();
    }

    static Leaks snapshot() {
        return new Leaks();
    }

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !t.isVirtual())
                .map(t -> t.getName() + "#" + t.threadId()).collect(Collectors.toSet());
    }

    /** Waits (bounded) until every process and gateway thread started since the snapshot is gone. */
    void assertNoneLeft() {
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
