package dev.mcpgateway.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process the load test started (a demo backend or the gateway): its log file, its
 * resident memory and CPU time from {@code /proc}, heap after a full GC through {@code jcmd}, and
 * a stop that ends it and every process it started, by PID only.
 */
final class BenchProcess {

    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*(?:DefNew|Tenured|PSYoungGen|ParOldGen|garbage-first heap|ZHeap|def new generation|tenured generation)\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private BenchProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code command}; stderr (and stdout unless {@code pipeStdout}) goes to {@code log}.
     * With {@code pipeStdout} stdin and stdout stay pipes to talk to the child (stdio MCP).
     */
    static BenchProcess start(String name, List<String> command, Path log, boolean pipeStdout) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        if (!pipeStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        long started = System.nanoTime();
        return new BenchProcess(name, builder.start(), log, started);
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Waits until something accepts TCP connections on {@code 127.0.0.1:port}. */
    void awaitPort(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout + "; see " + log);
    }

    /** Resident set size in bytes (VmRSS), or -1 once the process is gone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU time of the process so far, in nanoseconds (from /proc/PID/stat, in clock ticks). */
    long cpuNanos() {
        return cpuNanosOf(pid());
    }

    static long cpuNanosOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Java heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in bytes; -1 if jcmd failed. */
    long heapAfterGcBytes(Path jcmd) throws Exception {
        run(jcmd, "GC.run");
        String info = run(jcmd, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
            found = true;
        }
        return found ? used : -1;
    }

    /** The heap's biggest classes (jcmd GC.class_histogram, first {@code lines} lines) into {@code file}. */
    void classHistogram(Path jcmd, Path file, int lines) throws Exception {
        String histogram = run(jcmd, "GC.class_histogram");
        Files.writeString(file, String.join("\n", histogram.lines().limit(lines).toList()) + "\n");
    }

    private String run(Path jcmd, String command) throws Exception {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /**
     * Ends the process: SIGTERM (the gateway stops its children and exits), then SIGKILL after
     * 15 s; afterwards any descendant still alive (a child the gateway did not manage to stop) is
     * killed by its PID.
     */
    void stop() {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
