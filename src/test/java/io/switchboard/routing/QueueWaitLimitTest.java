package io.switchboard.routing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** #21 queue time limits: waiting too long moves a conversation to the overflow queue, or tells supervisors once. */
@QuarkusTest
class QueueWaitLimitTest {

    private static final int LIMIT_SECONDS = 2;

    @TestHTTPResource("/")
    URI base;

    private static void limit(Inbox inbox, String queueId, Integer seconds, String overflow) {
        Map<String, Object> body = new HashMap<>();
        body.put("mode", "MANUAL");
        body.put("maxWaitSeconds", seconds);
        body.put("overflowQueueId", overflow);
        inbox.ws().admin().api().body(body).put("/api/queues/" + queueId + "/routing").then().statusCode(200)
                .body("routing.maxWaitSeconds", equalTo(seconds)).body("routing.overflowQueueId", equalTo(overflow));
    }

    private static boolean about(JsonObject frame, String id) {
        return id.equals(frame.getJsonObject("data").getString("conversationId"));
    }

    @Test
    void aConversationWaitingTooLongMovesToTheOverflowQueueWhoseAgentsAreAlerted() {
        Inbox inbox = Inbox.withAgents(1);
        User overflowAgent = inbox.ws().agent();
        String overflow = inbox.ws().queue(overflowAgent);
        limit(inbox, inbox.queueId(), LIMIT_SECONDS, overflow);
        try (LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token());
             LiveClient first = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient second = LiveClient.connect(base, overflowAgent.token())) {
            String id = inbox.inbound("Still there?");
            first.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            JsonObject exceeded = supervisor.awaitEvent("conversation.wait_exceeded", Duration.ofSeconds(10), f -> about(f, id))
                    .getJsonObject("data");
            assertEquals("moved", exceeded.getString("action"));
            assertEquals(inbox.queueId(), exceeded.getString("queueId"));
            assertEquals(overflow, exceeded.getString("toQueueId"));
            assertTrue(exceeded.getLong("waitedSeconds") >= LIMIT_SECONDS);

            JsonObject arrived = second.awaitEvent("conversation.assigned", f -> about(f, id)).getJsonObject("data");
            assertEquals("overflow", arrived.getString("by"));
            assertEquals(1, arrived.getInteger("bell"), "the overflow queue's agent is alerted");
            // The queue it left is told, so its alert goes, and that agent's bell follows.
            assertEquals("moved", first.awaitEvent("conversation.wait_exceeded", f -> about(f, id)).getJsonObject("data").getString("action"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.bell() == 0);
            Inbox.ready(overflowAgent);
            overflowAgent.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        }
        assertEquals(overflow, Sql.text("select queue_id from conversation where id = ?::uuid", id(inbox)));
        inbox.supervisor().api().get("/api/conversations/" + id(inbox) + "/timeline").then()
                .body("items.findAll { it.kind == 'event' }.type", hasItem("wait_exceeded"));
    }

    private static String id(Inbox inbox) {
        return Sql.text("select id from conversation where workspace_id = ?::uuid", inbox.ws().id());
    }

    /** Makes a conversation look as if it had waited an hour. */
    private static void waitedLong(String id) {
        Sql.update("update conversation set waiting_since = now() - interval '1 hour' where id = ?::uuid", id);
    }

    /** A later conversation of the same queue that passes its limit now: once its event is here, the watch has looked again. */
    private static void watchLookedAgain(Inbox inbox, LiveClient supervisor) {
        String later = inbox.inbound("later one");
        waitedLong(later);
        supervisor.awaitEvent("conversation.wait_exceeded", Duration.ofSeconds(10), f -> about(f, later));
    }

    @Test
    void withoutAnOverflowQueueSupervisorsAreToldOnceAndItStaysWhereItIs() {
        Inbox inbox = Inbox.withAgents(1);
        limit(inbox, inbox.queueId(), LIMIT_SECONDS, null);
        try (LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            String id = inbox.inbound("Hello?");
            waitedLong(id);
            JsonObject exceeded = supervisor.awaitEvent("conversation.wait_exceeded", Duration.ofSeconds(10), f -> about(f, id))
                    .getJsonObject("data");
            assertEquals("flagged", exceeded.getString("action"));
            assertTrue(exceeded.getLong("waitedSeconds") >= 3600);
            watchLookedAgain(inbox, supervisor);
            assertEquals(1, supervisor.events("conversation.wait_exceeded").stream().filter(f -> about(f, id)).count(), "told once");
            assertEquals(inbox.queueId(), Sql.text("select queue_id from conversation where id = ?::uuid", id));
            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        }
    }

    @Test
    void aConversationTakenInTimeIsLeftAlone() {
        Inbox inbox = Inbox.withAgents(1);
        limit(inbox, inbox.queueId(), LIMIT_SECONDS, null);
        try (LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            String id = inbox.inbound("Quick one");
            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            waitedLong(id);
            watchLookedAgain(inbox, supervisor);
            assertEquals(0, supervisor.events("conversation.wait_exceeded").stream().filter(f -> about(f, id)).count());
        }
    }

    @Test
    void theOverflowQueueIsAnotherOfTheWorkspaceAndOnlyAdminsSetIt() {
        Inbox inbox = Inbox.withAgents(1);
        String path = "/api/queues/" + inbox.queueId() + "/routing";
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "overflowQueueId", inbox.ws().queue())).put(path)
                .then().statusCode(400).body("field", equalTo("overflowQueueId"));
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "maxWaitSeconds", 60, "overflowQueueId", inbox.queueId())).put(path)
                .then().statusCode(400).body("field", equalTo("overflowQueueId"));
        String elsewhere = Fixtures.workspace().queue();
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "maxWaitSeconds", 60, "overflowQueueId", elsewhere)).put(path)
                .then().statusCode(400).body("field", equalTo("overflowQueueId"));
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "maxWaitSeconds", 0)).put(path).then().statusCode(400);
        inbox.supervisor().api().body(Map.of("mode", "MANUAL", "maxWaitSeconds", 60)).put(path).then().statusCode(403);
        inbox.ws().admin().api().get("/api/queues/" + inbox.queueId()).then().body("routing.maxWaitSeconds", equalTo(null));
    }
}
