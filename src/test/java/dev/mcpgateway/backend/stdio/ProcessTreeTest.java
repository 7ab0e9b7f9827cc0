package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessTreeTest {

    private Process process;
    private List<ProcessHandle> tree = List.of();

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void terminatesAProcessAndItsDescendantsWithSigterm() throws Exception {
        start("sleep 1000 & sleep 1000 & wait");
        tree = treeOf(3);

        List<ProcessHandle> survivors = ProcessTree.terminate(tree, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(survivors).isEmpty();
        assertThat(tree).noneMatch(ProcessTree::isAlive);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // SIGTERM, or sh reaped its children and finished before its own SIGTERM arrived.
        assertThat(process.exitValue()).as("not SIGKILL").isIn(128 + 15, 0);
    }

    @Test
    void escalatesToSigkillForProcessesThatIgnoreSigterm() throws Exception {
        start("trap '' TERM; sleep 1000 & sleep 1000");
        tree = treeOf(3);

        List<ProcessHandle> survivors = ProcessTree.terminateTree(process.toHandle(), Duration.ofMillis(200), Duration.ofSeconds(5));

        assertThat(survivors).isEmpty();
        assertThat(tree).noneMatch(ProcessTree::isAlive);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void listsDescendantsBeforeTheirAncestors() throws Exception {
        start("sh -c 'sleep 1000' & wait");
        tree = treeOf(3);
        assertThat(tree.getLast()).isEqualTo(process.toHandle());
        assertThat(tree.getFirst().parent()).hasValue(tree.get(1));
    }

    @Test
    void countsAZombieAsDead() throws Exception {
        // The inner sh exits at once, but its parent (exec'd into sleep) never reaps it.
        start("sh -c 'exit 0' & exec sleep 1000");
        ProcessHandle child = process.toHandle();
        await().atMost(Duration.ofSeconds(10)).until(() -> child.children().findAny().isPresent());
        ProcessHandle zombie = child.children().findFirst().orElseThrow();
        if (LinuxProcesses.available()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTree.isAlive(zombie));
            assertThat(zombie.isAlive()).as("the JDK still lists it").isTrue();
        }
        tree = List.of(child);
    }

    private void start(String script) throws IOException {
        process = new ProcessBuilder("sh", "-c", script).start();
    }

    private List<ProcessHandle> treeOf(int size) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTree.snapshot(process.toHandle()).size() == size);
        return ProcessTree.snapshot(process.toHandle());
    }
}
