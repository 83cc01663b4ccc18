package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.ViewersAcross;
import io.switchboard.support.RedisCluster;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.PrivateDatabase;
import io.switchboard.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on a real three-master Redis Cluster (quarkus.redis.client-type=cluster): claim
 * races keep one winner, the live loop and resume work, bells count right. Workspaces land on
 * different masters, each with every key of its own on one slot.
 */
class RedisClusterTest {

    static RedisCluster redis;
    private static PrivateDatabase database;
    static ServiceInstance one;
    static ServiceInstance two;

    @BeforeAll
    static void start() {
        database = PrivateDatabase.create("redis_cluster");
        redis = RedisCluster.start();
        String[] properties = database.with("-Dquarkus.redis.client-type=cluster", "-Dquarkus.redis.hosts=" + redis.hosts(),
                "-Dquarkus.redis.max-pool-size=32");
        List<ServiceInstance> both = ServiceInstance.startAll(List.of("redis-cluster-1", "redis-cluster-2"), properties);
        one = both.get(0);
        two = both.get(1);
    }

    @AfterAll
    static void stop() {
        ServiceInstance.closeAll(one, two, redis, database);
    }

    @BeforeEach
    void talkToTheFirst() {
        RestAssured.port = one.port();
    }

    private static Response claim(ServiceInstance instance, User agent, String conversationId) {
        return given().port(instance.port()).auth().oauth2(agent.token()).post("/api/conversations/" + conversationId + "/claim");
    }

    private static int bell(User agent) {
        return agent.api().get("/api/bell").then().statusCode(200).extract().path("count");
    }

    @Test
    void claimsRacingOnBothInstancesHaveOneWinner() throws Exception {
        Inbox inbox = Inbox.withAgents(6);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try (LiveClient watcher = LiveClient.connect(two.base(), inbox.agent(5).token())) {
            for (int round = 0; round < 5; round++) {
                String id = inbox.inbound("race " + round);
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    ServiceInstance instance = i % 2 == 0 ? one : two;
                    User caller = inbox.agent(i % 6);
                    calls.add(() -> claim(instance, caller, id));
                }
                List<String> winners = new ArrayList<>();
                for (Future<Response> answer : pool.invokeAll(calls)) {
                    Response r = answer.get();
                    if (r.statusCode() == 200) {
                        winners.add(r.path("ownerId"));
                    } else {
                        assertEquals(409, r.statusCode(), r.asString());
                    }
                }
                assertEquals(1, winners.stream().distinct().count(), "one owner in round " + round + ": " + winners);
                assertEquals(winners.get(0), Sql.text("select owner_id from conversation where id = ?::uuid", id));
                watcher.awaitEvent("conversation.claimed", f -> id.equals(f.getJsonObject("data").getString("conversationId")));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void liveEventsReachEitherInstanceAndAResumeReplaysWhatWasMissed() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String lastSeen;
        String conversation;
        try (LiveClient live = LiveClient.connect(two.base(), agent.token())) {
            conversation = inbox.inbound("first");
            live.awaitMessage(f -> "first".equals(f.getJsonObject("data").getString("text")));
            lastSeen = live.lastEventId();
        }
        inbox.reply(conversation, "while away");
        try (LiveClient resumed = LiveClient.connect(one.base(), agent.token(), lastSeen)) {
            resumed.awaitMessage(Duration.ofSeconds(10),
                    f -> "while away".equals(f.getJsonObject("data").getString("text")));
            assertTrue(resumed.events("resync.required").isEmpty(), "the stream covers the id: " + resumed.frames());
            inbox.reply(conversation, "live again");
            resumed.awaitMessage(f -> "live again".equals(f.getJsonObject("data").getString("text")));
            assertEquals(1, resumed.messages().stream()
                    .filter(f -> "while away".equals(f.getJsonObject("data").getString("text"))).count(), "replayed once");
        }
    }

    @Test
    void whoIsViewingAndTypingCrossesInstancesOverTheCluster() {
        Inbox inbox = Inbox.withAgents(2);
        String conversation = inbox.inbound("who is here?");
        try (LiveClient onOne = LiveClient.connect(one.base(), inbox.agent(0).token());
             LiveClient onTwo = LiveClient.connect(two.base(), inbox.agent(1).token())) {
            ViewersAcross.viewingAndTypingCross(onOne, inbox.agent(0), onTwo, conversation);
        }
    }

    @Test
    void bellsCountWaitingConversationsAndFollowAClaim() {
        Inbox inbox = Inbox.withAgents(2);
        String first = inbox.inbound("one");
        inbox.inbound("two");
        assertEquals(2, bell(inbox.agent(0)));
        try (LiveClient other = LiveClient.connect(two.base(), inbox.agent(1).token())) {
            claim(one, inbox.agent(0), first).then().statusCode(200);
            // The count rides on conversation.claimed (one frame per recipient).
            await().atMost(Duration.ofSeconds(10)).until(() -> other.bell() == 1);
        }
        assertEquals(1, bell(inbox.agent(1)));
        // Bell state lost on the cluster: rebuilt from PostgreSQL by the next recount, without SCAN.
        assertEquals("1", redis.command("DEL", "sb:{" + inbox.ws().id() + "}:bell:built").strip());
        inbox.inbound("three");
        await().atMost(Duration.ofSeconds(10)).until(() -> bell(inbox.agent(1)) == 2);
        assertEquals(2, bell(inbox.agent(1)));
    }
}
