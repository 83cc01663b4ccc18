package io.switchboard.report;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** #21 reports: per agent and per queue, for days in the workspace's time zone, as JSON and CSV. */
@QuarkusTest
class ReportTest {

    /**
     * A conversation handled by {@code agent} through the API, then dated as the test needs:
     * started at {@code start}, taken 1 minute later, first answered after {@code firstResponse}
     * seconds (target: 300 s), closed {@code handle} seconds after it was taken.
     */
    private static void handled(Inbox inbox, int agent, String start, int firstResponse, int handle) {
        String id = inbox.inbound("Report me");
        inbox.agent(agent).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        inbox.agent(agent).api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        Sql.update("""
                update conversation set created_at = ?::timestamptz, claimed_at = ?::timestamptz + interval '1 minute',
                       first_response_at = ?::timestamptz + make_interval(secs => ?),
                       first_response_due_at = ?::timestamptz + interval '300 seconds',
                       closed_at = ?::timestamptz + interval '1 minute' + make_interval(secs => ?)
                where id = ?::uuid""", start, start, start, firstResponse, start, start, handle, id);
    }

    @Test
    void medianAndP90OfFirstResponseAndHandleTimeWithTheShareThatMetTheTarget() {
        Inbox inbox = Inbox.withAgents(2);
        handled(inbox, 0, "2026-06-15T09:00:00Z", 60, 300);
        handled(inbox, 0, "2026-06-15T10:00:00Z", 120, 600);
        handled(inbox, 0, "2026-06-16T10:00:00Z", 600, 3600);
        handled(inbox, 1, "2026-06-16T11:00:00Z", 30, 60);
        handled(inbox, 1, "2026-07-01T11:00:00Z", 30, 60);   // outside the range

        JsonPath report = inbox.supervisor().api().get("/api/reports/agents?from=2026-06-15&to=2026-06-30")
                .then().statusCode(200).body("timeZone", equalTo("UTC")).body("from", equalTo("2026-06-15"))
                .extract().jsonPath();
        Map<String, Object> first = report.getMap("rows.find { it.id == '" + inbox.agent(0).id() + "' }");
        assertEquals(3, first.get("handled"));
        assertEquals(120, first.get("firstResponseMedianSeconds"));
        assertEquals(504, first.get("firstResponseP90Seconds"), "percentile_cont: 120 + 0.8 x (600 - 120)");
        assertEquals(600, first.get("handleMedianSeconds"));
        assertEquals(3000, first.get("handleP90Seconds"));
        assertEquals(66.7f, ((Number) first.get("slaMetPercent")).floatValue(), 0.01);
        Map<String, Object> second = report.getMap("rows.find { it.id == '" + inbox.agent(1).id() + "' }");
        assertEquals(1, second.get("handled"));
        assertEquals(100.0f, ((Number) second.get("slaMetPercent")).floatValue(), 0.01);
        assertEquals(2, report.getList("rows").size(), "its agents only: no other workspace's, no supervisor who handled nothing");

        inbox.supervisor().api().get("/api/reports/queues?from=2026-06-15&to=2026-06-30").then().statusCode(200)
                .body("rows[0].id", equalTo(inbox.queueId())).body("rows[0].handled", equalTo(4))
                .body("rows[0].handleMedianSeconds", equalTo(450));
        inbox.supervisor().api().get("/api/reports/queues?from=2026-08-01&to=2026-08-31").then().statusCode(200)
                .body("rows[0].handled", equalTo(0)).body("rows[0].handleMedianSeconds", nullValue())
                .body("rows[0].slaMetPercent", nullValue());
    }

    @Test
    void daysAreTheWorkspacesOwn() {
        Inbox inbox = Inbox.withAgents(1);
        // 13:00 UTC on 30 November is already 1 December in Auckland (UTC+13).
        handled(inbox, 0, "2026-11-30T11:00:00Z", 60, 60);
        inbox.ws().admin().api().body(Map.of("timeZone", "Pacific/Auckland")).put("/api/workspaces/current")
                .then().statusCode(200).body("timeZone", equalTo("Pacific/Auckland"));
        inbox.supervisor().api().get("/api/reports/agents?from=2026-12-01&to=2026-12-01").then().statusCode(200)
                .body("timeZone", equalTo("Pacific/Auckland")).body("rows[0].handled", equalTo(1));
        inbox.supervisor().api().get("/api/reports/agents?from=2026-11-30&to=2026-11-30").then().statusCode(200)
                .body("rows[0].handled", equalTo(0));
        inbox.ws().admin().api().body(Map.of("timeZone", "Mars/Olympus")).put("/api/workspaces/current")
                .then().statusCode(400).body("field", equalTo("timeZone"));
        inbox.supervisor().api().body(Map.of("timeZone", "UTC")).put("/api/workspaces/current").then().statusCode(403);
    }

    @Test
    void asCsvForASpreadsheet() {
        Inbox inbox = Inbox.withAgents(1);
        handled(inbox, 0, "2026-06-15T09:00:00Z", 60, 300);
        String csv = inbox.supervisor().api().get("/api/reports/agents?from=2026-06-01&to=2026-06-30&format=csv")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("agents-2026-06-01-2026-06-30.csv"))
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("id,name,handled,firstResponseMedianSeconds,firstResponseP90Seconds,handleMedianSeconds,handleP90Seconds,slaMetPercent,"
                + "surveys,ratings,csatAverage", lines.get(0));
        assertEquals(inbox.agent(0).id() + ",Test AGENT,1,60,60,300,300,100.0,0,0,", lines.get(1));
    }

    @Test
    void onlySupervisorsAskAndEveryBadRangeIsNamed() {
        Inbox inbox = Inbox.withAgents(1);
        inbox.agent(0).api().get("/api/reports/agents?from=2026-06-01&to=2026-06-30").then().statusCode(403);
        var supervisor = inbox.supervisor();
        supervisor.api().get("/api/reports/agents?to=2026-06-30").then().statusCode(400).body("field", equalTo("from"));
        supervisor.api().get("/api/reports/agents?from=June&to=2026-06-30").then().statusCode(400).body("field", equalTo("from"));
        supervisor.api().get("/api/reports/agents?from=2026-06-30&to=2026-06-01").then().statusCode(400).body("field", equalTo("to"));
        supervisor.api().get("/api/reports/agents?from=2024-01-01&to=2026-06-01").then().statusCode(400).body("field", equalTo("to"));
        supervisor.api().get("/api/reports/agents?from=2026-06-01&to=2026-06-30&format=xml").then().statusCode(400)
                .body("field", equalTo("format"));
        supervisor.api().get("/api/reports/people?from=2026-06-01&to=2026-06-30").then().statusCode(404);
    }
}
