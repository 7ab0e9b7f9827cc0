package dev.mcpgateway.backend.stdio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends a process together with everything it started: SIGTERM to all, a grace period, then
 * SIGKILL to the survivors.
 *
 * <p>Take the {@link #snapshot} <em>before</em> signalling anything: once a parent dies its
 * children are re-parented and can no longer be found from it. Liveness treats a zombie (ended,
 * not yet reaped by its parent) as dead: it holds no resources but its process-table slot, and
 * only its parent (or init) can remove it.
 */
public final class ProcessTree {

    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private ProcessTree() {}

    /**
     * {@code root} and all its living descendants, deepest first and {@code root} last, so that
     * signalling in this order lets living parents reap their children.
     */
    public static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> descendants = new ArrayList<>(root.descendants().filter(ProcessTree::isAlive).toList());
        // descendants() lists children before grandchildren; reversed, the deepest come first.
        List<ProcessHandle> ordered = new ArrayList<>(descendants.reversed());
        if (isAlive(root)) {
            ordered.add(root);
        }
        return ordered;
    }

    /** Whether the process is running: exists and is not a zombie. */
    public static boolean isAlive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        return LinuxProcesses.stat(process.pid()).map(s -> !s.isZombie()).orElse(true);
    }

    /** Whether the process with this id is running (see {@link #isAlive(ProcessHandle)}). */
    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::isAlive).orElse(false);
    }

    /** {@link #terminate} applied to a {@link #snapshot} of {@code root}. */
    public static List<ProcessHandle> terminateTree(ProcessHandle root, Duration termGrace, Duration killWait) {
        return terminate(snapshot(root), termGrace, killWait);
    }

    /**
     * Sends SIGTERM to every process, waits up to {@code termGrace} for all to end, sends SIGKILL
     * to those still running and waits up to {@code killWait} for them.
     *
     * @return the processes still running afterwards (empty unless something is stuck in the
     *     kernel or signals are not permitted)
     */
    public static List<ProcessHandle> terminate(
            Collection<? extends ProcessHandle> processes, Duration termGrace, Duration killWait) {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> targets = new ArrayList<>();
        for (ProcessHandle p : new LinkedHashSet<>(processes)) {
            if (p.pid() != self) {
                targets.add(p);
            }
        }
        List<ProcessHandle> alive = stillAlive(targets);
        if (alive.isEmpty()) {
            return alive;
        }
        alive.forEach(ProcessHandle::destroy);
        alive = awaitEnd(alive, termGrace);
        if (alive.isEmpty()) {
            return alive;
        }
        alive.forEach(ProcessHandle::destroyForcibly);
        return awaitEnd(alive, killWait);
    }

    /** Waits up to {@code timeout} for all the processes to end; returns those still running. */
    public static List<ProcessHandle> awaitEnd(Collection<? extends ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = MIN_POLL_NANOS;
        List<ProcessHandle> alive = stillAlive(processes);
        // Polling rather than onExit(): for processes that are not our children the JDK polls
        // anyway, with one thread per process.
        while (!alive.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
            alive = stillAlive(alive);
        }
        return alive;
    }

    /** Living processes in the session {@code sessionId} (Linux only; empty elsewhere). */
    static List<ProcessHandle> sessionMembers(long sessionId) {
        List<ProcessHandle> members = new ArrayList<>();
        for (long pid : LinuxProcesses.sessionMembers(sessionId)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            handle.filter(ProcessTree::isAlive).ifPresent(members::add);
        }
        return members;
    }

    private static List<ProcessHandle> stillAlive(Collection<? extends ProcessHandle> processes) {
        List<ProcessHandle> alive = new ArrayList<>(processes.size());
        for (ProcessHandle p : processes) {
            if (isAlive(p)) {
                alive.add(p);
            }
        }
        return alive;
    }
}
