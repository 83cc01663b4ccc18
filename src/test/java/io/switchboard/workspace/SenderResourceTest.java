package io.switchboard.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class SenderResourceTest {

    @Test
    void adminShouldCreateASenderWithHoursAndCountry() {
        TestWorkspace ws = Fixtures.workspace();
        String queueId = ws.queue();
        String number = Fixtures.uniqueNumber();
        ws.admin().api().body(Map.of(
                        "number", "+" + number, "channel", "WHATSAPP", "queueId", queueId,
                        "appendedMessage", "Reply STOP to opt out", "dailyLimit", 500, "timeZone", "America/New_York",
                        "businessHours", List.of(Map.of("day", "MONDAY", "opens", "09:00", "closes", "17:00"))))
                .post("/api/senders")
                .then().statusCode(201)
                .body("number", equalTo(number))
                .body("channel", equalTo("WHATSAPP"))
                .body("queueId", equalTo(queueId))
                .body("country", equalTo("US"))
                .body("dailyLimit", equalTo(500))
                .body("appendedMessage", equalTo("Reply STOP to opt out"))
                .body("businessHours[0].day", equalTo("MONDAY"))
                .body("businessHours[0].opens", equalTo("09:00:00"));
    }

    @Test
    void shouldRejectABadNumberAndATakenOne() {
        TestWorkspace ws = Fixtures.workspace();
        String queueId = ws.queue();
        ws.admin().api().body(Map.of("number", "12", "channel", "SMS", "queueId", queueId))
                .post("/api/senders")
                .then().statusCode(400).body("error", equalTo("invalid_number")).body("field", equalTo("number"));
        String taken = ws.sender(queueId).get("number");
        Fixtures.workspace().admin().api().body(Map.of("number", taken, "channel", "SMS", "queueId", queueId))
                .post("/api/senders")
                .then().statusCode(404);
        ws.admin().api().body(Map.of("number", taken, "channel", "SMS", "queueId", queueId))
                .post("/api/senders")
                .then().statusCode(409).body("error", equalTo("number_taken"));
    }

    @Test
    void shouldNotAttachASenderToAnotherWorkspacesQueue() {
        String foreignQueue = Fixtures.workspace().queue();
        TestWorkspace ws = Fixtures.workspace();
        ws.admin().api().body(Map.of("number", Fixtures.uniqueNumber(), "channel", "SMS", "queueId", foreignQueue))
                .post("/api/senders")
                .then().statusCode(404).body("error", equalTo("not_found"));
        ws.admin().api().get("/api/senders").then().body("$", empty());
    }

    @Test
    void agentsShouldSeeTheSendersOfTheirQueuesOnly() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String mine = ws.sender(ws.queue(agent)).get("id");
        String other = ws.sender(ws.queue()).get("id");
        agent.api().get("/api/senders").then().statusCode(200).body("id", contains(mine));
        ws.admin().api().get("/api/senders").then().body("size()", equalTo(2));
        agent.api().body(Map.of("number", Fixtures.uniqueNumber(), "channel", "SMS", "queueId", other))
                .post("/api/senders").then().statusCode(403);
    }
}
