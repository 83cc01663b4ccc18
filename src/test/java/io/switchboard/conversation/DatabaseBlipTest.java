package io.switchboard.conversation;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL blips under the claim's, the reply's and the inbound message's transactions (which run
 * on the reactive pool) and a close's (a Hibernate session): the service's connections cut
 * (pg_terminate_backend) between requests, or under a transaction while it waits for a row lock. A
 * request whose transaction is cut answers 503 {@code unavailable} and changes nothing, in
 * PostgreSQL or in Redis; the next one works (a webhook: Vonage's redelivery is stored once).
 */
@QuarkusTest
class DatabaseBlipTest {

    /** The service's reactive connections: the Vert.x client names itself so; this test's JDBC ones are not. */
    private static final String SERVICE_BACKENDS = """
            from pg_stat_activity where datname = current_database() and application_name = 'vertx-pg-client'
              and pid <> pg_backend_pid()""";

    /**
     * Cuts every connection the service holds, then waits until their backends have exited:
     * pg_terminate_backend only signals them, and a request sent before a backend is gone could
     * still be handed its connection (a cut under a request, which the tests below cover apart).
     */
    private static long cutServiceConnections() {
        List<String> pids = Sql.texts("select pid::text " + SERVICE_BACKENDS);
        long cut = Sql.count("select count(pg_terminate_backend(pid)) " + SERVICE_BACKENDS);
        if (!pids.isEmpty()) {
            String remaining = "select count(*) from pg_stat_activity where pid in (" + String.join(",", pids) + ")";
            await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count(remaining) == 0);
        }
        return cut;
    }

    private static String owner(String conversationId) {
        return Sql.text("select owner_id from conversation where id = ?::uuid", conversationId);
    }

    private static long replies(String conversationId) {
        return Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", conversationId);
    }

    /**
     * Runs {@code request} while this test holds {@code lockRow} (a "select ... for update" of one
     * id), cuts the service's connection that waits for that lock, and answers what the request got.
     */
    private static Response cutWhileWaiting(String lockRow, String rowId, Supplier<Response> request) throws Exception {
        try (Connection blocker = Sql.open()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(lockRow)) {
                lock.setString(1, rowId);
                lock.executeQuery().close();
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(request);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Sql.count("select count(*) " + SERVICE_BACKENDS + " and wait_event_type = 'Lock'") > 0);
            assertEquals(1, Sql.count("select count(pg_terminate_backend(pid)) " + SERVICE_BACKENDS + " and wait_event_type = 'Lock'"));
            blocker.rollback();
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    /** A new conversation, claimed by {@code agent}. */
    private static String ownedBy(Inbox inbox, User agent, String text) {
        String id = inbox.inbound(text);
        agent.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        return id;
    }

    /** Runs {@code request}, cut while it waits for the conversation's row: it answers 503 unavailable. */
    private static void cutOnTheConversation(String conversationId, Supplier<Response> request) throws Exception {
        Response cut = cutWhileWaiting("select 1 from conversation where id = ?::uuid for update", conversationId, request);
        assertEquals(503, cut.statusCode(), cut.asString());
        cut.then().body("error", equalTo("unavailable"));
    }

    @Test
    void aClaimAndAReplyRightAfterTheConnectionsAreCutSucceedOnce() {
        Inbox inbox = Inbox.withAgents(2);
        User agent = inbox.agent(0);
        String id = inbox.inbound("after a blip");

        assertTrue(cutServiceConnections() > 0, "the service held connections to cut");
        agent.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        assertEquals(agent.id(), owner(id));
        inbox.agent(1).api().post("/api/conversations/" + id + "/claim").then().statusCode(409)
                .body("error", equalTo("already_claimed")).body("ownerId", equalTo(agent.id()));

        assertTrue(cutServiceConnections() > 0, "the service held connections to cut");
        agent.api().body(Map.of("text", "still here")).post("/api/conversations/" + id + "/messages").then().statusCode(202);
        assertEquals(1, replies(id));
    }

    @Test
    void aClaimCutMidTransactionChangesNothingAndTheNextClaimWins() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String id = inbox.inbound("cut mid claim");

        // The claim's first statement locks the claimant's row: it waits there until cut.
        Response cut = cutWhileWaiting("select 1 from agent where id = ?::uuid for update", agent.id(),
                () -> agent.api().post("/api/conversations/" + id + "/claim"));
        assertEquals(503, cut.statusCode(), cut.asString());
        cut.then().body("error", equalTo("unavailable"));
        assertNull(owner(id), "the cut claim owns nothing");
        // Redis was settled and the hold given up: the retry is neither held off nor told someone owns it.
        agent.api().post("/api/conversations/" + id + "/claim").then().statusCode(200).body("ownerId", equalTo(agent.id()));
        assertEquals(agent.id(), owner(id));
    }

    @Test
    void aReplyCutMidTransactionStoresNothingAndTheNextIsStoredOnce() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String id = ownedBy(inbox, agent, "cut mid reply");

        // The reply's writes move the conversation's row: they wait there until cut.
        cutOnTheConversation(id, () -> agent.api().body(Map.of("text", "lost in the blip")).post("/api/conversations/" + id + "/messages"));
        assertEquals(0, replies(id), "the cut reply stored nothing");
        assertEquals(0, Sql.count("select count(*) from outbox o join message m on m.id = o.message_id where m.conversation_id = ?::uuid", id));

        agent.api().body(Map.of("text", "after the blip")).post("/api/conversations/" + id + "/messages").then().statusCode(202);
        assertEquals(1, replies(id), "one reply stored for the one accepted");
    }

    @Test
    void aCloseCutMidTransactionLeavesTheConversationOpenAndTheNextCloseWorks() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String id = ownedBy(inbox, agent, "cut mid close");

        // The close's update waits for the conversation's row until cut.
        cutOnTheConversation(id, () -> agent.api().post("/api/conversations/" + id + "/close"));
        assertEquals("ACTIVE", Sql.text("select status from conversation where id = ?::uuid", id), "the cut close changed nothing");
        assertEquals(agent.id(), owner(id));
        // Its hold in Redis was given up: the next close is not told the conversation is changing.
        agent.api().post("/api/conversations/" + id + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void aWebhookCutMidTransactionIsRefusedForVonageToRedeliverAndTheRedeliveryIsStoredOnce() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        String from = Fixtures.uniqueNumber();
        String id = inbox.inbound(from, "first");
        String contact = Sql.text("select contact_id from conversation where id = ?::uuid", id);
        JsonObject webhook = Webhooks.sms(from, inbox.senderNumber(), "second, in the blip");
        String providerId = webhook.getString("message_uuid");

        // A message into the open conversation first moves its contact's row: it waits there until cut.
        Response cut = cutWhileWaiting("select 1 from contact where id = ?::uuid for update", contact, () -> Webhooks.post(webhook));
        assertEquals(503, cut.statusCode(), "not 2xx, so Vonage delivers it again: " + cut.asString());
        assertEquals(0, Sql.count("select count(*) from message where provider_message_id = ?", providerId));

        Webhooks.post(webhook).then().statusCode(200);
        Webhooks.post(webhook).then().statusCode(200);
        assertEquals(1, Sql.count("select count(*) from message where provider_message_id = ?", providerId),
                "the redelivery stored once, its repeat not again");
        assertEquals(2, Sql.count("select count(*) from message where conversation_id = ?::uuid", id));
    }
}
