package io.switchboard.conversation;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R4, R5 when the world misbehaves: eligible and ineligible callers racing, PostgreSQL failing
 * mid-claim, Redis losing a workspace's keys, and a claimant that dies holding the conversation.
 */
@QuarkusTest
class ClaimRaceTest {

    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(32);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    OwnershipCache ownership;

    @AfterAll
    static void stopCallers() {
        CALLERS.shutdown();
    }

    private static Response claim(User agent, String conversationId) {
        return agent.api().post("/api/conversations/" + conversationId + "/claim");
    }

    private static String owner(String conversationId) {
        return Sql.text("select owner_id from conversation where id = ?::uuid", conversationId);
    }

    private static List<Response> inParallel(List<Callable<Response>> calls) throws Exception {
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : CALLERS.invokeAll(calls)) {
            answers.add(f.get());
        }
        return answers;
    }

    @Test
    void mixedRacesAlwaysHaveOneEligibleWinnerAndNoLoserIsToldOfAnIneligibleOne() throws Exception {
        Inbox inbox = Inbox.withAgents(10);
        inbox.ws().admin().api().body(Map.of("name", "TRAINING", "acceptsNewConversations", false))
                .post("/api/presence-statuses").then().statusCode(201);
        List<User> ready = inbox.agents().subList(0, 5);
        List<User> busy = inbox.agents().subList(5, 8);
        List<User> training = inbox.agents().subList(8, 10);
        busy.forEach(agent -> Inbox.presence(agent, "BUSY"));
        training.forEach(agent -> Inbox.presence(agent, "TRAINING"));
        List<User> outsiders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            User outsider = inbox.ws().agent();
            Inbox.ready(outsider);
            outsiders.add(outsider);
        }
        User supervisor = inbox.supervisor();
        Inbox.ready(supervisor);
        Set<String> readyIds = new HashSet<>(ready.stream().map(User::id).toList());

        for (int round = 0; round < 100; round++) {
            String id = inbox.inbound("mixed race " + round);
            List<Callable<Response>> calls = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            // The ineligible go first in the list, so the pool tends to start them first.
            outsiders.forEach(u -> { calls.add(() -> claim(u, id)); kinds.add("outsider"); });
            busy.forEach(u -> { calls.add(() -> claim(u, id)); kinds.add("busy"); });
            training.forEach(u -> { calls.add(() -> claim(u, id)); kinds.add("busy"); });
            calls.add(() -> claim(supervisor, id));
            kinds.add("supervisor");
            ready.forEach(u -> { calls.add(() -> claim(u, id)); kinds.add("ready"); });

            List<Response> answers = inParallel(calls);
            String winner = owner(id);
            assertTrue(winner != null && readyIds.contains(winner), "round " + round + ": a READY member owns it, not " + winner);
            long wins = answers.stream().filter(r -> r.statusCode() == 200).count();
            assertEquals(1, wins, "round " + round + ": exactly one 200");
            for (int i = 0; i < answers.size(); i++) {
                Response r = answers.get(i);
                String why = "round " + round + ", " + kinds.get(i) + ": " + r.statusCode() + " " + r.asString();
                switch (kinds.get(i)) {
                    case "outsider" -> {
                        assertEquals(404, r.statusCode(), why);
                        assertNull(r.path("ownerId"), why);
                    }
                    case "supervisor" -> assertEquals(403, r.statusCode(), why);
                    case "busy" -> {
                        assertEquals(409, r.statusCode(), why);
                        String error = r.path("error");
                        assertTrue("not_accepting".equals(error) || ("already_claimed".equals(error) && winner.equals(r.path("ownerId"))), why);
                    }
                    default -> {
                        if (r.statusCode() != 200) {
                            assertEquals(409, r.statusCode(), why);
                            assertEquals("already_claimed", r.path("error"), why);
                            assertEquals(winner, r.path("ownerId"), why);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aClaimThatPostgresRefusesLeavesTheConversationClaimable() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("the database blinks");
        String trigger = "fail_claim_" + id.replace("-", "");
        // PostgreSQL refuses every change of this one conversation, as a failing database would.
        Sql.update("create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                + "raise exception 'simulated outage'; end $$");
        Sql.update("create trigger " + trigger + " before update on conversation for each row when (new.id = '" + id
                + "'::uuid) execute function " + trigger + "()");
        try {
            int status = claim(inbox.agent(0), id).statusCode();
            assertTrue(status >= 500, "the failed claim is an error, got " + status);
        } finally {
            Sql.update("drop trigger " + trigger + " on conversation");
            Sql.update("drop function " + trigger + "()");
        }
        assertNull(owner(id));
        // Claimable again at once (well within 10 s), by anyone eligible.
        claim(inbox.agent(1), id).then().statusCode(200).body("ownerId", equalTo(inbox.agent(1).id()));
        claim(inbox.agent(0), id).then().statusCode(409).body("ownerId", equalTo(inbox.agent(1).id()));
    }

    @Test
    void aWorkspaceWhoseRedisKeysVanishedGetsNoSecondOwnerAndIsRepaired() {
        Inbox inbox = Inbox.withAgents(3);
        User busy = inbox.agent(2);
        Inbox.presence(busy, "BUSY");
        String id = inbox.inbound("flush between claims");
        claim(inbox.agent(0), id).then().statusCode(200);
        String other = inbox.inbound("another one");

        assertTrue(deleteWorkspaceKeys(inbox) > 0);
        claim(inbox.agent(1), id).then().statusCode(409).body("error", equalTo("already_claimed"))
                .body("ownerId", equalTo(inbox.agent(0).id()));
        assertEquals(inbox.agent(0).id(), owner(id));
        assertEquals(inbox.agent(0).id(), redis.execute("HGET", OwnershipCache.key(uuid(inbox.ws().id()), uuid(id)), "o")
                .await().indefinitely().toString(), "Redis repaired from PostgreSQL");
        // Eligibility came back from PostgreSQL too: the BUSY member is still refused, the READY one wins.
        claim(busy, other).then().statusCode(409).body("error", equalTo("not_accepting"));
        claim(inbox.agent(1), other).then().statusCode(200);
    }

    @Test
    void aHoldLeftByACrashedClaimantLapses() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("the claimant dies");
        User crashed = inbox.agent(0);
        User next = inbox.agent(1);
        // The first step of a claim, as an instance that is then killed would leave it: held, never committed.
        loadIntoRedis(inbox, id);
        OwnershipCache.Attempt attempt = ownership.tryClaim(uuid(inbox.ws().id()), uuid(id), uuid(crashed.id()), false)
                .await().indefinitely();
        assertEquals(OwnershipCache.Outcome.WON, attempt.outcome());
        claim(next, id).then().statusCode(409).body("error", equalTo("already_claimed")).body("ownerId", equalTo(crashed.id()));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Response answer = claim(next, id);
        while (answer.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            sleep(100);
            answer = claim(next, id);
        }
        assertEquals(200, answer.statusCode(), "the hold lapsed and the next agent claimed it: " + answer.asString());
        assertEquals(next.id(), owner(id));
        assertFalse(crashed.id().equals(owner(id)));
    }

    @Test
    void supervisorTransferWorksRightAfterAFailedClaim() {
        Inbox inbox = Inbox.withAgents(2);
        String id = inbox.inbound("transfer after a blip");
        loadIntoRedis(inbox, id);
        ownership.tryClaim(uuid(inbox.ws().id()), uuid(id), uuid(inbox.agent(0).id()), false).await().indefinitely();
        // A claim in flight holds the conversation; a supervisor's transfer waits for it, then answers 409, never hangs.
        inbox.supervisor().api().body(Map.of("agentId", inbox.agent(1).id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(409).body("error", equalTo("conflict"));
        sleep(2200);
        inbox.supervisor().api().body(Map.of("agentId", inbox.agent(1).id())).post("/api/conversations/" + id + "/transfer")
                .then().statusCode(200).body("ownerId", equalTo(inbox.agent(1).id()));
        claim(inbox.agent(0), id).then().statusCode(409).body("ownerId", equalTo(inbox.agent(1).id()));
    }

    private void loadIntoRedis(Inbox inbox, String id) {
        // A claim by someone who cannot win makes Redis load the conversation and the workspace's eligibility.
        User outsider = inbox.ws().agent();
        claim(outsider, id).then().statusCode(404);
    }

    private long deleteWorkspaceKeys(Inbox inbox) {
        var keys = redis.execute("KEYS", "sb:{" + inbox.ws().id() + "}:*").await().indefinitely();
        long deleted = 0;
        for (var key : keys) {
            deleted += redis.execute("DEL", key.toString()).await().indefinitely().toLong();
        }
        return deleted;
    }

    private static UUID uuid(String id) {
        return UUID.fromString(id);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
