package io.switchboard.routing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Barrier;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R22, R23: routing modes, capacity held under races, waiting conversations handed out oldest first. */
@QuarkusTest
class RoutingTest {

    @TestHTTPResource("/")
    URI base;

    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(24);
    private static final Duration SOON = Duration.ofSeconds(5);

    @AfterAll
    static void stopCallers() {
        CALLERS.shutdown();
    }

    static Response setRouting(Inbox inbox, String mode, Integer maxPerAgent) {
        Map<String, Object> body = new HashMap<>();
        body.put("mode", mode);
        body.put("maxPerAgent", maxPerAgent);
        return inbox.ws().admin().api().body(body).put("/api/queues/" + inbox.queueId() + "/routing");
    }

    private static String owner(String conversationId) {
        return Sql.text("select owner_id from conversation where id = ?::uuid", conversationId);
    }

    private static long openOwned(User agent) {
        return Sql.count("select count(*) from conversation where owner_id = ?::uuid and status <> 'CLOSED'", agent.id());
    }

    private static void close(User agent, String conversationId) {
        agent.api().post("/api/conversations/" + conversationId + "/close").then().statusCode(200);
    }

    @Test
    void onlyAnAdminSetsRoutingAndTheQueueShowsIt() {
        Inbox inbox = Inbox.withAgents(1);
        setRouting(inbox, "LEAST_BUSY", 3).then().statusCode(200)
                .body("routing.mode", equalTo("LEAST_BUSY"))
                .body("routing.maxPerAgent", equalTo(3))
                .body("routing.offerSeconds", nullValue())
                .body("routing.missedOffersBeforeAway", equalTo(3));
        inbox.supervisor().api().get("/api/queues/" + inbox.queueId()).then().statusCode(200)
                .body("routing.mode", equalTo("LEAST_BUSY"));
        inbox.supervisor().api().body(Map.of("mode", "MANUAL")).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(403);
        inbox.ws().admin().api().body(Map.of("mode", "RANDOM")).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(400);
        inbox.ws().admin().api().body(Map.of("mode", "LEAST_BUSY", "maxPerAgent", 0)).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(400);
        inbox.ws().admin().api().body(Map.of("mode", "MANUAL", "offerSeconds", 30)).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(400).body("error", equalTo("invalid_field"));
        Fixtures.workspace().admin().api().body(Map.of("mode", "MANUAL")).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(404);
        assertEquals("LEAST_BUSY", Sql.text("select routing_mode from inbox_queue where id = ?::uuid", inbox.queueId()),
                "refused changes changed nothing");
    }

    @Test
    void roundRobinHandsEachNewConversationToTheAgentAssignedLeastRecently() throws Exception {
        Inbox inbox = Inbox.withAgents(3);
        setRouting(inbox, "ROUND_ROBIN", null).then().statusCode(200);
        try (LiveClient live = LiveClient.connect(base, inbox.agent(0).token())) {
            List<String> owners = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = inbox.inbound("round " + i);
                await().atMost(SOON).until(() -> owner(id) != null);
                owners.add(owner(id));
            }
            assertEquals(owners.subList(0, 3), owners.subList(3, 6), "the same turn order, twice");
            assertEquals(3, owners.subList(0, 3).stream().distinct().count(), "each agent once per turn");
            JsonObject assigned = live.awaitEvent("conversation.assigned",
                    f -> inbox.agent(0).id().equals(f.getJsonObject("data").getString("ownerId"))).getJsonObject("data");
            assertEquals("routing", assigned.getString("by"));
            assertNull(assigned.getValue("previousOwnerId"));
            String routedId = assigned.getString("conversationId");
            assertEquals("routed", Sql.text("select kind from timeline_event where conversation_id = ?::uuid and kind = 'routed'", routedId));
            inbox.agent(0).api().get("/api/conversations/" + routedId).then().statusCode(200)
                    .body("ownerId", equalTo(inbox.agent(0).id()));
        }
    }

    @Test
    void aConversationRoutedAsItArrivesIsOneFrameToItsOwnerAndNothingToTheRestOfTheQueue() {
        Inbox inbox = Inbox.withAgents(2);
        setRouting(inbox, "ROUND_ROBIN", null).then().statusCode(200);
        try (LiveClient first = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient second = LiveClient.connect(base, inbox.agent(1).token())) {
            String id = inbox.inbound("straight to someone");
            String ownerId = owner(id);
            assertNotNull(ownerId, "owned as the webhook is answered: it never waited");
            boolean firstOwns = inbox.agent(0).id().equals(ownerId);
            LiveClient ownerLive = firstOwns ? first : second;
            LiveClient otherLive = firstOwns ? second : first;
            User other = firstOwns ? inbox.agent(1) : inbox.agent(0);
            User ownerUser = firstOwns ? inbox.agent(0) : inbox.agent(1);

            JsonObject data = ownerLive.awaitEvent("conversation.assigned").getJsonObject("data");
            assertEquals("routing", data.getString("by"));
            assertEquals(id, data.getJsonObject("conversation").getString("id"));
            assertEquals(ownerId, data.getJsonObject("conversation").getString("ownerId"));
            assertEquals("straight to someone", data.getJsonObject("message").getString("text"));
            assertEquals(1, data.getInteger("bell"), "unread for its owner, in the same frame");
            JsonObject ownerBarrier = Barrier.pass(ownerLive, inbox.ws(), ownerUser);
            List<JsonObject> ownerFrames = ownerLive.frames();
            assertEquals(List.of("conversation.assigned"), ownerFrames.subList(0, ownerFrames.indexOf(ownerBarrier)).stream()
                    .map(f -> f.getString("type")).toList(), "one frame: no alert, no separate bell");
            JsonObject otherBarrier = Barrier.pass(otherLive, inbox.ws(), other);
            assertEquals(0, otherLive.frames().indexOf(otherBarrier), "the rest of the queue never saw it waiting");
            other.api().get("/api/bell").then().statusCode(200).body("count", equalTo(0));
            ownerUser.api().get("/api/bell").then().statusCode(200).body("count", equalTo(1));
            assertEquals(1L, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'routed'", id));
        }
    }

    @Test
    void leastBusyPrefersTheAgentWithFewestOpenConversations() {
        Inbox inbox = Inbox.withAgents(2);
        // In the manual queue the first agent takes two; routing then sends the next two to the other.
        for (int i = 0; i < 2; i++) {
            String id = inbox.inbound("manual " + i);
            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        }
        setRouting(inbox, "LEAST_BUSY", null).then().statusCode(200);
        String third = inbox.inbound("routed 1");
        await().atMost(SOON).until(() -> owner(third) != null);
        String fourth = inbox.inbound("routed 2");
        await().atMost(SOON).until(() -> owner(fourth) != null);
        assertEquals(inbox.agent(1).id(), owner(third));
        assertEquals(inbox.agent(1).id(), owner(fourth), "2 against 1 open: still the less busy one");
        String fifth = inbox.inbound("routed 3");
        await().atMost(SOON).until(() -> owner(fifth) != null);
        assertEquals(inbox.agent(0).id(), owner(fifth), "2 against 2: the one assigned least recently");
    }

    @Test
    void whenNobodyIsEligibleItWaitsAlertingTheQueueAndGoesToTheFirstWhoBecomesEligible() {
        Inbox inbox = Inbox.withAgents(2);
        Inbox.presence(inbox.agent(0), "BUSY");
        Inbox.presence(inbox.agent(1), "BUSY");
        setRouting(inbox, "ROUND_ROBIN", null).then().statusCode(200);
        String first = inbox.inbound("waiting 1");
        String second = inbox.inbound("waiting 2");
        inbox.agent(1).api().get("/api/bell").then().statusCode(200).body("count", equalTo(2));
        assertNull(owner(first), "BUSY agents get nothing routed");
        Inbox.ready(inbox.agent(1));
        await().atMost(SOON).until(() -> owner(first) != null && owner(second) != null);
        assertEquals(inbox.agent(1).id(), owner(first));
        assertEquals(inbox.agent(1).id(), owner(second));
        assertEquals(0L, openOwned(inbox.agent(0)));
    }

    @Test
    void anAgentAtCapacityGetsNothingNewUntilTheyCloseOneThenTheOldestWaitingComes() {
        Inbox inbox = Inbox.withAgents(2);
        setRouting(inbox, "LEAST_BUSY", 1).then().statusCode(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(inbox.inbound("capacity " + i));
        }
        await().atMost(SOON).until(() -> owner(ids.get(0)) != null && owner(ids.get(1)) != null);
        assertNull(owner(ids.get(2)), "both agents are at capacity");
        assertNull(owner(ids.get(3)));
        User first = inbox.agents().stream().filter(a -> a.id().equals(owner(ids.get(0)))).findFirst().orElseThrow();
        close(first, ids.get(0));
        await().atMost(SOON).until(() -> owner(ids.get(2)) != null);
        assertEquals(first.id(), owner(ids.get(2)), "the oldest waiting goes to the agent who made room");
        assertNull(owner(ids.get(3)));
        // An agent's own maximum overrides the queue's.
        inbox.ws().admin().api().body(Map.of("maxConversations", 2)).put("/api/agents/" + first.id()).then().statusCode(200);
        await().atMost(SOON).until(() -> owner(ids.get(3)) != null);
        assertEquals(first.id(), owner(ids.get(3)));
    }

    @Test
    void waitingConversationsNoChangeHandedOutAreRoutedByTheSweep() {
        Inbox inbox = Inbox.withAgents(1);
        String id = inbox.inbound("arrived while the queue was manual");
        // Routing turned on behind every instance's back, as if the one that changed it died before routing.
        Sql.update("update inbox_queue set routing_mode = 'ROUND_ROBIN' where id = ?::uuid", inbox.queueId());
        await().atMost(SOON).until(() -> owner(id) != null);
        assertEquals(inbox.agent(0).id(), owner(id));
    }

    @Test
    void claimsAndTransfersRespectCapacityAndASupervisorMayGoOverSayingSo() {
        Inbox inbox = Inbox.withAgents(2);
        setRouting(inbox, "MANUAL", 1).then().statusCode(200);
        String a = inbox.inbound("cap a");
        String b = inbox.inbound("cap b");
        String c = inbox.inbound("cap c");
        inbox.agent(0).api().post("/api/conversations/" + a + "/claim").then().statusCode(200);
        inbox.agent(0).api().post("/api/conversations/" + b + "/claim").then().statusCode(409)
                .body("error", equalTo("at_capacity"));
        assertNull(owner(b), "the refused claim changed nothing");
        inbox.agent(1).api().post("/api/conversations/" + b + "/claim").then().statusCode(200);
        inbox.agent(1).api().body(Map.of("agentId", inbox.agent(0).id())).post("/api/conversations/" + b + "/transfer")
                .then().statusCode(409).body("error", equalTo("at_capacity"));
        assertEquals(inbox.agent(1).id(), owner(b));
        try (LiveClient live = LiveClient.connect(base, inbox.supervisor().token())) {
            inbox.supervisor().api().body(Map.of("agentId", inbox.agent(0).id())).post("/api/conversations/" + c + "/transfer")
                    .then().statusCode(200).body("ownerId", equalTo(inbox.agent(0).id()));
            JsonObject assigned = live.awaitEvent("conversation.assigned",
                    f -> c.equals(f.getJsonObject("data").getString("conversationId"))).getJsonObject("data");
            assertEquals(Boolean.TRUE, assigned.getBoolean("overCapacity"), "R23: a supervisor's assign says so");
        }
        assertEquals(2L, openOwned(inbox.agent(0)));
    }

    @Test
    void aClaimCountsAgainstTheAgentsOwnMaximumBeforeTheQueues() {
        Inbox inbox = Inbox.withAgents(2);
        setRouting(inbox, "MANUAL", 1).then().statusCode(200);
        User roomier = inbox.agent(0);
        inbox.ws().admin().api().body(Map.of("maxConversations", 2)).put("/api/agents/" + roomier.id()).then().statusCode(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(inbox.inbound("own maximum " + i));
        }
        roomier.api().post("/api/conversations/" + ids.get(0) + "/claim").then().statusCode(200);
        roomier.api().post("/api/conversations/" + ids.get(1) + "/claim").then().statusCode(200);
        roomier.api().post("/api/conversations/" + ids.get(2) + "/claim").then().statusCode(409)
                .body("error", equalTo("at_capacity"));
        inbox.agent(1).api().post("/api/conversations/" + ids.get(3) + "/claim").then().statusCode(200);
        inbox.agent(1).api().post("/api/conversations/" + ids.get(4) + "/claim").then().statusCode(409)
                .body("error", equalTo("at_capacity"));
        assertEquals(2L, openOwned(roomier), "R23: the agent's own maximum, not the queue's 1");
        assertEquals(1L, openOwned(inbox.agent(1)), "R23: the queue's maximum for an agent without one");
    }

    @Test
    void capacityHoldsWhenArrivalsRoutingAndClaimsRace() throws Exception {
        Inbox inbox = Inbox.withAgents(5);
        setRouting(inbox, "MANUAL", 3).then().statusCode(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(inbox.inbound("race " + i));
        }
        // Every agent claims every conversation while routing starts handing them out.
        List<Callable<Integer>> calls = new ArrayList<>();
        calls.add(() -> setRouting(inbox, "LEAST_BUSY", 3).statusCode());
        for (String id : ids) {
            for (User agent : inbox.agents()) {
                calls.add(() -> agent.api().post("/api/conversations/" + id + "/claim").statusCode());
            }
        }
        List<Future<Integer>> answers = CALLERS.invokeAll(calls);
        for (Future<Integer> answer : answers) {
            int status = answer.get();
            assertTrue(status == 200 || status == 409, "claims win or lose cleanly: " + status);
        }
        await().atMost(SOON).until(() -> Sql.count("select count(*) from conversation where workspace_id = ?::uuid and owner_id is not null",
                inbox.ws().id()) == 15);
        for (User agent : inbox.agents()) {
            assertEquals(3L, openOwned(agent), "R23: exactly at capacity, never over");
        }
        List<String> waiting = Sql.texts("""
                select id from conversation where workspace_id = ?::uuid and owner_id is null order by created_at, id""", inbox.ws().id());
        assertEquals(15, waiting.size());
        // Closing one hands out the oldest waiting.
        String owned = Sql.text("select id from conversation where owner_id = ?::uuid limit 1", inbox.agent(2).id());
        close(inbox.agent(2), owned);
        await().atMost(SOON).until(() -> owner(waiting.get(0)) != null);
        assertEquals(inbox.agent(2).id(), owner(waiting.get(0)));
        assertNull(owner(waiting.get(1)));
        assertNotNull(Sql.text("select claimed_at from conversation where id = ?::uuid", waiting.get(0)));
    }
}
