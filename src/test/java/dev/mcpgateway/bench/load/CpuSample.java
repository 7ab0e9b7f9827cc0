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
record CpuSample(long nanoTime, Map<String, Long> processNanos, long machineBusyTicks, long machineTotalTicks) {

    static CpuSample take(Map<String, Long> pidsByName) {
        Map<String, Long> used = new LinkedHashMap<>();
        pidsByName.forEach((name, pid) -> used.put(name, BenchProcess.cpuNanosOf(pid)));
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
        return new CpuSample(System.nanoTime(), used, busy, total);
    }

    /** What happened between this sample and a later one. */
    CpuUse until(CpuSample later) {
        Map<String, Long> spent = new LinkedHashMap<>();
        long ours = 0;
        for (var e : processNanos.entrySet()) {
            long delta = later.processNanos.getOrDefault(e.getKey(), e.getValue()) - e.getValue();
            spent.put(e.getKey(), delta);
            ours += delta;
        }
        long elapsed = later.nanoTime - nanoTime;
        long totalTicks = later.machineTotalTicks - machineTotalTicks;
        long busyTicks = later.machineBusyTicks - machineBusyTicks;
        double cores = Runtime.getRuntime().availableProcessors();
        double machineBusy = totalTicks <= 0 ? 0 : (double) busyTicks / totalTicks;
        double oursShare = elapsed <= 0 ? 0 : ours / (elapsed * cores);
        return new CpuUse(elapsed, spent, machineBusy, Math.max(0, machineBusy - oursShare));
    }

    /**
     * @param processNanos CPU time each process used
     * @param machineBusy share of all cores busy (0..1)
     * @param foreignBusy share of all cores busy with work other than these processes (0..1)
     */
    record CpuUse(long elapsedNanos, Map<String, Long> processNanos, double machineBusy, double foreignBusy) {}
}
