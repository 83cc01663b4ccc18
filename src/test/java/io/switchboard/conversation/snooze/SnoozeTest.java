package io.switchboard.conversation.snooze;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Barrier;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** #21 snooze: out of the owner's list and bell until its time or the contact's next message, pushed when it comes back. */
@QuarkusTest
class SnoozeTest {

    @TestHTTPResource("/")
    URI base;

    /** A conversation the agent owns, with the contact's message still unread: the bell shows it. */
    private static String ownedUnread(Inbox inbox) {
        String id = inbox.inbound("Can you call me back tomorrow?");
        inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        inbox.reply(id, "After 10 please");
        return id;
    }

    private static boolean about(JsonObject frame, String id) {
        return id.equals(frame.getJsonObject("data").getString("conversationId"));
    }

    @Test
    void aSnoozedConversationLeavesListAndBellAndComesBackUnreadAtItsTime() {
        Inbox inbox = Inbox.withAgents(1);
        String id = ownedUnread(inbox);
        inbox.agent(0).api().get("/api/bell").then().body("count", equalTo(1));
        try (LiveClient live = LiveClient.connect(base, inbox.agent(0).token())) {
            Instant until = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
            inbox.agent(0).api().body(Map.of("until", until.toString())).post("/api/conversations/" + id + "/snooze").then().statusCode(200)
                    .body("snoozed", equalTo(true)).body("snoozedUntil", equalTo(until.toString()));

            JsonObject snoozed = live.awaitEvent("conversation.snoozed", f -> about(f, id));
            assertEquals(until.toString(), snoozed.getJsonObject("data").getString("until"));
            assertEquals(0, snoozed.getJsonObject("data").getInteger("bell"), "it left the bell in the same frame");
            inbox.agent(0).api().get("/api/bell").then().body("count", equalTo(0));
            inbox.agent(0).api().get("/api/alerts").then().body("id", not(hasItem(id)));
            inbox.agent(0).api().get("/api/conversations?view=mine").then().statusCode(200).body("items.id", not(hasItem(id)));
            inbox.agent(0).api().get("/api/conversations?view=snoozed").then().statusCode(200).body("items.id", hasItem(id));

            JsonObject woke = live.awaitEvent("conversation.unsnoozed", Duration.ofSeconds(10), f -> about(f, id)).getJsonObject("data");
            assertEquals("time", woke.getString("reason"));
            assertEquals(1, woke.getInteger("bell"), "it came back unread, in the same frame");
            assertTrue(Instant.now().isAfter(until), "not before its time");
        }
        inbox.agent(0).api().get("/api/conversations/" + id).then().body("snoozed", equalTo(false)).body("snoozedUntil", nullValue())
                .body("unreadCount", equalTo(1));
        inbox.agent(0).api().get("/api/conversations?view=mine").then().statusCode(200).body("items.id", hasItem(id));
        inbox.agent(0).api().get("/api/conversations?view=snoozed").then().statusCode(200).body("items.id", not(hasItem(id)));
        inbox.agent(0).api().get("/api/alerts").then().body("id", hasItem(id));
        inbox.agent(0).api().get("/api/conversations/" + id + "/timeline").then()
                .body("items.findAll { it.kind == 'event' }.type", hasItem("snoozed"))
                .body("items.findAll { it.kind == 'event' }.type", hasItem("unsnoozed"));
    }

    @Test
    void theContactWritingWakesItWhateverItsTime() {
        Inbox inbox = Inbox.withAgents(1);
        String id = ownedUnread(inbox);
        // No body (and no content type, as browsers send it): until the contact writes.
        io.restassured.RestAssured.given().auth().oauth2(inbox.agent(0).token()).post("/api/conversations/" + id + "/snooze")
                .then().statusCode(200).body("snoozed", equalTo(true)).body("snoozedUntil", nullValue());
        String later = Instant.now().plus(Duration.ofDays(2)).toString();
        try (LiveClient live = LiveClient.connect(base, inbox.agent(0).token())) {
            inbox.agent(0).api().body(Map.of("until", later)).post("/api/conversations/" + id + "/snooze").then().statusCode(200);
            live.awaitEvent("conversation.snoozed", f -> about(f, id));
            inbox.reply(id, "Actually, now is fine");
            JsonObject woke = live.awaitEvent("conversation.unsnoozed", f -> about(f, id)).getJsonObject("data");
            assertEquals("message", woke.getString("reason"));
            live.awaitMessage(f -> "Actually, now is fine".equals(f.getJsonObject("data").getString("text")));
        }
        inbox.agent(0).api().get("/api/conversations/" + id).then().body("snoozed", equalTo(false)).body("unreadCount", equalTo(1));
        inbox.agent(0).api().get("/api/bell").then().body("count", equalTo(1));
        assertEquals(0, Sql.count("select count(*) from conversation where id = ?::uuid and snoozed", id));
    }

    @Test
    void theOwnerWakesItEarlyWithoutMakingItUnread() {
        Inbox inbox = Inbox.withAgents(1);
        String id = ownedUnread(inbox);
        inbox.agent(0).api().body(Map.of("until", Instant.now().plus(Duration.ofHours(1)).toString()))
                .post("/api/conversations/" + id + "/snooze").then().statusCode(200);
        try (LiveClient live = LiveClient.connect(base, inbox.agent(0).token())) {
            inbox.agent(0).api().post("/api/conversations/" + id + "/unsnooze").then().statusCode(200).body("snoozed", equalTo(false));
            JsonObject woke = live.awaitEvent("conversation.unsnoozed", f -> about(f, id)).getJsonObject("data");
            assertEquals("owner", woke.getString("reason"));
            // Waking one that is awake changes nothing and says nothing.
            inbox.agent(0).api().post("/api/conversations/" + id + "/unsnooze").then().statusCode(200);
            JsonObject barrier = Barrier.pass(live, inbox.ws(), inbox.agent(0));
            assertEquals(1, live.frames().subList(0, live.frames().indexOf(barrier)).stream()
                    .filter(f -> "conversation.unsnoozed".equals(f.getString("type"))).count());
        }
        inbox.agent(0).api().get("/api/bell").then().body("count", equalTo(0));
        inbox.agent(0).api().get("/api/conversations?view=mine").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void onlyTheOwnerSnoozesAnOpenConversationOfTheirWorkspaceForAFutureTime() {
        Inbox inbox = Inbox.withAgents(2);
        String id = ownedUnread(inbox);
        String path = "/api/conversations/" + id + "/snooze";
        inbox.agent(1).api().post(path).then().statusCode(404);
        inbox.supervisor().api().post(path).then().statusCode(403).body("error", equalTo("forbidden"));
        Fixtures.workspace().admin().api().post(path).then().statusCode(404);
        inbox.agent(0).api().body(Map.of("until", Instant.now().minusSeconds(60).toString())).post(path)
                .then().statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("until"));
        inbox.agent(0).api().body(Map.of("until", Instant.now().plus(Duration.ofDays(400)).toString())).post(path)
                .then().statusCode(400).body("field", equalTo("until"));
        inbox.agent(0).api().body(Map.of("until", "tomorrow")).post(path).then().statusCode(400);
        inbox.agent(0).api().post("/api/conversations/" + java.util.UUID.randomUUID() + "/snooze").then().statusCode(404);
        assertEquals(0, Sql.count("select count(*) from conversation where id = ?::uuid and snoozed", id), "nothing changed");

        inbox.agent(0).api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        inbox.agent(0).api().post(path).then().statusCode(409).body("error", equalTo("conversation_closed"));
    }

    @Test
    void aTransferOrCloseEndsTheSnooze() {
        Inbox inbox = Inbox.withAgents(2);
        String id = ownedUnread(inbox);
        inbox.agent(0).api().body(Map.of("until", Instant.now().plus(Duration.ofHours(1)).toString()))
                .post("/api/conversations/" + id + "/snooze").then().statusCode(200);
        inbox.supervisor().api().body(Map.of("agentId", inbox.agent(1).id()))
                .post("/api/conversations/" + id + "/transfer").then().statusCode(200).body("snoozed", equalTo(false));
        inbox.agent(1).api().get("/api/conversations?view=mine").then().statusCode(200).body("items.id", hasItem(id));
        inbox.agent(1).api().post("/api/conversations/" + id + "/snooze").then().statusCode(200);
        inbox.agent(1).api().post("/api/conversations/" + id + "/close").then().statusCode(200).body("snoozed", equalTo(false));
    }

    @Test
    void aSnoozeRacingATransferNeverLeavesAnotherOwnersConversationSnoozed() throws Exception {
        Inbox inbox = Inbox.withAgents(2);
        for (int round = 0; round < 10; round++) {
            String id = ownedUnread(inbox);
            var pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> snooze = pool.submit(() -> inbox.agent(0).api().post("/api/conversations/" + id + "/snooze").statusCode());
                Future<Integer> transfer = pool.submit(() -> inbox.supervisor().api().body(Map.of("agentId", inbox.agent(1).id()))
                        .post("/api/conversations/" + id + "/transfer").statusCode());
                assertEquals(200, transfer.get());
                assertTrue(List.of(200, 403, 404).contains(snooze.get()), "the snooze won before the transfer, or was refused after it");
            } finally {
                pool.shutdown();
            }
            // Whatever the order, the new owner's conversation is not snoozed.
            assertEquals(0, Sql.count("select count(*) from conversation where id = ?::uuid and snoozed", id));
        }
    }
}
