package dev.mcpgateway.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One measured run: a load against one target for a fixed time.
 *
 * @param load how the load was applied, e.g. {@code closed c=16} or {@code open 2500/s}
 * @param latency nanoseconds per successful call; in open loop measured from the intended send time
 * @param serviceTime open loop only (else null): nanoseconds from the actual send to the answer
 * @param firstError what the first failed call reported, or null
 */
record RunResult(String target, String load, double seconds, long calls, long errors, String firstError,
        Histogram latency, Histogram serviceTime, CpuSample.CpuUse cpu) {

    double throughput() {
        return calls / seconds;
    }

    /** Latency at a percentile (0..100), in microseconds. */
    double micros(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMicros() {
        return latency.getMaxValue() / 1000.0;
    }

    double meanMicros() {
        return latency.getMean() / 1000.0;
    }

    /** CPU microseconds the named process spent per successful call in this run, or NaN. */
    double cpuMicrosPerCall(String process) {
        Long nanos = cpu.processNanos().get(process);
        return nanos == null || calls == 0 ? Double.NaN : nanos / 1000.0 / calls;
    }

    /** Context switches of the named process's threads per successful call, or NaN. */
    double switchesPerCall(String process) {
        Long switches = cpu.contextSwitches().get(process);
        return switches == null || calls == 0 ? Double.NaN : (double) switches / calls;
    }
}
