package dev.mcpgateway.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends process trees that a test started, by PID only (never by name).
 *
 * <p>Descendants must be captured while their parent is still alive: once it exits they are
 * re-parented and no longer show up as its descendants. {@link ProcessHandle} objects remember
 * the start time of their process, so a handle never kills a recycled PID.
 */
final class ProcessTrees {

    private ProcessTrees() {}

    /** The process and all its current descendants, parent first. */
    static List<ProcessHandle> snapshot(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return new ArrayList<>(tree);
    }

    static List<ProcessHandle> alive(List<ProcessHandle> processes) {
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it has. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Waits up to {@code timeout} until none of the processes is alive; returns the survivors. */
    static List<ProcessHandle> awaitAllExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            long left = Math.max(0, deadline - System.nanoTime());
            awaitExit(p, Duration.ofNanos(left));
        }
        return alive(processes);
    }

    /**
     * Ends every listed process that is still alive: SIGTERM, then SIGKILL after {@code grace}.
     * Returns true if all are gone afterwards.
     */
    static boolean terminate(List<ProcessHandle> processes, Duration grace) {
        List<ProcessHandle> alive = alive(processes);
        if (alive.isEmpty()) {
            return true;
        }
        alive.forEach(ProcessHandle::destroy);
        List<ProcessHandle> stubborn = awaitAllExit(alive, grace);
        stubborn.forEach(ProcessHandle::destroyForcibly);
        return awaitAllExit(stubborn, Duration.ofSeconds(5)).isEmpty();
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(p.info().command().orElse("?")))
                .toList()
                .toString();
    }
}
