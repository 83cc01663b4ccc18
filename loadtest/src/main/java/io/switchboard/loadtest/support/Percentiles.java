package io.switchboard.loadtest.support;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** A latency summary in milliseconds, as reported. */
public record Percentiles(long count, double p50, double p95, double p99, double max) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0);

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("p50", p50).put("p95", p95).put("p99", p99).put("max", max);
    }

    public static Percentiles fromJson(JsonObject json) {
        return new Percentiles(json.getLong("count"), json.getDouble("p50"), json.getDouble("p95"),
                json.getDouble("p99"), json.getDouble("max"));
    }

    @Override
    public String toString() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "n=%d p50=%s p95=%s p99=%s max=%s ms", count,
                format(p50), format(p95), format(p99), format(max));
    }

    /** Milliseconds with a precision that suits their size. */
    public static String format(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.2f", ms)
                : ms < 100 ? String.format(Locale.ROOT, "%.1f", ms)
                : String.format(Locale.ROOT, "%.0f", ms);
    }
}
