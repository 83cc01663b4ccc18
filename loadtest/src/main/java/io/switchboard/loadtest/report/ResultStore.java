package io.switchboard.loadtest.report;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Results as JSON files under {@code <out>/results/}; the report is rebuilt from all of them. */
public final class ResultStore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;

    public ResultStore(Path out) {
        this.dir = out.resolve("results");
    }

    public Path save(ScenarioResult result) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(STAMP.format(result.at()) + "-" + result.scenario() + "-" + result.target().replace(' ', '-') + ".json");
            Files.writeString(file, result.toJson().encodePrettily(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest result of each (scenario, target), oldest first. */
    public List<ScenarioResult> latest() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ScenarioResult> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                all.add(ScenarioResult.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparing(ScenarioResult::at));
        Map<String, ScenarioResult> latest = new LinkedHashMap<>();
        all.forEach(r -> latest.put(r.scenario() + "|" + r.target(), r));
        return new ArrayList<>(latest.values());
    }
}
