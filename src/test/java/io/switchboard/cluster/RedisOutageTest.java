package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.PrivateRedis;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.PrivateDatabase;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis stopped mid-traffic and started again empty, on a redis-server of the test's own: requests
 * fail fast and clearly meanwhile, nothing committed is lost, and the instance heals by itself:
 * the parked events reach the live client, bells and claims work again without an admin, and a
 * client resuming from before the outage is told to resync.
 */
class RedisOutageTest {

    static PrivateRedis redis;
    private static PrivateDatabase database;
    static ServiceInstance instance;

    @BeforeAll
    static void start() {
        database = PrivateDatabase.create("redis_outage");
        redis = PrivateRedis.start();
        instance = ServiceInstance.start("redis-outage", database.with("-Dquarkus.redis.hosts=" + redis.url()));
        RestAssured.port = instance.port();
    }

    @AfterAll
    static void stop() {
        ServiceInstance.closeAll(instance, redis, database);
    }

    private static int bell(User agent) {
        return agent.api().get("/api/bell").then().statusCode(200).extract().path("count");
    }

    @Test
    void redisLostAndBackEmptyLosesNothingAndHealsItself() {
        Inbox inbox = Inbox.withAgents(2);
        User agent = inbox.agent(0);
        String first = inbox.inbound("before the outage");
        String lastSeen;
        try (LiveClient live = LiveClient.connect(instance.base(), agent.token())) {
            inbox.inbound("seen live");
            live.awaitMessage(f -> "seen live".equals(f.getJsonObject("data").getString("text")));
            lastSeen = live.lastEventId();
            assertEquals(2, bell(agent));

            redis.kill();
            long started = System.nanoTime();
            Response answer = agent.api().get("/api/bell");
            assertEquals(503, answer.statusCode(), answer.asString());
            assertEquals("unavailable", answer.path("error"));
            Response claim = agent.api().post("/api/conversations/" + first + "/claim");
            assertEquals(503, claim.statusCode(), claim.asString());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 4_000, "both answered within 2 s each");
            given().get("/q/health/ready").then().statusCode(503);

            // A contact writing meanwhile is stored in PostgreSQL and acknowledged: Vonage need not retry.
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), inbox.senderNumber(), "during the outage")).then().statusCode(200);

            redis.startAgain();
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
            live.awaitMessage(Duration.ofSeconds(30),
                    f -> "during the outage".equals(f.getJsonObject("data").getString("text")));
            assertEquals(1, live.messages().stream()
                    .filter(f -> "during the outage".equals(f.getJsonObject("data").getString("text"))).count(), "delivered once");
        }
        long waiting = Sql.count("select count(*) from conversation where workspace_id = ?::uuid and owner_id is null and status <> 'CLOSED'",
                inbox.ws().id());
        assertEquals(3, waiting);
        assertEquals(3, bell(agent), "bells rebuilt from PostgreSQL without an admin");
        agent.api().post("/api/conversations/" + first + "/claim").then().statusCode(200).body("ownerId", equalTo(agent.id()));
        inbox.agent(1).api().post("/api/conversations/" + first + "/claim").then().statusCode(409)
                .body("ownerId", equalTo(agent.id()));
        try (LiveClient resumed = LiveClient.connect(instance.base(), agent.token(), lastSeen)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !resumed.frames().isEmpty());
            assertEquals("resync.required", resumed.frames().get(0).getString("type"), "the stream was lost: " + resumed.frames());
        }
    }
}
