package io.switchboard.loadtest.report;

import io.switchboard.loadtest.support.Percentiles;
import io.vertx.core.json.JsonObject;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PNG charts with XChart: per scenario, its latency percentiles for every target (log scale, since
 * p50 and max differ by orders of magnitude); for the stepped scenarios (inbound storm, sends), every
 * p99 of a step against the offered rate.
 */
final class Charts {

    /** Log axes cannot show 0: a sub-resolution floor keeps empty bars drawable. */
    private static final double FLOOR_MS = 0.01;

    private Charts() {
    }

    /** Writes the charts; answers their file names. */
    static List<String> write(Path out, List<ScenarioResult> results) {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        results.stream().map(ScenarioResult::scenario).distinct().forEach(scenario -> {
            List<ScenarioResult> runs = results.stream().filter(r -> r.scenario().equals(scenario))
                    .sorted(MarkdownReport.BY_TARGET).toList();
            if (runs.stream().anyMatch(r -> !r.latencies().isEmpty())) {
                written.add(save(percentiles(scenario, runs), out, scenario + "-latency"));
            }
            if (runs.stream().anyMatch(r -> !r.steps().isEmpty())) {
                written.add(save(steps(scenario, runs), out, scenario + "-steps"));
            }
        });
        return written;
    }

    private static CategoryChart percentiles(String scenario, List<ScenarioResult> runs) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title(scenario + ": latency percentiles").yAxisTitle("ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(15);
        List<String> categories = new ArrayList<>();
        List<Percentiles> values = new ArrayList<>();
        for (ScenarioResult run : runs) {
            for (Map.Entry<String, Percentiles> latency : run.latencies().entrySet()) {
                categories.add(latency.getKey() + " / " + run.target());
                values.add(latency.getValue());
            }
        }
        // Bars grow from an axis minimum that defaults to 0, which a log axis cannot show: start at
        // the power of ten below the smallest bar.
        double smallest = values.stream().mapToDouble(p -> floor(p.p50())).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        chart.addSeries("p50", categories, values.stream().map(p -> floor(p.p50())).toList());
        chart.addSeries("p95", categories, values.stream().map(p -> floor(p.p95())).toList());
        chart.addSeries("p99", categories, values.stream().map(p -> floor(p.p99())).toList());
        chart.addSeries("max", categories, values.stream().map(p -> floor(p.max())).toList());
        return chart;
    }

    /** Every p99 a step row holds (a column named "... p99"), against the offered rate. */
    private static XYChart steps(String scenario, List<ScenarioResult> runs) {
        XYChart chart = new XYChartBuilder().width(1000).height(520)
                .title(scenario + ": p99 latency by offered rate").xAxisTitle("offered per second (log scale)")
                .yAxisTitle("p99 ms (log scale)").build();
        // Rates double from step to step: log scales on both axes keep the steps evenly spaced.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (ScenarioResult run : runs) {
            for (JsonObject step : run.steps()) {
                lowest = Math.min(lowest, step.getDouble("rate/s"));
                highest = Math.max(highest, step.getDouble("rate/s"));
            }
        }
        String threshold = runs.get(0).parameters().get("max-p99-ms");
        if (threshold != null && highest > 0) {
            double ms = Double.parseDouble(threshold);
            chart.addSeries("threshold (--max-p99-ms)", List.of(lowest, highest), List.of(ms, ms)).setMarker(SeriesMarkers.NONE);
        }
        for (ScenarioResult run : runs) {
            List<String> keys = run.steps().stream().flatMap(step -> step.fieldNames().stream())
                    .filter(name -> name.endsWith(" p99")).distinct().toList();
            for (String key : keys) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (JsonObject step : run.steps()) {
                    if (step.getValue(key) instanceof Number value) {
                        x.add(step.getDouble("rate/s"));
                        y.add(floor(value.doubleValue()));
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(key + " / " + run.target(), x, y).setMarker(SeriesMarkers.CIRCLE);
                }
            }
        }
        return chart;
    }

    private static double floor(double ms) {
        return Math.max(FLOOR_MS, ms);
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path out, String name) {
        try {
            BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
            return name + ".png";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
