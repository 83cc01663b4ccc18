/*
 * lists: the conversation list and search queries of R17, and #21's reports over the last 90 days,
 * on a large workspace, one request at a time.
 *
 * Needs a workspace seeded by scripts/seed-large.sh (100,000 conversations, 1,000,000 messages by
 * default), whose logins that script writes to target/seed-large.env.
 *
 * Parameters:
 *   --seed-env FILE      the logins written by scripts/seed-large.sh (default target/seed-large.env)
 *   --requests N         measured requests per query (default 200)
 *   --warmup W           unmeasured requests per query first, for the JIT and PostgreSQL's caches (default 20)
 *   target options       --base-url (the first one is used), --timeout-ms, --out (TargetOptions)
 *
 * Each query is sent sequentially (closed loop, one in flight), so its percentiles are the query's own
 * cost and not queueing behind other requests. Reports p50/p95/p99/max per query and the list's total.
 * Fails when any request is not answered 200.
 */
package io.switchboard.loadtest.scenario;

import io.switchboard.loadtest.client.ApiResponse;
import io.switchboard.loadtest.client.JsonHttp;
import io.switchboard.loadtest.report.ScenarioResult;
import io.switchboard.loadtest.support.Await;
import io.switchboard.loadtest.support.Latency;
import io.switchboard.loadtest.support.Percentiles;
import io.switchboard.loadtest.support.Progress;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

@Command(name = "lists", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Conversation list and search queries and reports on a large seeded workspace: p50/p95/p99 per query.")
public class ListsScenario extends ScenarioCommand {

    @Option(names = "--seed-env", defaultValue = "target/seed-large.env", description = "Logins from scripts/seed-large.sh. Default: ${DEFAULT-VALUE}")
    Path seedEnv;

    @Option(names = "--requests", defaultValue = "200", description = "Measured requests per query. Default: ${DEFAULT-VALUE}")
    int requests;

    @Option(names = "--warmup", defaultValue = "20", description = "Unmeasured requests per query first. Default: ${DEFAULT-VALUE}")
    int warmup;

    /** One list query as a user of the seeded workspace sends it. */
    private record Query(String name, boolean supervisor, String path) {
    }

    private static final List<Query> QUERIES = List.of(
            new Query("agent: mine", false, "/api/conversations?view=mine"),
            new Query("agent: my queues (waiting)", false, "/api/conversations?view=queue"),
            new Query("agent: closed (my history)", false, "/api/conversations?view=closed"),
            new Query("agent: mine, unread only", false, "/api/conversations?view=mine&unread=true"),
            new Query("supervisor: all open", true, "/api/conversations?view=all"),
            new Query("supervisor: all open, page 100", true, "/api/conversations?view=all&page=100"),
            new Query("supervisor: closed", true, "/api/conversations?view=closed"),
            new Query("supervisor: all open by contact", true, "/api/conversations?view=all&sort=contact,asc"),
            new Query("supervisor: tag vip", true, "/api/conversations?view=all&tag=vip"),
            new Query("supervisor: status and channel", true, "/api/conversations?view=all&status=ACTIVE&channel=SMS"),
            new Query("supervisor: search contact name", true, "/api/conversations?view=all&q=okafor"),
            new Query("supervisor: search number", true, "/api/conversations?view=all&q=447900012"),
            new Query("supervisor: search message text", true, "/api/conversations?view=all&q=order%2012345"),
            new Query("supervisor: search, closed included", true, "/api/conversations?view=closed&q=kowalski"),
            new Query("supervisor: report by agent, 90 days", true, "/api/reports/agents?" + lastDays(90)),
            new Query("supervisor: report by queue, 90 days", true, "/api/reports/queues?" + lastDays(90)));

    /** The query of a report over the last {@code days} days (UTC), today included. */
    private static String lastDays(int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "from=" + today.minusDays(days - 1L) + "&to=" + today;
    }

    @Override
    String name() {
        return "lists";
    }

    @Override
    ScenarioResult run(Vertx vertx) throws IOException {
        Properties seed = new Properties();
        try (Reader reader = Files.newBufferedReader(seedEnv)) {
            seed.load(reader);
        }
        JsonHttp http = new JsonHttp(vertx, target.baseUrls.get(0), 4, target.timeoutMs);
        try {
            String password = seed.getProperty("SEED_PASSWORD");
            String supervisor = login(http, seed.getProperty("SEED_SUPERVISOR"), password);
            String agent = login(http, seed.getProperty("SEED_AGENT"), password);
            ScenarioResult result = new ScenarioResult(name(), "Switchboard", Instant.now())
                    .parameter("base-url", target.baseUrls.get(0))
                    .parameter("workspace", seed.getProperty("SEED_WORKSPACE"))
                    .parameter("requests per query", requests)
                    .parameter("warmup", warmup);
            List<String> failures = new ArrayList<>();
            double worstP99 = 0;
            String worst = "";
            for (Query query : QUERIES) {
                Measured measured = measure(http, query.supervisor() ? supervisor : agent, query.path());
                Percentiles p = measured.latency().percentiles();
                result.latency(query.name(), p).figure(query.name() + ": total", measured.total());
                if (measured.failures() > 0) {
                    failures.add(query.name() + ": " + measured.failures() + " not 200");
                }
                if (p.p99() > worstP99) {
                    worstP99 = p.p99();
                    worst = query.name();
                }
                Progress.say(name(), String.format(Locale.ROOT, "%-40s p50 %6.1f ms  p99 %6.1f ms  (total %d)",
                        query.name(), p.p50(), p.p99(), measured.total()));
            }
            return result.check("every request answered 200", failures.isEmpty(), String.join("; ", failures))
                    .headline(String.format(Locale.ROOT, "%d list queries x %d requests; slowest p99 %.1f ms (%s)",
                            QUERIES.size(), requests, worstP99, worst));
        } finally {
            http.close();
        }
    }

    private record Measured(Latency latency, long total, int failures) {
    }

    private Measured measure(JsonHttp http, String token, String path) {
        Latency latency = new Latency();
        long total = -1;
        int failures = 0;
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            ApiResponse reply = Await.result(http.get(path, token), Duration.ofSeconds(30));
            long end = System.nanoTime();
            if (reply.status() != 200) {
                failures++;
                continue;
            }
            if (i >= warmup) {
                latency.recordSince(start, end);
            }
            total = reply.json().getLong("total", -1L);
        }
        return new Measured(latency, total, failures);
    }

    private static String login(JsonHttp http, String username, String password) {
        JsonObject body = new JsonObject().put("username", username).put("password", password);
        return Await.result(JsonHttp.expect(http.post("/api/auth/token", null, body), 200, "login " + username), Duration.ofSeconds(30))
                .getString("accessToken");
    }
}
