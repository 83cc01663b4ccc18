package io.switchboard.routing;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Inbox;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R26: the sender's waiting reply and out-of-hours reply, sent once per new conversation, never to an opted-out number. */
@QuarkusTest
class WaitingReplyTest {

    private static final String WAITING = "You are number {position} in line, about {minutes} minutes.";
    private static final String CLOSED = "We are closed; we answer from 9 tomorrow.";

    private static String senderId(Inbox inbox) {
        return Sql.text("select id from sender where number = ?", inbox.senderNumber());
    }

    private static void replies(Inbox inbox, Map<String, Object> change) {
        inbox.ws().admin().api().body(change).put("/api/senders/" + senderId(inbox)).then().statusCode(200);
    }

    private static List<String> automatic(String conversationId) {
        return Sql.texts("""
                select text from message where conversation_id = ?::uuid and direction = 'OUT' and author_id is null
                order by created_at""", conversationId);
    }

    private static void awaitSent(String conversationId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.count("""
                select count(*) from message where conversation_id = ?::uuid and author_id is null and direction = 'OUT'
                and status = 'SUBMITTED'""", conversationId) == 1);
    }

    @Test
    void aWaitingContactIsToldTheirPlaceOnceAndOnlyWhenTheyWait() {
        Inbox inbox = Inbox.withAgents(1);
        Inbox.presence(inbox.agent(0), "BUSY");
        inbox.ws().admin().api().body(Map.of("waitingReply", WAITING)).put("/api/senders/" + senderId(inbox)).then()
                .statusCode(200).body("waitingReply", equalTo(WAITING));

        String first = inbox.inbound("hello?");
        JsonObject again = Webhooks.sms(Fixtures.uniqueNumber(), inbox.senderNumber(), "anyone?");
        Webhooks.post(again).then().statusCode(200);
        Webhooks.post(again).then().statusCode(200); // Vonage delivers it twice: one conversation, one reply
        String second = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?",
                again.getString("from"));
        assertEquals(List.of("You are number 1 in line, about a few minutes."), automatic(first));
        assertEquals(List.of("You are number 2 in line, about a few minutes."), automatic(second));
        awaitSent(second); // the outbox deletes its row once sent, so the message's status is what proves it left
        inbox.reply(first, "still there?");
        assertEquals(1, automatic(first).size(), "once per new conversation, not per message");

        // Routed at once, it never waits: no waiting reply.
        Inbox.ready(inbox.agent(0));
        inbox.ws().admin().api().body(Map.of("mode", "ROUND_ROBIN")).put("/api/queues/" + inbox.queueId() + "/routing")
                .then().statusCode(200);
        await().until(() -> Sql.text("select owner_id from conversation where id = ?::uuid", second) != null);
        Inbox.presence(inbox.agent(0), "READY");
        String routed = inbox.inbound("fast lane");
        assertEquals(inbox.agent(0).id(), Sql.text("select owner_id from conversation where id = ?::uuid", routed));
        assertEquals(List.of(), automatic(routed));
    }

    @Test
    void outOfHoursTheClosedHoursReplyGoesInsteadAtOnceAndNeverToAnOptedOutNumber() {
        Inbox inbox = Inbox.withAgents(1);
        DayOfWeek notToday = LocalDate.now(ZoneOffset.UTC).getDayOfWeek().plus(2);
        replies(inbox, Map.of("waitingReply", WAITING, "closedHoursReply", CLOSED, "timeZone", "UTC",
                "businessHours", List.of(Map.of("day", notToday.name(), "opens", "09:00", "closes", "17:00"))));
        String id = inbox.inbound("are you open?");
        assertEquals(List.of(CLOSED), automatic(id));
        awaitSent(id); // an answer now, not held until the next opening

        String optedOut = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.sms(optedOut, inbox.senderNumber(), "STOP")).then().statusCode(200);
        String stopped = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", optedOut);
        assertEquals(List.of(), automatic(stopped), "R10: nothing to an opted-out number");
    }

    @Test
    void onlyAnAdminChangesASenderOfTheirWorkspace() {
        Inbox inbox = Inbox.withAgents(1);
        inbox.supervisor().api().body(Map.of("waitingReply", WAITING)).put("/api/senders/" + senderId(inbox)).then().statusCode(403);
        Fixtures.workspace().admin().api().body(Map.of("waitingReply", WAITING)).put("/api/senders/" + senderId(inbox)).then().statusCode(404);
        inbox.ws().admin().api().body(Map.of("timeZone", "Mars/Olympus")).put("/api/senders/" + senderId(inbox)).then().statusCode(400);
        assertEquals(null, Sql.text("select waiting_reply from sender where id = ?::uuid", senderId(inbox)), "refused changes changed nothing");
    }
}
