package io.switchboard.conversation;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R4-R7: claim with exactly one winner, presence, transfer, close, and what each leaves visible. */
@QuarkusTest
class OwnershipTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ReactiveRedisDataSource redis;

    private static Response claim(User agent, String conversationId) {
        return agent.api().post("/api/conversations/" + conversationId + "/claim");
    }

    /** What Redis says of the conversation: its owner, CLOSED, or null when unowned or unknown. */
    private String redisOwner(Inbox inbox, String conversationId) {
        var fields = redis.execute("HMGET", OwnershipCache.key(UUID.fromString(inbox.ws().id()), UUID.fromString(conversationId)), "o", "s")
                .await().indefinitely();
        if (fields.get(1) != null && "closed".equals(fields.get(1).toString())) {
            return "CLOSED";
        }
        String owner = fields.get(0) == null ? null : fields.get(0).toString();
        return owner == null || owner.isEmpty() ? null : owner;
    }

    private static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 50));
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void claimRaceHasExactlyOneWinner() throws Exception {
        Inbox inbox = Inbox.withAgents(10);
        String id = inbox.inbound("who takes me?");
        List<Callable<Response>> claims = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            User agent = inbox.agent(i % 10);
            claims.add(() -> claim(agent, id));
        }
        List<Response> answers = inParallel(claims);
        List<Response> won = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertEquals(1, won.stream().map(r -> r.path("ownerId")).distinct().count(), "one owner among the 200s");
        String owner = won.get(0).path("ownerId");
        // The winner's own repeated clicks may also answer 200; every other agent gets 409 with the winner.
        for (Response r : answers) {
            if (r.statusCode() != 200) {
                assertEquals(409, r.statusCode());
                assertEquals("already_claimed", r.path("error"));
                assertEquals(owner, r.path("ownerId"));
            }
        }
        assertEquals(owner, Sql.text("select owner_id from conversation where id = ?::uuid", id));
        assertEquals(owner, redisOwner(inbox, id));
        assertEquals(1, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'claimed'", id));
    }

    @Test
    void afterAClaimOnlyTheOwnerAndSupervisorsHearOfTheConversation() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("first");
        User owner = inbox.agent(0);
        User other = inbox.agent(1);
        try (LiveClient ownerLive = LiveClient.connect(base, owner.token());
             LiveClient otherLive = LiveClient.connect(base, other.token());
             LiveClient supervisorLive = LiveClient.connect(base, inbox.supervisor().token())) {
            claim(owner, id).then().statusCode(200).body("ownerId", equalTo(owner.id()));
            for (LiveClient live : List.of(ownerLive, otherLive, supervisorLive)) {
                JsonObject claimed = live.awaitEvent("conversation.claimed").getJsonObject("data");
                assertEquals(id, claimed.getString("conversationId"));
                assertEquals(owner.id(), claimed.getString("ownerId"));
            }
            inbox.reply(id, "second");
            ownerLive.awaitMessage(f -> "second".equals(f.getJsonObject("data").getString("text")));
            supervisorLive.awaitMessage(f -> "second".equals(f.getJsonObject("data").getString("text")));
            otherLive.assertNoMessageBefore(f -> "second".equals(f.getJsonObject("data").getString("text")),
                    Barrier.pass(otherLive, inbox.ws(), other));
        }
        other.api().get("/api/conversations/" + id).then().statusCode(404);
        owner.api().get("/api/conversations/" + id).then().statusCode(200).body("ownerId", equalTo(owner.id()));
        inbox.supervisor().api().get("/api/conversations/" + id).then().statusCode(200);
    }

    @Test
    void onlyReadyOrAcceptingPresenceMayClaim() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        inbox.ws().admin().api().body(Map.of("name", "BREAK", "acceptsNewConversations", true)).post("/api/presence-statuses").then().statusCode(201);
        inbox.ws().admin().api().body(Map.of("name", "LUNCH", "acceptsNewConversations", false)).post("/api/presence-statuses").then().statusCode(201);
        String id = inbox.inbound("anyone ready?");
        for (String refused : List.of("BUSY", "OFFLINE", "LUNCH")) {
            Inbox.presence(agent, refused);
            claim(agent, id).then().statusCode(409).body("error", equalTo("not_accepting"));
            assertEquals(null, Sql.text("select owner_id from conversation where id = ?::uuid", id));
            assertEquals(null, redisOwner(inbox, id), "a refused claim leaves no hold in Redis");
        }
        Inbox.presence(agent, "BREAK");
        claim(agent, id).then().statusCode(200).body("ownerId", equalTo(agent.id()));
        Inbox.presence(agent, "BUSY");
        agent.api().get("/api/conversations/" + id).then().statusCode(200);
    }

    @Test
    void nonMembersCannotSeeItSupervisorsOutsideTheQueueAreForbiddenAndOtherWorkspacesSeeNothing() {
        Inbox inbox = Inbox.withAgents(1);
        String id = inbox.inbound("hello");
        User outsider = inbox.ws().agent();
        Inbox.ready(outsider);
        // An agent outside the queue cannot see the conversation (R4): 404, and no owner is named.
        claim(outsider, id).then().statusCode(404).body("error", equalTo("not_found")).body("ownerId", nullValue());
        Inbox.ready(inbox.supervisor());
        claim(inbox.supervisor(), id).then().statusCode(403).body("error", equalTo("not_queue_member"));
        User stranger = Inbox.withAgents(1).agent(0);
        claim(stranger, id).then().statusCode(404).body("error", equalTo("not_found"));
        stranger.api().get("/api/conversations/" + id).then().statusCode(404);
        claim(inbox.agent(0), UUID.randomUUID().toString()).then().statusCode(404);
        // A claim has no body: clients need not send a content type.
        io.restassured.RestAssured.given().auth().oauth2(inbox.agent(0).token())
                .post("/api/conversations/" + id + "/claim").then().statusCode(200);
    }

    @Test
    void postgresDecidesWhenRedisForgotTheOwner() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("flush me");
        claim(inbox.agent(0), id).then().statusCode(200);
        redis.execute("DEL", OwnershipCache.key(UUID.fromString(inbox.ws().id()), UUID.fromString(id))).await().indefinitely();
        claim(inbox.agent(1), id).then().statusCode(409).body("error", equalTo("already_claimed")).body("ownerId", equalTo(inbox.agent(0).id()));
        assertEquals(inbox.agent(0).id(), redisOwner(inbox, id), "Redis repaired from PostgreSQL");
        assertEquals(inbox.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", id));
    }

    @Test
    void claimRacingCloseLeavesOneConsistentState() throws Exception {
        Inbox inbox = Inbox.withAgents(5);
        for (int round = 0; round < 5; round++) {
            String id = inbox.inbound("race " + round);
            List<Callable<Response>> calls = new ArrayList<>();
            calls.add(() -> inbox.supervisor().api().post("/api/conversations/" + id + "/close"));
            inbox.agents().forEach(agent -> calls.add(() -> claim(agent, id)));
            List<Response> answers = inParallel(calls);
            assertEquals(200, answers.get(0).statusCode(), "the supervisor's close always succeeds");
            assertTrue(answers.subList(1, answers.size()).stream().filter(r -> r.statusCode() == 200).count() <= 1);
            assertEquals("CLOSED", Sql.text("select status from conversation where id = ?::uuid", id));
            assertEquals(null, Sql.text("select owner_id from conversation where id = ?::uuid", id));
            assertEquals("CLOSED", redisOwner(inbox, id));
            claim(inbox.agent(0), id).then().statusCode(409).body("error", equalTo("conversation_closed"));
        }
    }

    @Test
    void transferRacingClaimLeavesOneConsistentOwner() throws Exception {
        Inbox inbox = Inbox.withAgents(4);
        User target = inbox.agent(3);
        for (int round = 0; round < 5; round++) {
            String id = inbox.inbound("tug of war " + round);
            List<Callable<Response>> calls = new ArrayList<>();
            calls.add(() -> inbox.supervisor().api().body(Map.of("agentId", target.id()))
                    .post("/api/conversations/" + id + "/transfer"));
            for (int i = 0; i < 3; i++) {
                User agent = inbox.agent(i);
                calls.add(() -> claim(agent, id));
            }
            List<Response> answers = inParallel(calls);
            assertTrue(answers.subList(1, 4).stream().filter(r -> r.statusCode() == 200).count() <= 1, "at most one claim wins");
            answers.forEach(r -> assertTrue(r.statusCode() == 200 || r.statusCode() == 409, "200 or 409, got " + r.statusCode()));
            String owner = Sql.text("select owner_id from conversation where id = ?::uuid", id);
            assertTrue(owner != null);
            assertEquals(owner, redisOwner(inbox, id), "Redis and PostgreSQL agree");
        }
    }

    @Test
    void transferHandsTheConversationOverAndTheGiverLosesSightOfIt() {
        Inbox inbox = Inbox.withAgents(2);
        User giver = inbox.agent(0);
        User taker = inbox.agent(1);
        String id = inbox.inbound("please transfer me");
        claim(giver, id).then().statusCode(200);
        try (LiveClient takerLive = LiveClient.connect(base, taker.token());
             LiveClient supervisorLive = LiveClient.connect(base, inbox.supervisor().token())) {
            giver.api().body(Map.of("agentId", taker.id())).post("/api/conversations/" + id + "/transfer")
                    .then().statusCode(200).body("ownerId", equalTo(taker.id()));
            JsonObject assigned = takerLive.awaitEvent("conversation.assigned").getJsonObject("data");
            assertEquals(id, assigned.getString("conversationId"));
            assertEquals(taker.id(), assigned.getString("ownerId"));
            assertEquals(giver.id(), assigned.getString("previousOwnerId"));
            assertEquals(inbox.queueId(), assigned.getString("queueId"));
            supervisorLive.awaitEvent("conversation.assigned");
        }
        taker.api().get("/api/conversations/" + id).then().statusCode(200).body("unreadCount", greaterThanOrEqualTo(1));
        giver.api().get("/api/conversations/" + id).then().statusCode(404);
        giver.api().body(Map.of("agentId", giver.id())).post("/api/conversations/" + id + "/transfer").then().statusCode(404);
        assertEquals(taker.id(), redisOwner(inbox, id));
        assertEquals(1, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'transferred'", id));
    }

    @Test
    void transferToAQueueNeedsTheAgentToBeInIt() {
        Inbox inbox = Inbox.withAgents(1);
        User owner = inbox.agent(0);
        String id = inbox.inbound("billing question");
        claim(owner, id).then().statusCode(200);
        User billingAgent = inbox.ws().agent();
        Inbox.ready(billingAgent);
        String billing = inbox.ws().queue(billingAgent);

        owner.api().body(Map.of("agentId", owner.id(), "queueId", billing)).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(400).body("error", equalTo("agent_not_in_queue"));
        assertEquals(owner.id(), Sql.text("select owner_id from conversation where id = ?::uuid", id));

        owner.api().body(Map.of("queueId", billing)).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(200).body("queueId", equalTo(billing)).body("ownerId", nullValue());
        claim(billingAgent, id).then().statusCode(200).body("ownerId", equalTo(billingAgent.id()));
        owner.api().body(Map.of("agentId", owner.id())).post("/api/conversations/" + id + "/transfer").then().statusCode(404);
    }

    @Test
    void aTransferToAnAgentAloneNeedsThemInTheConversationsQueue() {
        Inbox inbox = Inbox.withAgents(1);
        String id = inbox.inbound("who may take me?");
        User outsider = inbox.ws().agent();
        inbox.supervisor().api().body(Map.of("agentId", outsider.id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(400).body("error", equalTo("agent_not_in_queue"));
        assertEquals(null, Sql.text("select owner_id from conversation where id = ?::uuid", id));
        inbox.supervisor().api().body(Map.of("agentId", inbox.agent(0).id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(200).body("ownerId", equalTo(inbox.agent(0).id()));
    }

    @Test
    void onlyOwnersSupervisorsAndAdminsTransferOrClose() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("mine?");
        User member = inbox.agent(1);
        member.api().body(Map.of("agentId", member.id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(403);
        member.api().post("/api/conversations/" + id + "/close").then().statusCode(403);
        inbox.supervisor().api().body(Map.of()).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(400).body("field", equalTo("agentId"));
        assertEquals("ACTIVE", Sql.text("select status from conversation where id = ?::uuid", id));
    }

    @Test
    void closeMakesTheConversationReadOnlyForGood() {
        Inbox inbox = Inbox.withAgents(2);
        User owner = inbox.agent(0);
        String id = inbox.inbound("bye");
        claim(owner, id).then().statusCode(200);
        try (LiveClient ownerLive = LiveClient.connect(base, owner.token())) {
            owner.api().post("/api/conversations/" + id + "/close").then().statusCode(200)
                    .body("status", equalTo("CLOSED")).body("ownerId", nullValue());
            JsonObject closed = ownerLive.awaitEvent("conversation.closed").getJsonObject("data");
            assertEquals(id, closed.getString("conversationId"));
            assertEquals(owner.id(), closed.getString("closedBy"));
        }
        owner.api().post("/api/conversations/" + id + "/close").then().statusCode(409).body("error", equalTo("conversation_closed"));
        claim(inbox.agent(1), id).then().statusCode(409).body("error", equalTo("conversation_closed"));
        inbox.supervisor().api().body(Map.of("agentId", owner.id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(409).body("error", equalTo("conversation_closed"));
        owner.api().get("/api/conversations/" + id).then().statusCode(200).body("status", equalTo("CLOSED"));
        assertEquals(1, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'closed'", id));
        String next = inbox.inbound("hello again");
        assertTrue(!id.equals(next));
    }

    @Test
    void supervisorsAssignAndCloseInBulk() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        List<String> ids = List.of(inbox.inbound("one"), inbox.inbound("two"), inbox.inbound("three"));
        agent.api().body(Map.of("conversationIds", ids, "agentId", agent.id())).post("/api/conversations/assign").then().statusCode(403);
        inbox.supervisor().api().body(Map.of("conversationIds", ids, "agentId", agent.id()))
                .post("/api/conversations/assign").then().statusCode(200).body("assigned", equalTo(3));
        ids.forEach(id -> assertEquals(agent.id(), Sql.text("select owner_id from conversation where id = ?::uuid", id)));
        agent.api().body(Map.of("conversationIds", ids)).post("/api/conversations/close").then().statusCode(403);
        inbox.supervisor().api().body(Map.of("conversationIds", List.of(ids.get(0), ids.get(1), UUID.randomUUID().toString())))
                .post("/api/conversations/close").then().statusCode(200).body("closed", equalTo(2));
        assertEquals("CLOSED", Sql.text("select status from conversation where id = ?::uuid", ids.get(1)));
        assertEquals("ACTIVE", Sql.text("select status from conversation where id = ?::uuid", ids.get(2)));
    }
}
