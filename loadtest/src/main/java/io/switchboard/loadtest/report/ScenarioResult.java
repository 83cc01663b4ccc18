package io.switchboard.loadtest.report;

import io.switchboard.loadtest.support.Percentiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run measured, against one target. Saved as JSON under results/, so that runs
 * made one at a time still end up side by side in one report.
 */
public final class ScenarioResult {

    /** A pass/fail statement about correctness, e.g. "exactly one winner per conversation". */
    public record Check(String name, boolean passed, String detail) {
    }

    private final String scenario;
    private final String target;
    private final Instant at;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    /** Numbers (Long or Double) or text, in the order they are reported. */
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Percentiles> latencies = new LinkedHashMap<>();
    /** Figures worth dividing by the calibration server's (latencies always are). */
    private final List<String> compared = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    /** Stepped scenarios (inbound storm, sends) only: one row per rate step. */
    private final List<JsonObject> steps = new ArrayList<>();
    private String note = "";
    private String headline = "";

    public ScenarioResult(String scenario, String target, Instant at) {
        this.scenario = scenario;
        this.target = target;
        this.at = at;
    }

    public ScenarioResult parameter(String name, Object value) {
        parameters.put(name, String.valueOf(value));
        return this;
    }

    public ScenarioResult figure(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** A figure that the report also shows as a ratio to the calibration run's. */
    public ScenarioResult comparedFigure(String name, Object value) {
        compared.add(name);
        return figure(name, value);
    }

    public ScenarioResult figures(Map<String, Object> more) {
        figures.putAll(more);
        return this;
    }

    public ScenarioResult latency(String name, Percentiles percentiles) {
        latencies.put(name, percentiles);
        return this;
    }

    public ScenarioResult check(String name, boolean passed, String detail) {
        checks.add(new Check(name, passed, detail));
        return this;
    }

    public ScenarioResult step(JsonObject row) {
        steps.add(row);
        return this;
    }

    public ScenarioResult note(String text) {
        this.note = text == null ? "" : text;
        return this;
    }

    /** One line for the report's summary table. */
    public ScenarioResult headline(String text) {
        this.headline = text == null ? "" : text;
        return this;
    }

    public String headline() {
        return headline;
    }

    public String scenario() {
        return scenario;
    }

    public String target() {
        return target;
    }

    public Instant at() {
        return at;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public Map<String, Object> figures() {
        return figures;
    }

    public List<String> compared() {
        return compared;
    }

    public Map<String, Percentiles> latencies() {
        return latencies;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<JsonObject> steps() {
        return steps;
    }

    public String note() {
        return note;
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The end-of-run summary on stdout. */
    public void print() {
        System.out.println();
        System.out.println("== " + scenario + " against " + target + " ==");
        parameters.forEach((k, v) -> System.out.println("  param   " + k + " = " + v));
        figures.forEach((k, v) -> System.out.println("  figure  " + k + ": " + MarkdownReport.formatValue(v)));
        latencies.forEach((k, v) -> System.out.println("  latency " + k + ": " + v));
        steps.forEach(step -> System.out.println("  step    " + step.encode()));
        checks.forEach(c -> System.out.println("  " + (c.passed() ? "PASS" : "FAIL") + "    " + c.name() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")")));
        if (!note.isEmpty()) {
            System.out.println("  note    " + note);
        }
        System.out.println("  => " + headline + (passed() ? "" : "  [CHECKS FAILED]"));
    }

    public JsonObject toJson() {
        JsonObject lat = new JsonObject();
        latencies.forEach((k, v) -> lat.put(k, v.toJson()));
        JsonArray checkArray = new JsonArray();
        checks.forEach(c -> checkArray.add(new JsonObject().put("name", c.name()).put("passed", c.passed()).put("detail", c.detail())));
        return new JsonObject()
                .put("scenario", scenario)
                .put("target", target)
                .put("at", at.toString())
                .put("parameters", new JsonObject(new LinkedHashMap<>(parameters)))
                .put("figures", new JsonObject(new LinkedHashMap<>(figures)))
                .put("latencies", lat)
                .put("compared", new JsonArray(new ArrayList<>(compared)))
                .put("checks", checkArray)
                .put("steps", new JsonArray(new ArrayList<>(steps)))
                .put("note", note)
                .put("headline", headline);
    }

    public static ScenarioResult fromJson(JsonObject json) {
        ScenarioResult result = new ScenarioResult(json.getString("scenario"), json.getString("target"), Instant.parse(json.getString("at")));
        json.getJsonObject("parameters", new JsonObject()).forEach(e -> result.parameter(e.getKey(), e.getValue()));
        json.getJsonObject("figures", new JsonObject()).forEach(e -> result.figure(e.getKey(), e.getValue()));
        json.getJsonArray("compared", new JsonArray()).forEach(name -> result.compared.add((String) name));
        json.getJsonObject("latencies", new JsonObject()).forEach(e -> result.latency(e.getKey(), Percentiles.fromJson((JsonObject) e.getValue())));
        json.getJsonArray("checks", new JsonArray()).forEach(o -> {
            JsonObject c = (JsonObject) o;
            result.check(c.getString("name"), c.getBoolean("passed"), c.getString("detail", ""));
        });
        json.getJsonArray("steps", new JsonArray()).forEach(o -> result.step((JsonObject) o));
        return result.note(json.getString("note", "")).headline(json.getString("headline", ""));
    }
}
