package dev.mcpgateway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Collects the runs and writes them as Markdown ({@code results.md}: raw runs, then direct vs
 * gateway per variant, medians over rounds with the min–max spread) and CSV ({@code runs.csv}).
 * Both files are rewritten after every run, so an interrupted suite keeps what it measured.
 */
final class Report {

    /** One measured run within a scenario. */
    record Row(String scenario, String variant, int round, RunResult result) {}

    private final Path dir;
    private final StringBuilder header = new StringBuilder();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, StringBuilder> notes = new LinkedHashMap<>();

    Report(Path dir) {
        this.dir = dir;
    }

    void header(String markdown) {
        header.append(markdown).append('\n');
    }

    synchronized void add(Row row) {
        rows.add(row);
        RunResult r = row.result();
        System.out.printf(Locale.ROOT, "  [%s] %-28s round %d %-8s %-14s %8.0f calls/s  p50 %7.0f  p99 %7.0f  p99.9 %7.0f  max %7.0f µs  errors %d%s  (cpu/call µs: %s; switches/call: %s; other load %.0f%%)%n",
                row.scenario().substring(0, 2), row.variant(), row.round(), r.target(), r.load(), r.throughput(), r.micros(50), r.micros(99), r.micros(99.9),
                r.maxMicros(), r.errors(), r.firstError() == null ? "" : " (" + r.firstError() + ")", cpuSummary(r), switchSummary(r), r.cpu().foreignBusy() * 100);
        write();
    }

    /** Free text (memory, startup figures) under a scenario's heading. */
    synchronized void note(String scenario, String markdown) {
        notes.computeIfAbsent(scenario, s -> new StringBuilder()).append(markdown).append('\n');
        System.out.println(markdown);
        write();
    }

    List<Row> rows(String scenario, String variant, String target) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.variant().equals(variant) && r.result().target().equals(target)).toList();
    }

    static double median(List<Row> rows, ToDoubleFunction<RunResult> metric) {
        double[] values = rows.stream().mapToDouble(r -> metric.applyAsDouble(r.result())).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String spread(List<Row> rows, ToDoubleFunction<RunResult> metric, String format) {
        double median = median(rows, metric);
        if (rows.size() < 2) {
            return String.format(Locale.ROOT, format, median);
        }
        double min = rows.stream().mapToDouble(r -> metric.applyAsDouble(r.result())).min().orElse(Double.NaN);
        double max = rows.stream().mapToDouble(r -> metric.applyAsDouble(r.result())).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median, min, max);
    }

    private static String cpuSummary(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (String process : r.cpu().processNanos().keySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(process).append(' ').append(String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerCall(process)));
        }
        return sb.toString();
    }

    private static String switchSummary(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (String process : r.cpu().contextSwitches().keySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(process).append(' ').append(String.format(Locale.ROOT, "%.1f", r.switchesPerCall(process)));
        }
        return sb.toString();
    }

    private synchronized void write() {
        StringBuilder md = new StringBuilder(header);
        List<String> scenarios = new ArrayList<>();
        rows.forEach(r -> {
            if (!scenarios.contains(r.scenario())) {
                scenarios.add(r.scenario());
            }
        });
        notes.keySet().forEach(s -> {
            if (!scenarios.contains(s)) {
                scenarios.add(s);
            }
        });
        for (String scenario : scenarios) {
            md.append("\n## ").append(scenario).append("\n\n");
            if (notes.containsKey(scenario)) {
                md.append(notes.get(scenario)).append('\n');
            }
            List<Row> in = rows.stream().filter(r -> r.scenario().equals(scenario)).toList();
            if (in.isEmpty()) {
                continue;
            }
            md.append(comparison(in)).append('\n');
            md.append("<details><summary>every run</summary>\n\n").append(raw(in)).append("\n</details>\n");
        }
        try {
            Files.writeString(dir.resolve("results.md"), md);
            Files.writeString(dir.resolve("runs.csv"), csv());
        } catch (IOException e) {
            System.err.println("could not write the report: " + e);
        }
    }

    /** Per variant: every target's median figures, and for each non-direct target its ratio to direct and the latency it adds. */
    private String comparison(List<Row> in) {
        StringBuilder md = new StringBuilder();
        md.append("| variant | target | load | calls/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | vs direct: calls/s | added p50 µs | added p99 µs | CPU µs/call (median) | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> variants = new ArrayList<>();
        in.forEach(r -> {
            if (!variants.contains(r.variant())) {
                variants.add(r.variant());
            }
        });
        for (String variant : variants) {
            List<String> targets = new ArrayList<>();
            in.stream().filter(r -> r.variant().equals(variant)).forEach(r -> {
                if (!targets.contains(r.result().target())) {
                    targets.add(r.result().target());
                }
            });
            targets.sort(Comparator.comparing((String t) -> !t.equals("direct")));
            List<Row> direct = in.stream().filter(r -> r.variant().equals(variant) && r.result().target().equals("direct")).toList();
            for (String target : targets) {
                List<Row> runs = in.stream().filter(r -> r.variant().equals(variant) && r.result().target().equals(target)).toList();
                String vs = "";
                String added50 = "";
                String added99 = "";
                if (!target.equals("direct") && !direct.isEmpty()) {
                    vs = String.format(Locale.ROOT, "%.0f%%", 100 * median(runs, RunResult::throughput) / median(direct, RunResult::throughput));
                    added50 = String.format(Locale.ROOT, "%+.0f", median(runs, r -> r.micros(50)) - median(direct, r -> r.micros(50)));
                    added99 = String.format(Locale.ROOT, "%+.0f", median(runs, r -> r.micros(99)) - median(direct, r -> r.micros(99)));
                }
                StringBuilder cpu = new StringBuilder();
                for (String process : runs.getFirst().result().cpu().processNanos().keySet()) {
                    if (!cpu.isEmpty()) {
                        cpu.append(", ");
                    }
                    cpu.append(process).append(' ').append(String.format(Locale.ROOT, "%.0f", median(runs, r -> r.cpuMicrosPerCall(process))));
                }
                long errors = runs.stream().mapToLong(r -> r.result().errors()).sum();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n", variant, target,
                        runs.getFirst().result().load(), spread(runs, RunResult::throughput, "%.0f"), spread(runs, r -> r.micros(50), "%.0f"),
                        spread(runs, r -> r.micros(90), "%.0f"), spread(runs, r -> r.micros(99), "%.0f"), spread(runs, r -> r.micros(99.9), "%.0f"),
                        spread(runs, RunResult::maxMicros, "%.0f"), vs, added50, added99, cpu, errors));
            }
        }
        return md.toString();
    }

    private static String raw(List<Row> in) {
        StringBuilder md = new StringBuilder();
        md.append("| round | variant | target | load | s | calls | calls/s | mean µs | p50 | p90 | p99 | p99.9 | max | service p50/p99 µs | errors | CPU µs/call | context switches/call | machine busy | other load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : in) {
            RunResult r = row.result();
            String service = r.serviceTime() == null ? "" : String.format(Locale.ROOT, "%.0f / %.0f",
                    r.serviceTime().getValueAtPercentile(50) / 1000.0, r.serviceTime().getValueAtPercentile(99) / 1000.0);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %d%s | %s | %s | %.0f%% | %.0f%% |%n",
                    row.round(), row.variant(), r.target(), r.load(), r.seconds(), r.calls(), r.throughput(), r.meanMicros(), r.micros(50), r.micros(90),
                    r.micros(99), r.micros(99.9), r.maxMicros(), service, r.errors(), r.firstError() == null ? "" : " (" + r.firstError().replace('|', '/') + ")",
                    cpuSummary(r), switchSummary(r), r.cpu().machineBusy() * 100, r.cpu().foreignBusy() * 100));
        }
        return md.toString();
    }

    private String csv() {
        StringBuilder csv = new StringBuilder("scenario,variant,round,target,load,seconds,calls,calls_per_s,mean_us,p50_us,p90_us,p99_us,p999_us,max_us,errors,"
                + "service_p50_us,service_p99_us,cpu_us_per_call,machine_busy,other_load\n");
        for (Row row : rows) {
            RunResult r = row.result();
            csv.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%d,%s,\"%s\",%.2f,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%s,%s,\"%s\",%.3f,%.3f%n",
                    row.scenario(), row.variant(), row.round(), r.target(), r.load(), r.seconds(), r.calls(), r.throughput(), r.meanMicros(),
                    r.micros(50), r.micros(90), r.micros(99), r.micros(99.9), r.maxMicros(), r.errors(),
                    r.serviceTime() == null ? "" : String.format(Locale.ROOT, "%.1f", r.serviceTime().getValueAtPercentile(50) / 1000.0),
                    r.serviceTime() == null ? "" : String.format(Locale.ROOT, "%.1f", r.serviceTime().getValueAtPercentile(99) / 1000.0),
                    cpuSummary(r), r.cpu().machineBusy(), r.cpu().foreignBusy()));
        }
        return csv.toString();
    }
}
