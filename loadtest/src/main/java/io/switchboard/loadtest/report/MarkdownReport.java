package io.switchboard.loadtest.report;

import io.switchboard.loadtest.support.Percentiles;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.md}: a summary, then per scenario one table with a column per target (one
 * instance, two instances, calibration) and, where a calibration run exists, the ratio of each
 * Switchboard figure to the calibration server's.
 */
public final class MarkdownReport {

    private static final List<String> SCENARIO_ORDER = List.of("hold", "fanout", "claim-storm", "inbound-storm", "sends");
    private static final String CALIBRATION = "calibration";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private MarkdownReport() {
    }

    /** Writes report.md and the charts into {@code out}; answers the report's path. */
    public static Path write(Path out, List<ScenarioResult> results) {
        List<String> charts = Charts.write(out, results);
        StringBuilder md = new StringBuilder();
        md.append("# Switchboard load-test report\n\n");
        md.append("Generated ").append(WHEN.format(ZonedDateTime.now())).append(" on a machine with ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(". Latest run of each scenario and target from `results/`; ")
                .append("latencies in milliseconds. The server, PostgreSQL, Redis and this load generator share the machine, ")
                .append("so every figure includes their competition for the same cores.\n\n");
        summary(md, results);
        for (String scenario : scenarios(results)) {
            List<ScenarioResult> runs = results.stream().filter(r -> r.scenario().equals(scenario))
                    .sorted(BY_TARGET).toList();
            section(md, scenario, runs, charts);
        }
        Path file = out.resolve("report.md");
        try {
            Files.createDirectories(out);
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void summary(StringBuilder md, List<ScenarioResult> results) {
        md.append("## Summary\n\n| scenario | target | when | checks | headline |\n|---|---|---|---|---|\n");
        for (String scenario : scenarios(results)) {
            results.stream().filter(r -> r.scenario().equals(scenario))
                    .sorted(BY_TARGET)
                    .forEach(r -> md.append("| ").append(r.scenario()).append(" | ").append(r.target()).append(" | ")
                            .append(WHEN.format(r.at())).append(" | ").append(r.passed() ? "pass" : "**FAIL**")
                            .append(" | ").append(r.headline()).append(" |\n"));
        }
        md.append('\n');
    }

    private static void section(StringBuilder md, String scenario, List<ScenarioResult> runs, List<String> charts) {
        md.append("## ").append(scenario).append("\n\n");
        for (ScenarioResult run : runs) {
            md.append("- **").append(run.target()).append("** (").append(WHEN.format(run.at())).append("): ");
            List<String> params = new ArrayList<>();
            run.parameters().forEach((k, v) -> params.add("`" + k + "=" + v + "`"));
            md.append(String.join(" ", params));
            if (!run.note().isEmpty()) {
                md.append(". ").append(run.note());
            }
            md.append('\n');
        }
        md.append('\n');
        table(md, runs);
        for (ScenarioResult run : runs) {
            if (!run.steps().isEmpty()) {
                steps(md, run);
            }
        }
        md.append("Checks:\n\n");
        for (ScenarioResult run : runs) {
            for (ScenarioResult.Check check : run.checks()) {
                md.append("- ").append(run.target()).append(": ").append(check.passed() ? "pass" : "**FAIL**")
                        .append(", ").append(check.name());
                if (!check.detail().isEmpty()) {
                    md.append(" (").append(check.detail()).append(')');
                }
                md.append('\n');
            }
        }
        md.append('\n');
        charts.stream().filter(c -> c.startsWith(scenario + "-")).forEach(c ->
                md.append("![").append(c).append("](").append(c).append(")\n\n"));
    }

    /** Rows: figures, then latency percentiles; columns: targets, then ratios to the calibration run. */
    private static void table(StringBuilder md, List<ScenarioResult> runs) {
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        Set<String> comparable = new LinkedHashSet<>();
        runs.forEach(run -> comparable.addAll(run.compared()));
        for (int i = 0; i < runs.size(); i++) {
            ScenarioResult run = runs.get(i);
            int column = i;
            run.figures().forEach((k, v) -> cell(rows, k, runs.size()).set(column, v));
            run.latencies().forEach((k, p) -> {
                comparable.addAll(List.of(k + " p50 (ms)", k + " p95 (ms)", k + " p99 (ms)", k + " max (ms)"));
                cell(rows, k + " p50 (ms)", runs.size()).set(column, p.p50());
                cell(rows, k + " p95 (ms)", runs.size()).set(column, p.p95());
                cell(rows, k + " p99 (ms)", runs.size()).set(column, p.p99());
                cell(rows, k + " max (ms)", runs.size()).set(column, p.max());
                cell(rows, k + " samples", runs.size()).set(column, p.count());
            });
        }
        Optional<Integer> calibration = indexOf(runs, CALIBRATION);
        List<Integer> compared = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (calibration.isPresent() && i != calibration.get()) {
                compared.add(i);
            }
        }
        md.append("| figure |");
        runs.forEach(r -> md.append(' ').append(r.target()).append(" |"));
        compared.forEach(i -> md.append(' ').append(runs.get(i).target()).append(" ÷ calibration |"));
        md.append("\n|---|");
        runs.forEach(r -> md.append("---:|"));
        compared.forEach(i -> md.append("---:|"));
        md.append('\n');
        rows.forEach((name, values) -> {
            md.append("| ").append(name).append(" |");
            values.forEach(v -> md.append(' ').append(v == null ? "" : formatValue(v)).append(" |"));
            compared.forEach(i -> md.append(' ')
                    .append(comparable.contains(name) ? ratio(values.get(i), values.get(calibration.get())) : "").append(" |"));
            md.append('\n');
        });
        md.append('\n');
    }

    private static void steps(StringBuilder md, ScenarioResult run) {
        md.append("Steps of ").append(run.target()).append(":\n\n");
        Set<String> columns = new LinkedHashSet<>();
        run.steps().forEach(step -> columns.addAll(step.fieldNames()));
        md.append('|');
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        for (JsonObject step : run.steps()) {
            md.append('|');
            columns.forEach(c -> md.append(' ').append(step.getValue(c) == null ? "" : formatValue(step.getValue(c))).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    private static List<Object> cell(Map<String, List<Object>> rows, String name, int columns) {
        return rows.computeIfAbsent(name, k -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                values.add(null);
            }
            return values;
        });
    }

    private static String ratio(Object value, Object calibration) {
        if (value instanceof Number v && calibration instanceof Number c && c.doubleValue() != 0 && v.doubleValue() != 0) {
            return String.format(Locale.ROOT, "%.2f", v.doubleValue() / c.doubleValue());
        }
        return "";
    }

    static String formatValue(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return Percentiles.format(((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }

    private static Optional<Integer> indexOf(List<ScenarioResult> runs, String target) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).target().equals(target)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static List<String> scenarios(List<ScenarioResult> results) {
        Set<String> present = new LinkedHashSet<>();
        SCENARIO_ORDER.forEach(s -> {
            if (results.stream().anyMatch(r -> r.scenario().equals(s))) {
                present.add(s);
            }
        });
        results.forEach(r -> present.add(r.scenario()));
        return new ArrayList<>(present);
    }

    /** switchboard x1, switchboard x2, ..., calibration last. */
    static final Comparator<ScenarioResult> BY_TARGET = Comparator
            .comparing((ScenarioResult r) -> r.target().equals(CALIBRATION))
            .thenComparing(ScenarioResult::target);
}
