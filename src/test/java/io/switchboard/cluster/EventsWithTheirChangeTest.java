package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.PrivateRedis;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.PrivateDatabase;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events are written to PostgreSQL in the transaction of their change and relayed to the stream
 * at once, or later by any instance: an append that fails after the commit, an instance killed
 * between commit and append, or a relay that dies between append and cleanup loses no event and
 * repeats none. Two instances share a redis-server of the test's own, which the test may break.
 */
class EventsWithTheirChangeTest {

    static PrivateRedis redis;
    private static PrivateDatabase database;
    static ServiceInstance one;
    static ServiceInstance two;

    @BeforeAll
    static void start() {
        database = PrivateDatabase.create("events_with_change");
        redis = PrivateRedis.start();
        List<ServiceInstance> both = ServiceInstance.startAll(List.of("events-with-change-1", "events-with-change-2"),
                database.with("-Dquarkus.redis.hosts=" + redis.url()));
        one = both.get(0);
        two = both.get(1);
    }

    @AfterAll
    static void stop() {
        ServiceInstance.closeAll(one, two, redis, database);
    }

    @BeforeEach
    void talkToTheSurvivor() {
        RestAssured.port = two.port();
    }

    private static String text(JsonObject frame) {
        return frame.getJsonObject("data").getString("text");
    }

    private static long count(LiveClient live, String type, String text) {
        return live.events(type).stream().filter(f -> text.equals(text(f))).count();
    }

    @Test
    void anAppendThatFailsAfterTheCommitIsRelayedInOrderOnce() {
        Inbox inbox = Inbox.withAgents(1);
        String conversation = inbox.inbound("before");
        String stream = "sb:{" + inbox.ws().id() + "}:events";
        try (LiveClient live = LiveClient.connect(two.base(), inbox.agent(0).token())) {
            inbox.reply(conversation, "seen live");
            live.awaitMessage(f -> "seen live".equals(text(f)));

            // The stream key becomes unusable: every append to it fails with WRONGTYPE.
            assertEquals("OK", redis.command("RENAME", stream, stream + ":aside"));
            redis.command("SET", stream, "not a stream");
            inbox.agent(0).api().body(Map.of("text", "written while broken")).post("/api/conversations/" + conversation + "/notes")
                    .then().statusCode(201);
            inbox.reply(conversation, "received while broken");
            assertTrue(Sql.count("select count(*) from pending_event where workspace_id = ?::uuid", inbox.ws().id()) >= 2,
                    "the events wait in PostgreSQL");

            redis.command("DEL", stream);
            assertEquals("OK", redis.command("RENAME", stream + ":aside", stream));
            live.awaitMessage(Duration.ofSeconds(15), f -> "received while broken".equals(text(f)));
            inbox.reply(conversation, "after");
            live.awaitMessage(Duration.ofSeconds(10), f -> "after".equals(text(f)));

            List<String> order = live.frames().stream()
                    .filter(f -> f.getJsonObject("data") != null && f.getJsonObject("data").getString("text") != null)
                    .map(EventsWithTheirChangeTest::text).toList();
            assertEquals(List.of("seen live", "written while broken", "received while broken", "after"), order,
                    "each once, in the order they committed: " + live.frames());
        }
        assertEquals(0, Sql.count("select count(*) from pending_event where workspace_id = ?::uuid", inbox.ws().id()),
                "nothing left behind");
    }

    @Test
    void aRowLeftBehindIsRelayedOnceAndAnAlreadyAppendedOneNotAgain() {
        Inbox inbox = Inbox.withAgents(1);
        String conversation = inbox.inbound("hello");
        try (LiveClient live = LiveClient.connect(two.base(), inbox.agent(0).token())) {
            // As a relay that died after appending but before deleting leaves it: row and marker.
            UUID appended = UUID.randomUUID();
            redis.command("SET", "sb:{" + inbox.ws().id() + "}:appended:" + appended, "1-1");
            insertPending(appended, inbox, conversation, "appended before");
            // As an instance killed between its commit and its append leaves it: a row alone.
            insertPending(UUID.randomUUID(), inbox, conversation, "left behind");

            live.awaitEvent("note.created", Duration.ofSeconds(15), f -> "left behind".equals(text(f)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Sql.count("select count(*) from pending_event where workspace_id = ?::uuid", inbox.ws().id()) == 0);
            inbox.reply(conversation, "later");
            live.awaitMessage(Duration.ofSeconds(10), f -> "later".equals(text(f)));
            assertEquals(1, count(live, "note.created", "left behind"));
            assertEquals(0, count(live, "note.created", "appended before"), "an event is never appended twice");
        }
    }

    private static void insertPending(UUID id, Inbox inbox, String conversation, String text) {
        String data = new JsonObject().put("id", UUID.randomUUID().toString()).put("conversationId", conversation)
                .put("authorId", inbox.agent(0).id()).put("text", text).put("createdAt", "2026-11-30T00:00:00Z").encode();
        Sql.update("""
                insert into pending_event (id, workspace_id, type, ts, audience_queue, audience_agents, audience_supervisors, data, created_at)
                values (?::uuid, ?::uuid, 'note.created', '2026-11-30T00:00:00Z', ?::uuid, '', true, ?, now() - interval '5 seconds')""",
                id.toString(), inbox.ws().id(), inbox.queueId(), data);
    }

    @Test
    void eventsOfAnInstanceKilledUnderTrafficReachClientsOnTheOtherOnce() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        int messages = 60;
        AtomicInteger answered = new AtomicInteger();
        try (LiveClient live = LiveClient.connect(two.base(), inbox.agent(0).token())) {
            ExecutorService contacts = Executors.newFixedThreadPool(6);
            for (int i = 0; i < messages; i++) {
                String text = "burst " + i;
                contacts.submit(() -> {
                    try {
                        int status = given().port(one.port()).contentType(ContentType.JSON)
                                .body(Webhooks.sms(Fixtures.uniqueNumber(), inbox.senderNumber(), text).encode())
                                .post("/webhooks/vonage/inbound").statusCode();
                        if (status == 200) {
                            answered.incrementAndGet();
                        }
                    } catch (RuntimeException killedMidRequest) {
                        // the instance died under this request; PostgreSQL says whether it was stored
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= messages / 3);
            one.kill();
            contacts.shutdown();
            assertTrue(contacts.awaitTermination(60, TimeUnit.SECONDS));

            List<String> stored = Sql.texts("""
                    select m.text from message m where m.workspace_id = ?::uuid and m.direction = 'IN' order by m.created_at""",
                    inbox.ws().id());
            assertTrue(stored.size() >= answered.get(), "every acknowledged message is stored");
            inbox.inbound("after the crash");
            live.awaitMessage(Duration.ofSeconds(20), f -> "after the crash".equals(text(f)));
            await().atMost(Duration.ofSeconds(20)).until(() -> stored.stream().allMatch(text -> live.messages().stream().filter(f -> text.equals(text(f))).count() > 0));
            List<String> duplicated = new ArrayList<>();
            for (String text : stored) {
                if (live.messages().stream().filter(f -> text.equals(text(f))).count() != 1) {
                    duplicated.add(text);
                }
            }
            assertEquals(List.of(), duplicated, "every stored message announced exactly once");
            assertEquals(stored.size() + 1, live.events("conversation.created").size(), "one alert per conversation");
        }
    }
}
