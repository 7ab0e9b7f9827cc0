package dev.mcpgateway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used so far by the processes taking part in a run, and by the whole machine: the
 * difference between two samples tells what each process spent per call and how much CPU
 * <em>other</em> work on the machine took meanwhile (the noise the figures carry).
 */
record CpuSample(long nanoTime, Map<String, Long> processNanos, Map<String, Long> contextSwitches, long machineBusyTicks, long machineTotalTicks) {

    static CpuSample take(Map<String, Long> pidsByName) {
        Map<String, Long> used = new LinkedHashMap<>();
        Map<String, Long> switches = new LinkedHashMap<>();
        pidsByName.forEach((name, pid) -> {
            used.put(name, BenchProcess.cpuNanosOf(pid));
            switches.put(name, contextSwitchesOf(pid));
        });
        long busy = 0;
        long total = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            total = busy + Long.parseLong(f[4]) + Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: machine figures stay 0
        }
        return new CpuSample(System.nanoTime(), used, switches, busy, total);
    }

    /** Voluntary plus involuntary context switches of every thread of the process so far (each one a thread put to sleep or preempted). */
    static long contextSwitchesOf(long pid) {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** What happened between this sample and a later one. */
    CpuUse until(CpuSample later) {
        Map<String, Long> spent = new LinkedHashMap<>();
        Map<String, Long> switched = new LinkedHashMap<>();
        long ours = 0;
        for (var e : processNanos.entrySet()) {
            long delta = later.processNanos.getOrDefault(e.getKey(), e.getValue()) - e.getValue();
            spent.put(e.getKey(), delta);
            ours += delta;
            switched.put(e.getKey(), later.contextSwitches.getOrDefault(e.getKey(), 0L) - contextSwitches.getOrDefault(e.getKey(), 0L));
        }
        long elapsed = later.nanoTime - nanoTime;
        long totalTicks = later.machineTotalTicks - machineTotalTicks;
        long busyTicks = later.machineBusyTicks - machineBusyTicks;
        double cores = Runtime.getRuntime().availableProcessors();
        double machineBusy = totalTicks <= 0 ? 0 : (double) busyTicks / totalTicks;
        double oursShare = elapsed <= 0 ? 0 : ours / (elapsed * cores);
        return new CpuUse(elapsed, spent, switched, machineBusy, Math.max(0, machineBusy - oursShare));
    }

    /**
     * @param processNanos CPU time each process used
     * @param contextSwitches context switches of each process's threads
     * @param machineBusy share of all cores busy (0..1)
     * @param foreignBusy share of all cores busy with work other than these processes (0..1)
     */
    record CpuUse(long elapsedNanos, Map<String, Long> processNanos, Map<String, Long> contextSwitches, double machineBusy, double foreignBusy) {}
}
