package io.switchboard.sla;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Barrier;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R27: first-response targets, flagged in lists, counted on the wallboard, pushed once at 80 % and 100 %. */
@QuarkusTest
class FirstResponseSlaTest {

    /** At risk from 8 s to 10 s: a window twice the watch's one-second period, so a busy machine cannot skip it. */
    private static final int TARGET_SECONDS = 10;

    @TestHTTPResource("/")
    URI base;

    private static void target(Inbox inbox, Integer seconds) {
        inbox.ws().admin().api().body(seconds == null ? Map.of("mode", "MANUAL") : Map.of("mode", "MANUAL", "firstResponseSeconds", seconds))
                .put("/api/queues/" + inbox.queueId() + "/routing").then().statusCode(200)
                .body("routing.firstResponseSeconds", equalTo(seconds));
    }

    private static List<JsonObject> slaFrames(LiveClient live, String conversationId, JsonObject barrier) {
        List<JsonObject> frames = live.frames();
        return frames.subList(0, frames.indexOf(barrier)).stream()
                .filter(f -> "conversation.sla".equals(f.getString("type")))
                .filter(f -> conversationId.equals(f.getJsonObject("data").getString("conversationId")))
                .toList();
    }

    @Test
    void anUnansweredConversationIsAtRiskAt80PercentThenBreachedEachPushedOnce() {
        Inbox inbox = Inbox.withAgents(1);
        target(inbox, TARGET_SECONDS);
        try (LiveClient agent = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            String id = inbox.inbound("is anyone there?");
            String created = inbox.agent(0).api().get("/api/conversations/" + id).then().statusCode(200)
                    .body("slaState", equalTo("ok")).extract().path("createdAt");
            String due = inbox.agent(0).api().get("/api/conversations/" + id).then().extract().path("firstResponseDueAt");
            assertEquals(Instant.parse(created).plusSeconds(TARGET_SECONDS), Instant.parse(due));

            JsonObject atRisk = agent.awaitEvent("conversation.sla", Duration.ofSeconds(15),
                    f -> id.equals(f.getJsonObject("data").getString("conversationId"))).getJsonObject("data");
            assertEquals("at_risk", atRisk.getString("slaState"), "the queue is told while it waits");
            inbox.agent(0).api().get("/api/conversations?view=queue&sla=at_risk").then().statusCode(200)
                    .body("items.id", hasItem(id));
            JsonObject breached = supervisor.awaitEvent("conversation.sla", Duration.ofSeconds(15),
                    f -> "breached".equals(f.getJsonObject("data").getString("slaState"))).getJsonObject("data");
            assertEquals(id, breached.getString("conversationId"));
            assertEquals(due, breached.getString("firstResponseDueAt"));
            inbox.agent(0).api().get("/api/conversations?view=queue&sla=breached").then().statusCode(200)
                    .body("items.id", hasItem(id));
            inbox.agent(0).api().get("/api/conversations?view=queue&sla=at_risk").then().statusCode(200)
                    .body("items.id", not(hasItem(id)));
            inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(200)
                    .body("slaBreached", equalTo(1)).body("slaAtRisk", equalTo(0));

            // Seconds later (every instance checks each second) each crossing was still pushed once.
            JsonObject barrier = Barrier.pass(supervisor, inbox.ws(), inbox.supervisor());
            assertEquals(List.of("at_risk", "breached"), slaFrames(supervisor, id, barrier).stream()
                    .map(f -> f.getJsonObject("data").getString("slaState")).toList());

            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            inbox.agent(0).api().body(Map.of("text", "Sorry for the wait")).post("/api/conversations/" + id + "/messages")
                    .then().statusCode(202);
            inbox.agent(0).api().get("/api/conversations/" + id).then().body("slaState", equalTo("breached"));
        }
    }

    @Test
    void aReplyInTimeMeetsTheTargetAndNothingIsPushed() {
        Inbox inbox = Inbox.withAgents(1);
        target(inbox, TARGET_SECONDS);
        try (LiveClient agent = LiveClient.connect(base, inbox.agent(0).token())) {
            String id = inbox.inbound("quick question");
            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            inbox.agent(0).api().body(Map.of("text", "Here to help")).post("/api/conversations/" + id + "/messages")
                    .then().statusCode(202);
            inbox.agent(0).api().get("/api/conversations/" + id).then().body("slaState", equalTo("met"));
            // Past the due time a later conversation crosses: the answered one is never pushed.
            String later = inbox.inbound("and another");
            agent.awaitEvent("conversation.sla", Duration.ofSeconds(15),
                    f -> later.equals(f.getJsonObject("data").getString("conversationId"))
                            && "breached".equals(f.getJsonObject("data").getString("slaState")));
            JsonObject barrier = Barrier.pass(agent, inbox.ws(), inbox.agent(0));
            assertEquals(List.of(), slaFrames(agent, id, barrier));
            inbox.agent(0).api().get("/api/conversations/" + id).then().body("slaState", equalTo("met"));
        }
    }

    @Test
    void withoutATargetThereIsNoSlaAndBadTargetsAreRefused() {
        Inbox inbox = Inbox.withAgents(1);
        String id = inbox.inbound("no target here");
        inbox.agent(0).api().get("/api/conversations/" + id).then().statusCode(200)
                .body("slaState", nullValue()).body("firstResponseDueAt", nullValue());
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "firstResponseSeconds", 0))
                .put("/api/queues/" + inbox.queueId() + "/routing").then().statusCode(400);
        inbox.agent(0).api().get("/api/conversations?view=queue&sla=late").then().statusCode(400)
                .body("error", equalTo("invalid_field"));
    }
}
