package io.switchboard.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs axe-core (Deque's accessibility engine, from npm) in a page and answers its serious and
 * critical violations. The package is fetched once with {@code npm pack} into {@code target/axe},
 * as the browser tests install Chromium where it is missing.
 */
public final class Axe {

    private static final String VERSION = "4.10.3";
    private static final Path DIRECTORY = Path.of("target", "axe");
    private static final Path SCRIPT = DIRECTORY.resolve("package").resolve("axe.min.js");

    private Axe() {
    }

    /** The serious and critical violations on the page as it is now: rule id, impact, the first element's selector. */
    public static List<String> seriousViolations(Browser browser) {
        JavascriptExecutor page = (JavascriptExecutor) browser.driver();
        page.executeScript(script());
        Object answer = page.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                   .then(result => done(JSON.stringify(result.violations)))
                   .catch(error => done(JSON.stringify([{ id: 'axe-failed', impact: 'critical', help: String(error), nodes: [] }])));""");
        JsonArray violations = new JsonArray(String.valueOf(answer));
        return violations.stream().map(JsonObject.class::cast)
                .filter(v -> List.of("serious", "critical").contains(v.getString("impact")))
                .map(v -> v.getString("id") + " (" + v.getString("impact") + "): " + v.getString("help") + " at "
                        + v.getJsonArray("nodes").stream().map(JsonObject.class::cast)
                        .map(n -> String.valueOf(n.getValue("target"))).limit(3).toList())
                .toList();
    }

    private static synchronized String script() {
        try {
            if (!Files.isRegularFile(SCRIPT)) {
                fetch();
            }
            return Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new IllegalStateException("axe-core could not be read from " + SCRIPT, e);
        }
    }

    private static void fetch() throws IOException {
        Files.createDirectories(DIRECTORY);
        run(List.of("npm", "pack", "axe-core@" + VERSION, "--pack-destination", DIRECTORY.toString()));
        run(List.of("tar", "-xzf", DIRECTORY.resolve("axe-core-" + VERSION + ".tgz").toString(), "-C", DIRECTORY.toString()));
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (npm and tar are needed): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
        }
    }
}
