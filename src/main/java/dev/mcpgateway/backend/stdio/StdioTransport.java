package dev.mcpgateway.backend.stdio;

import dev.mcpgateway.backend.PermanentFailureException;
import dev.mcpgateway.backend.UpstreamException;
import dev.mcpgateway.backend.UpstreamTransport;
import dev.mcpgateway.jsonrpc.JsonRpcMessage;
import dev.mcpgateway.transport.Framing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The MCP stdio transport to a server that runs as a child process: newline-delimited JSON-RPC
 * on the child's stdin and stdout, free-form logging on its stderr.
 *
 * <p>One instance is one child process lifetime. Once the child has exited or the transport is
 * closed it stays done; the session layer creates a new transport to restart the server.
 *
 * <h2>Threads</h2>
 * Three platform daemon threads per child: {@code stdio-<backend>-out} reads stdout,
 * {@code -err} reads stderr, {@code -in} writes stdin (blocked pipe I/O would pin a virtual
 * thread's carrier). When the child ends on its own, a short-lived {@code -exit} thread takes
 * the process tree down and reports it. Listener callbacks come from the {@code -out} thread
 * (messages, garbage, in the order the child wrote them) and from the {@code -exit} thread
 * ({@code onClosed}, after every message).
 *
 * <h2>Sending</h2>
 * {@link #send} queues the line for the {@code -in} thread and returns: "the server has it"
 * means "queued for its stdin", so a sender never blocks on a slow child. The queue is bounded
 * in bytes; a child that stops reading makes {@code send} fail at once.
 *
 * <h2>Ending</h2>
 * {@code onClosed} is called exactly once when the child ends on its own (exits, closes its
 * stdout, or stops reading its stdin), with a reason such as {@code exited with code 3} and the
 * last stderr lines. It is not called for an ending the owner asked for with {@link #close}.
 * Either way, every process of the child's tree is terminated: the child runs in its own
 * session where {@code setsid} is available (Linux), so even processes that outlived it are
 * found; elsewhere its descendants are found while it is still alive.
 *
 * <p>Thread safety: all public methods may be called from any thread; {@code send} from many at
 * once; {@code close} may race with {@code send} and with the child's exit.
 */
public final class StdioTransport implements UpstreamTransport {

    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);
    /** How long a failing send waits for a dead child's stderr to be read (only before its exit is reported). */
    private static final Duration STDERR_DRAIN_WAIT = Duration.ofMillis(250);

    /** What a transport has moved so far. */
    public record Stats(
            long messagesIn, long messagesOut, long garbageLines, long stderrLines, long stderrLinesSuppressed,
            long queuedBytes) {}

    /** Why the child stopped being usable, as noticed first. */
    private enum Cause {
        EXITED("exited"),
        STDOUT_CLOSED("closed its stdout"),
        STDIN_BROKEN("stopped reading its stdin (broken pipe)");

        final String text;

        Cause(String text) {
            this.text = text;
        }
    }

    private enum State { NEW, RUNNING, CLOSED }

    private final String backend;
    private final List<String> command;
    private final Map<String, String> configuredEnv;
    private final Path workingDirectory;
    private final Duration stdinCloseGrace;
    private final Duration terminateGrace;
    private final Duration killWait;
    private final Duration threadJoinTimeout;
    private final int maxLineBytes;
    private final long maxQueuedBytes;
    private final int stderrLinesPerSecond;
    private final boolean ownSession;
    private final Map<String, String> gatewayEnvironment;

    private final StdioCounters counters = new StdioCounters();
    private final CallbackGate gate = new CallbackGate();
    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

    // Guarded by lifecycleLock: the state, the start of close, the start of the -exit thread.
    private final Object lifecycleLock = new Object();
    private State state = State.NEW;
    private boolean closeRequested;
    private boolean endNoticed;
    private Thread exitThread;

    // Set once by start() (under lifecycleLock) before any reader runs; read-only afterwards.
    private volatile Process process;
    private volatile StdinWriter writer;
    private Listener listener;
    private StderrPump stderrPump;
    private Thread stdoutThread;
    private Thread stderrThread;
    private Thread writerThread;
    private boolean inOwnSession;

    /** Non-null once the child is gone or going; sends fail with it. */
    private volatile String notRunningBecause;
    /** The child ended on its own (not by close): its stderr explains why. */
    private volatile boolean endedOnItsOwn;
    /** The full explanation of an ending on its own (reason and last stderr lines), once reported. */
    private volatile String exitReport;

    // Guarded by teardownLock: taking the process tree down happens once.
    private final ReentrantLock teardownLock = new ReentrantLock();
    private boolean tornDown;
    private boolean childSignalled;

    private StdioTransport(Builder b) {
        this.backend = b.backend;
        this.command = List.copyOf(b.command);
        this.configuredEnv = Map.copyOf(b.env);
        this.workingDirectory = b.workingDirectory;
        this.stdinCloseGrace = b.stdinCloseGrace;
        this.terminateGrace = b.terminateGrace;
        this.killWait = b.killWait;
        this.threadJoinTimeout = b.threadJoinTimeout;
        this.maxLineBytes = b.maxLineBytes;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.stderrLinesPerSecond = b.stderrLinesPerSecond;
        this.ownSession = b.ownSession;
        this.gatewayEnvironment = b.gatewayEnvironment;
    }

    /**
     * Starts configuring a transport.
     *
     * @param backend the backend's name, used in thread names, logs and error messages
     * @param command argv, already split; argv[0] is looked up in the PATH of the child's
     *     environment unless it contains a {@code '/'}
     */
    public static Builder builder(String backend, List<String> command) {
        return new Builder(backend, command);
    }

    @Override
    public String kind() {
        return "stdio";
    }

    /** The backend's name. */
    public String backend() {
        return backend;
    }

    /** The child's process id, once started. */
    public OptionalLong pid() {
        Process p = process;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
    }

    /** Counters since start. */
    public Stats stats() {
        StdinWriter w = writer;
        return new Stats(counters.messagesIn.get(), counters.messagesOut.get(), counters.garbageLines.get(),
                counters.stderrLines.get(), counters.stderrLinesSuppressed.get(), w == null ? 0 : w.queuedBytes());
    }

    /**
     * Spawns the child with a clean environment and starts the pump threads.
     *
     * @throws UpstreamException ({@code reachedServer=false}) if the program cannot be found or
     *     started, the working directory is missing, or the transport was closed
     * @throws IllegalStateException if called twice
     */
    @Override
    public void start(Listener listener) throws UpstreamException {
        Objects.requireNonNull(listener, "listener");
        synchronized (lifecycleLock) {
            if (state == State.CLOSED) {
                throw new UpstreamException(describe() + ": the transport is closed", false);
            }
            if (state != State.NEW) {
                throw new IllegalStateException("start() was already called");
            }
            Path cwd = workingDirectory();
            Map<String, String> childEnv = ChildEnvironment.of(gatewayEnvironment, configuredEnv);
            Path program;
            try {
                program = ProgramResolver.resolve(command.getFirst(), childEnv.get("PATH"), cwd);
            } catch (ProgramResolver.NotExecutableException e) {
                throw new PermanentFailureException(describe() + ": cannot start: " + e.getMessage());
            }
            List<String> argv = new ArrayList<>(command.size() + 1);
            Optional<Path> setsid = ownSession && LinuxProcesses.available() ? ProgramResolver.setsid() : Optional.empty();
            // setsid(1) makes the child a session leader and then execs the program in place
            // (same pid), so everything the child starts can be found again by its session id.
            setsid.ifPresent(path -> argv.add(path.toString()));
            argv.add(program.toString());
            argv.addAll(command.subList(1, command.size()));

            ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
            builder.environment().clear();
            builder.environment().putAll(childEnv);
            Process p;
            try {
                p = builder.start();
            } catch (IOException | RuntimeException e) {
                // The JDK's message names the program and the errno, never arguments or env values.
                String message = describe() + ": cannot start \"" + command.getFirst() + "\": " + e.getMessage();
                throw isPermanent(e) ? new PermanentFailureException(message, e) : new UpstreamException(message, false, e);
            }
            try {
                launchPumps(p, listener);
            } catch (RuntimeException | Error e) {
                // Pumps already running end with the child; they must not report a transport that
                // never started.
                closeRequested = true;
                state = State.CLOSED;
                notRunningBecause = "it could not be started";
                ProcessTree.terminateTree(p.toHandle(), Duration.ZERO, killWait);
                closeDone.complete(null);
                throw new UpstreamException(describe() + ": cannot start its I/O threads: " + e, false, e);
            }
            inOwnSession = setsid.isPresent();
            state = State.RUNNING;
            log.info("[{}] started stdio backend {} with {} argument(s), pid {}{}", backend, program,
                    command.size() - 1, p.pid(), inOwnSession ? " (own session)" : "");
            p.onExit().thenRun(() -> childEnded(Cause.EXITED));
        }
    }

    private void launchPumps(Process p, Listener listener) {
        this.listener = listener;
        this.process = p;
        StdinWriter w = new StdinWriter(p.getOutputStream(), maxQueuedBytes, counters.messagesOut,
                e -> childEnded(Cause.STDIN_BROKEN));
        StdoutPump stdout = new StdoutPump(backend, p.getInputStream(), maxLineBytes,
                new LogRateLimiter(10, System::nanoTime), counters, new StdoutReceiver());
        stderrPump = new StderrPump(backend, p.getErrorStream(),
                new LogRateLimiter(stderrLinesPerSecond, System::nanoTime), counters);
        stdoutThread = pumpThread("out").unstarted(stdout);
        stderrThread = pumpThread("err").unstarted(stderrPump);
        writerThread = pumpThread("in").unstarted(w);
        writer = w;
        stdoutThread.start();
        stderrThread.start();
        writerThread.start();
    }

    private Thread.Builder.OfPlatform pumpThread(String role) {
        return Thread.ofPlatform().daemon().name("stdio-" + backend + "-" + role);
    }

    private Path workingDirectory() throws UpstreamException {
        Path cwd = (workingDirectory == null ? Path.of("") : workingDirectory).toAbsolutePath();
        if (!Files.isDirectory(cwd)) {
            throw new PermanentFailureException(
                    describe() + ": cannot start: working directory " + cwd + " does not exist or is not a directory");
        }
        return cwd;
    }

    /**
     * exec failed with ENOENT or EACCES ("error=2," / "error=13," in the JDK's message): the program
     * vanished or lost its permissions between resolving and starting; starting again fails the same
     * way. Other errors (EAGAIN: too many processes, ENOMEM) may pass, so they are retried.
     */
    private static boolean isPermanent(Exception e) {
        String message = e.getMessage();
        return e instanceof IOException && message != null && (message.contains("error=2,") || message.contains("error=13,"));
    }

    /**
     * Queues one message for the child's stdin and returns: the message counts as delivered once
     * it is queued, not when the child has read it. Raw {@code '\n'}/{@code '\r'} bytes (in valid
     * JSON they can only be insignificant whitespace) become spaces, so the message is one line.
     *
     * @throws UpstreamException ({@code reachedServer=false}) if the child is not running or its
     *     input queue is full because it stopped reading
     */
    @Override
    public void send(JsonRpcMessage message) throws UpstreamException {
        StdinWriter w = writer;
        if (w == null) {
            throw new UpstreamException(describe() + " is not running (the transport was "
                    + (state() == State.CLOSED ? "closed" : "not started") + ")", false);
        }
        String notRunning = notRunningBecause;
        if (notRunning != null) {
            throw new UpstreamException(describe() + " is not running (" + explainEnd(notRunning) + ")", false);
        }
        switch (w.offer(Framing.singleLineView(message.json()))) {
            case QUEUED -> {}
            case FULL -> throw new UpstreamException(describe() + " is not reading its input ("
                    + (maxQueuedBytes >> 10) + " KiB are queued for its stdin)", false);
            case CLOSED -> throw new UpstreamException(describe() + " is not running ("
                    + explainEnd(Objects.requireNonNullElse(notRunningBecause, "its stdin is closed")) + ")", false);
        }
    }

    /**
     * Why sends fail: for a child that ended on its own, the reason with its last stderr lines, as
     * {@code onClosed} reports it. A send can race with that report (the initialize of a command that
     * exits at once usually does); it then gives the stderr pump a moment to read the child's last
     * words, which are often the only clue to what went wrong (a missing variable, a bad argument).
     */
    private String explainEnd(String reason) {
        String report = exitReport;
        if (report != null) {
            return report;
        }
        if (!endedOnItsOwn) {
            // The writer can see the pipe close before the exit is noticed: wait a moment for the exit itself.
            Process p = process;
            if (p == null || !exitsSoon(p)) {
                return reason;
            }
            reason = ExitStatus.describe(p.exitValue());
        }
        Thread stderr = stderrThread;
        if (stderr != null && stderr != Thread.currentThread()) {
            try {
                stderr.join(STDERR_DRAIN_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return reason + stderrTail();
    }

    private boolean exitsSoon(Process p) {
        synchronized (lifecycleLock) {
            if (closeRequested) {
                return false;
            }
        }
        try {
            return p.waitFor(STDERR_DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes stdin, waits {@code stdinCloseGrace} for the child to exit, sends SIGTERM to the
     * child and all its descendants, waits {@code terminateGrace}, sends SIGKILL to what is left
     * and waits for it. Returns when the whole tree is gone and the pump threads have ended (each
     * wait is bounded). Idempotent; no listener call happens after it returns.
     */
    @Override
    public void close() {
        boolean first;
        Thread exitThreadToJoin;
        synchronized (lifecycleLock) {
            first = !closeRequested;
            closeRequested = true;
            exitThreadToJoin = exitThread;
            if (state == State.NEW) {
                state = State.CLOSED;
                closeDone.complete(null);
                return;
            }
            state = State.CLOSED;
        }
        if (!first) {
            // A listener closing the transport from a callback must not wait for the close that
            // is waiting for that very callback.
            if (!gate.isInsideCallback()) {
                closeDone.join();
            }
            return;
        }
        boolean insideCallback = gate.isInsideCallback();
        try {
            if (notRunningBecause == null) {
                notRunningBecause = "the transport was closed";
            }
            gate.shut();
            tearDown();
            if (exitThreadToJoin != null && !insideCallback) {
                join(exitThreadToJoin);
            }
            log.info("[{}] stdio backend stopped", backend);
        } finally {
            closeDone.complete(null);
        }
    }

    /** Notices, once, that the child is gone or unusable, and starts reporting it. */
    private void childEnded(Cause cause) {
        synchronized (lifecycleLock) {
            if (endNoticed) {
                return;
            }
            endNoticed = true;
            Process p = process;
            notRunningBecause = cause == Cause.EXITED && !p.isAlive() ? ExitStatus.describe(p.exitValue()) : cause.text;
            if (closeRequested) {
                return; // close() takes the tree down and reports nothing
            }
            endedOnItsOwn = true;
            exitThread = pumpThread("exit").unstarted(() -> reportEnd(cause));
            exitThread.start();
        }
    }

    /** On the -exit thread: takes the tree down, then calls onClosed after every message. */
    private void reportEnd(Cause cause) {
        MDC.put("backend", backend);
        try {
            tearDown();
            Process p = process;
            String reason;
            if (p.isAlive()) {
                reason = cause.text + " and could not be stopped (pid " + p.pid() + ")";
            } else if (childSignalled) {
                reason = cause.text + " but kept running, so it was stopped (" + ExitStatus.describe(p.exitValue()) + ")";
            } else {
                reason = ExitStatus.describe(p.exitValue());
            }
            notRunningBecause = reason;
            String full = reason + stderrTail();
            exitReport = full;
            if (!p.isAlive() && p.exitValue() == 0 && !childSignalled) {
                log.info("[{}] stdio backend {}", backend, full);
            } else {
                log.warn("[{}] stdio backend {}", backend, full);
            }
            if (gate.enterLast()) {
                try {
                    listener.onClosed(full);
                } catch (RuntimeException e) {
                    log.warn("[{}] the transport listener failed in onClosed", backend, e);
                } finally {
                    gate.exit();
                }
            }
        } finally {
            MDC.remove("backend");
        }
    }

    private String stderrTail() {
        List<String> tail = stderrPump.tail();
        return tail.isEmpty() ? "" : "; last stderr: " + String.join(" | ", tail);
    }

    /**
     * Takes the child's whole process tree down (see {@link #close}) once, then waits for the
     * pump threads. The threads are joined outside the lock, so that a listener closing the
     * transport from the stdout thread does not wait for a teardown that waits for it.
     */
    private void tearDown() {
        teardownLock.lock();
        try {
            if (!tornDown) {
                tornDown = true;
                stopProcessTree();
            }
        } finally {
            teardownLock.unlock();
        }
        join(stdoutThread);
        join(stderrThread);
        join(writerThread);
    }

    private void stopProcessTree() {
        Process p = process;
        ProcessHandle child = p.toHandle();
        // Found before anything is signalled: a dying parent's children are re-parented.
        Set<ProcessHandle> tree = new LinkedHashSet<>(ProcessTree.snapshot(child));
        tree.addAll(sessionMembers(child));
        writer.finish();
        if (!waitFor(p, stdinCloseGrace)) {
            childSignalled = true;
            List<ProcessHandle> now = new ArrayList<>(ProcessTree.snapshot(child));
            now.addAll(tree);
            tree = new LinkedHashSet<>(now);
        }
        tree.addAll(sessionMembers(child));
        List<ProcessHandle> survivors = ProcessTree.terminate(tree, terminateGrace, killWait);
        if (!survivors.isEmpty()) {
            log.error("[{}] {} process(es) of the backend survived SIGKILL: pids {}", backend, survivors.size(),
                    survivors.stream().map(ProcessHandle::pid).toList());
        }
        if (!waitFor(p, killWait)) {
            log.error("[{}] the backend process {} did not end after SIGKILL", backend, p.pid());
        }
    }

    /**
     * Processes in the child's session (it is the session leader, so the session id is its pid).
     * If that pid now belongs to another process, the number was reused, which the kernel only
     * does once no process is left in our session.
     */
    private List<ProcessHandle> sessionMembers(ProcessHandle child) {
        if (!inOwnSession) {
            return List.of();
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(child.pid());
        if (holder.isPresent() && !holder.get().equals(child)) {
            return List.of();
        }
        return ProcessTree.sessionMembers(child.pid());
    }

    private static boolean waitFor(Process p, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // finish taking the tree down; keep the interrupt for the caller
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + threadJoinTimeout.toNanos();
        while (thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("[{}] thread {} did not end; a process outside the backend's process tree may hold its pipe",
                        backend, thread.getName());
                break;
            }
            try {
                thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private State state() {
        synchronized (lifecycleLock) {
            return state;
        }
    }

    private String describe() {
        return "backend \"" + backend + "\"";
    }

    /** Hands what the stdout pump reads to the listener, through the gate. */
    private final class StdoutReceiver implements StdoutPump.Receiver {

        @Override
        public void message(JsonRpcMessage message) {
            if (gate.enter()) {
                try {
                    listener.onMessage(message, null);
                } catch (RuntimeException e) {
                    log.warn("[{}] the transport listener failed on a message", backend, e);
                } finally {
                    gate.exit();
                }
            }
        }

        @Override
        public void garbage(String excerpt) {
            if (gate.enter()) {
                try {
                    listener.onGarbage(excerpt);
                } catch (RuntimeException e) {
                    log.warn("[{}] the transport listener failed on garbage", backend, e);
                } finally {
                    gate.exit();
                }
            }
        }

        @Override
        public void stdoutEnded(IOException failure) {
            if (failure != null) {
                log.warn("[{}] reading the backend's stdout failed: {}", backend, failure.toString());
            }
            childEnded(Cause.STDOUT_CLOSED);
        }
    }

    /** Configuration of a {@link StdioTransport}; defaults suit production. */
    public static final class Builder {

        private final String backend;
        private final List<String> command;
        private Map<String, String> env = Map.of();
        private Path workingDirectory;
        private Duration stdinCloseGrace = Duration.ofSeconds(2);
        private Duration terminateGrace = Duration.ofSeconds(3);
        private Duration killWait = Duration.ofSeconds(5);
        private Duration threadJoinTimeout = Duration.ofSeconds(2);
        private int maxLineBytes = 64 * 1024 * 1024;
        private long maxQueuedBytes = 16L * 1024 * 1024;
        private int stderrLinesPerSecond = 100;
        private boolean ownSession = true;
        private Map<String, String> gatewayEnvironment = System.getenv();

        private Builder(String backend, List<String> command) {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(command, "command");
            if (backend.isBlank()) {
                throw new IllegalArgumentException("the backend name is blank");
            }
            if (command.isEmpty() || command.getFirst() == null || command.getFirst().isEmpty()) {
                throw new IllegalArgumentException("backend \"" + backend + "\": the command is empty");
            }
            for (String arg : command) {
                if (arg == null || arg.indexOf('\0') >= 0) {
                    // The argument itself is not shown: arguments may hold secrets.
                    throw new IllegalArgumentException(
                            "backend \"" + backend + "\": a command argument is null or contains a NUL character");
                }
            }
            this.backend = backend;
            this.command = List.copyOf(command);
        }

        /** Variables the backend gets on top of PATH, HOME and TMPDIR (its values win). */
        public Builder env(Map<String, String> env) {
            Map<String, String> copy = new LinkedHashMap<>();
            env.forEach((name, value) -> {
                if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("backend \"" + backend + "\": invalid env variable name");
                }
                if (value == null || value.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException(
                            "backend \"" + backend + "\": env variable " + name + " has no value or contains NUL");
                }
                copy.put(name, value);
            });
            this.env = copy;
            return this;
        }

        /** The child's working directory; default: the gateway's. */
        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
            return this;
        }

        /** How long close waits for the child to exit after closing its stdin (default 2 s). */
        public Builder stdinCloseGrace(Duration grace) {
            this.stdinCloseGrace = nonNegative(grace, "stdinCloseGrace");
            return this;
        }

        /** How long close waits after SIGTERM before SIGKILL (default 3 s). */
        public Builder terminateGrace(Duration grace) {
            this.terminateGrace = nonNegative(grace, "terminateGrace");
            return this;
        }

        /** How long close waits for processes to vanish after SIGKILL (default 5 s). */
        public Builder killWait(Duration wait) {
            this.killWait = nonNegative(wait, "killWait");
            return this;
        }

        /** Longer stdout lines are skipped and reported as garbage (default 64 MiB). */
        public Builder maxLineBytes(int maxLineBytes) {
            if (maxLineBytes < 1024) {
                throw new IllegalArgumentException("maxLineBytes must be at least 1024");
            }
            this.maxLineBytes = maxLineBytes;
            return this;
        }

        /** Bytes waiting for the child's stdin beyond which send fails (default 16 MiB). */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            if (maxQueuedBytes < 1) {
                throw new IllegalArgumentException("maxQueuedBytes must be positive");
            }
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        /** stderr lines logged per second at most; the rest are counted (default 100). */
        public Builder stderrLinesPerSecond(int linesPerSecond) {
            if (linesPerSecond < 1) {
                throw new IllegalArgumentException("stderrLinesPerSecond must be positive");
            }
            this.stderrLinesPerSecond = linesPerSecond;
            return this;
        }

        /**
         * Whether to start the child in its own session via {@code setsid} where available
         * (default true), so processes that outlive it can still be found and stopped.
         */
        public Builder ownSession(boolean ownSession) {
            this.ownSession = ownSession;
            return this;
        }

        /** The environment PATH/HOME/TMPDIR are taken from; tests replace the real one. */
        Builder gatewayEnvironment(Map<String, String> gatewayEnvironment) {
            this.gatewayEnvironment = Map.copyOf(gatewayEnvironment);
            return this;
        }

        /** How long teardown waits for each pump thread to end. */
        Builder threadJoinTimeout(Duration timeout) {
            this.threadJoinTimeout = nonNegative(timeout, "threadJoinTimeout");
            return this;
        }

        public StdioTransport build() {
            return new StdioTransport(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
