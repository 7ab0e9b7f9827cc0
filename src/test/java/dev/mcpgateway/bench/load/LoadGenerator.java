package dev.mcpgateway.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Applies load to a {@link Target}: closed loop (N clients, each sends its next call when the last
 * one is answered) or open loop (calls sent at a fixed rate whatever happens to earlier ones).
 *
 * <p>Open loop measures each call from the time it was <em>meant</em> to be sent, so a stall
 * shows as the latency every waiting call experienced, not as a pause in sending (no coordinated
 * omission). Only calls sent in the measurement window count; warm-up calls are discarded.
 */
final class LoadGenerator {

    /** Latencies up to a minute, 3 significant digits. */
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Open loop gives up sending (and counts the call as failed) beyond this many calls in flight. */
    private static final int MAX_OUTSTANDING = 4_096; // a few seconds of backlog at the rates we drive; keeps the driver's heap bounded

    private final Map<String, Long> processes;

    /** @param processes the processes whose CPU time is sampled around the measurement window, by name */
    LoadGenerator(Map<String, Long> processes) {
        this.processes = processes;
    }

    RunResult closedLoop(Target target, int clients, Duration warmup, Duration measure) throws Exception {
        List<Target.Channel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            channels.add(target.open());
        }
        Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(clients);
        ClosedLoopState state = new ClosedLoopState(recorder, errors, firstError, stopped);
        for (Target.Channel channel : channels) {
            state.fire(channel);
        }
        Thread.sleep(warmup.toMillis());
        recorder.getIntervalHistogram(); // drop the warm-up
        errors.set(0);
        state.measuring = true;
        CpuSample before = CpuSample.take(processes);
        Thread.sleep(measure.toMillis());
        Histogram latency = recorder.getIntervalHistogram();
        CpuSample after = CpuSample.take(processes);
        state.measuring = false;
        state.stopping = true;
        stopped.await(60, TimeUnit.SECONDS);
        CpuSample.CpuUse cpu = before.until(after);
        return new RunResult(target.name(), "closed c=" + clients, cpu.elapsedNanos() / 1e9, latency.getTotalCount(), errors.get(),
                firstError.get(), latency, null, cpu);
    }

    private static final class ClosedLoopState {
        final Recorder recorder;
        final AtomicLong errors;
        final AtomicReference<String> firstError;
        final CountDownLatch stopped;
        volatile boolean measuring;
        volatile boolean stopping;

        ClosedLoopState(Recorder recorder, AtomicLong errors, AtomicReference<String> firstError, CountDownLatch stopped) {
            this.recorder = recorder;
            this.errors = errors;
            this.firstError = firstError;
            this.stopped = stopped;
        }

        void fire(Target.Channel channel) {
            long start = System.nanoTime();
            channel.call((ok, error) -> {
                long latency = System.nanoTime() - start;
                if (ok) {
                    recorder.recordValue(Math.min(latency, MAX_LATENCY_NANOS));
                } else {
                    if (measuring) {
                        errors.incrementAndGet();
                    }
                    firstError.compareAndSet(null, error);
                }
                if (stopping) {
                    stopped.countDown();
                } else if (ok) {
                    fire(channel);
                } else {
                    // a failure may be reported on the sending thread: do not recurse, and do not spin on a dead target
                    Thread.ofVirtual().start(() -> {
                        LockSupport.parkNanos(10_000_000);
                        fire(channel);
                    });
                }
            });
        }
    }

    /**
     * Sends {@code rate} calls per second, spread round-robin over {@code sessions} sessions.
     * Sending is paced by one thread that sleeps until each call's intended time (it never
     * spins: the machine has few cores); a call it sends late is still measured from its
     * intended time.
     */
    RunResult openLoop(Target target, int sessions, double rate, Duration warmup, Duration measure) throws Exception {
        List<Target.Channel> channels = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            channels.add(target.open());
        }
        Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
        Recorder service = new Recorder(MAX_LATENCY_NANOS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 10_000_000;
        long measureStart = start + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        CpuSample before = null;
        for (long i = 0; ; i++) {
            long intended = start + (long) (i * interval);
            if (intended >= end) {
                break;
            }
            boolean measured = intended >= measureStart;
            if (measured && before == null) {
                before = CpuSample.take(processes);
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (outstanding.get() >= MAX_OUTSTANDING) {
                if (measured) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "more than " + MAX_OUTSTANDING + " calls in flight: call not sent");
                }
                continue;
            }
            outstanding.incrementAndGet();
            long sent = System.nanoTime();
            channels.get((int) (i % sessions)).call((ok, error) -> {
                long now = System.nanoTime();
                if (measured) {
                    if (ok) {
                        latency.recordValue(Math.min(now - intended, MAX_LATENCY_NANOS));
                        service.recordValue(Math.min(now - sent, MAX_LATENCY_NANOS));
                    } else {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                }
                outstanding.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        CpuSample after = CpuSample.take(processes);
        CpuSample.CpuUse cpu = before.until(after);
        Histogram measuredLatency = latency.getIntervalHistogram();
        String load = "open " + Math.round(rate) + "/s";
        return new RunResult(target.name(), load, measure.toNanos() / 1e9, measuredLatency.getTotalCount(), errors.get() + outstanding.get(),
                firstError.get(), measuredLatency, service.getIntervalHistogram(), cpu);
    }
}
