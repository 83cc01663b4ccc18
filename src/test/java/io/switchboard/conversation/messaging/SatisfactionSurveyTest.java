package io.switchboard.conversation.messaging;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** #21 satisfaction survey: asked on close when the queue wants it, answered without a new conversation, never to opted-out numbers. */
@QuarkusTest
class SatisfactionSurveyTest {

    private static final String QUESTION = "How did we do? Reply 1 to 5.";

    @TestHTTPResource("/")
    URI base;

    private static void survey(Inbox inbox, Map<String, Object> settings) {
        inbox.ws().admin().api().body(settings).put("/api/queues/" + inbox.queueId() + "/survey").then().statusCode(200)
                .body("survey.enabled", equalTo(settings.get("enabled")));
    }

    /** A conversation the first agent took, answered and closed; answers its id. */
    private static String handledAndClosed(Inbox inbox, String text) {
        String id = inbox.inbound(text);
        inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        inbox.agent(0).api().body(Map.of("text", "Done, anything else?")).post("/api/conversations/" + id + "/messages").then().statusCode(202);
        inbox.agent(0).api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        return id;
    }

    private static List<String> automatic(String conversationId) {
        return Sql.texts("""
                select text from message where conversation_id = ?::uuid and direction = 'OUT' and author_id is null
                order by created_at""", conversationId);
    }

    private static String contactOf(String conversationId) {
        return Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", conversationId);
    }

    private static long openConversationsOf(String number) {
        return Sql.count("select count(*) from conversation c join contact k on k.id = c.contact_id where k.number = ? and c.status <> 'CLOSED'",
                number);
    }

    private static String rating(String conversationId) {
        return Sql.text("select survey_rating::text from conversation where id = ?::uuid", conversationId);
    }

    @Test
    void offByDefaultAClosedConversationAsksNothing() {
        Inbox inbox = Inbox.withAgents(1);
        inbox.ws().admin().api().get("/api/queues/" + inbox.queueId()).then().statusCode(200)
                .body("survey.enabled", equalTo(false)).body("survey.answerMinutes", equalTo(1440));
        String id = handledAndClosed(inbox, "Where is my parcel?");
        assertEquals(List.of(), automatic(id));

        Webhooks.post(Webhooks.sms(contactOf(id), inbox.senderNumber(), "5")).then().statusCode(200);
        assertEquals(1, openConversationsOf(contactOf(id)), "without a survey a \"5\" is a new message like any other");
    }

    @Test
    void theContactIsAskedOnCloseAndTheirRatingLandsOnTheClosedConversationWithoutOpeningANewOne() {
        Inbox inbox = Inbox.withAgents(1);
        survey(inbox, Map.of("enabled", true, "question", QUESTION));
        try (LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token());
             LiveClient agent = LiveClient.connect(base, inbox.agent(0).token())) {
            String id = handledAndClosed(inbox, "Where is my parcel?");
            assertEquals(List.of(QUESTION), automatic(id), "asked once, on the conversation's channel");
            await().atMost(Duration.ofSeconds(15)).until(() -> Sql.count("""
                    select count(*) from message where conversation_id = ?::uuid and author_id is null and status = 'SUBMITTED'""", id) == 1);
            String number = contactOf(id);

            JsonObject answer = Webhooks.sms(number, inbox.senderNumber(), "4");
            Webhooks.post(answer).then().statusCode(200);
            Webhooks.post(answer).then().statusCode(200); // delivered twice: recorded once

            assertEquals(0, openConversationsOf(number), "the answer opened no conversation");
            assertEquals("4", rating(id));
            JsonObject rated = supervisor.awaitEvent("conversation.rated", f -> id.equals(f.getJsonObject("data").getString("conversationId")))
                    .getJsonObject("data");
            assertEquals(4, rated.getInteger("rating"));
            assertEquals(inbox.queueId(), rated.getString("queueId"));
            agent.awaitEvent("conversation.rated", f -> id.equals(f.getJsonObject("data").getString("conversationId")));
            inbox.agent(0).api().get("/api/bell").then().body("count", equalTo(0));
            inbox.agent(0).api().get("/api/conversations/" + id + "/timeline").then().statusCode(200)
                    .body("items.findAll { it.kind == 'event' && it.type == 'survey_answered' }", hasSize(1))
                    .body("items.findAll { it.kind == 'event' && it.type == 'survey_answered' }[0].data.rating", equalTo(4))
                    .body("items.findAll { it.kind == 'message' }.text", hasItem(QUESTION));

            // Changed their mind within the time: the last rating counts.
            Webhooks.post(Webhooks.sms(number, inbox.senderNumber(), "5 stars!")).then().statusCode(200);
            assertEquals("5", rating(id));
            assertEquals(0, openConversationsOf(number));

            // Anything but a rating is a new conversation; a rating inside it is then part of it.
            Webhooks.post(Webhooks.sms(number, inbox.senderNumber(), "One more thing about the invoice")).then().statusCode(200);
            assertEquals(1, openConversationsOf(number));
            Webhooks.post(Webhooks.sms(number, inbox.senderNumber(), "3")).then().statusCode(200);
            assertEquals("5", rating(id));
            assertEquals(2L, Sql.count("""
                    select count(*) from message m join conversation c on c.id = m.conversation_id
                    where c.status <> 'CLOSED' and c.contact_number = ? and m.direction = 'IN'""", number));
        }
    }

    @Test
    void anAnswerAfterItsTimeIsAMessageAndANonRatingNeverCounts() {
        Inbox inbox = Inbox.withAgents(1);
        survey(inbox, Map.of("enabled", true, "answerMinutes", 5));
        String id = handledAndClosed(inbox, "Hi");
        assertEquals(1, automatic(id).size());
        String number = contactOf(id);
        assertTrue(Sql.count("""
                select count(*) from conversation where id = ?::uuid
                and survey_expires_at between survey_sent_at + interval '299 seconds' and survey_sent_at + interval '301 seconds'""", id) == 1,
                "open for the queue's answerMinutes");

        Sql.update("update conversation set survey_expires_at = now() - interval '1 second' where id = ?::uuid", id);
        Webhooks.post(Webhooks.sms(number, inbox.senderNumber(), "5")).then().statusCode(200);
        assertNull(rating(id));
        assertEquals(1, openConversationsOf(number), "too late: a new conversation");
    }

    @Test
    void anOptedOutNumberIsNeverAsked() {
        Inbox inbox = Inbox.withAgents(1);
        survey(inbox, Map.of("enabled", true));
        String id = inbox.inbound("Hello");
        inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        inbox.reply(id, "STOP");
        inbox.agent(0).api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        assertEquals(List.of(), automatic(id), "R10: nothing to an opted-out number");
        assertNull(Sql.text("select survey_sent_at::text from conversation where id = ?::uuid", id));
    }

    @Test
    void aWhatsappContactOutsideTheWindowIsNotAsked() {
        Inbox inbox = Inbox.withAgents(1);
        survey(inbox, Map.of("enabled", true));
        String number = Fixtures.uniqueNumber();
        String sender = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", sender, "channel", "WHATSAPP", "queueId", inbox.queueId()))
                .post("/api/senders").then().statusCode(201);
        Webhooks.post(Webhooks.whatsappText(number, sender, "Hi there", "Ana")).then().statusCode(200);
        String id = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", number);
        Sql.update("update conversation set last_inbound_at = now() - interval '25 hours' where id = ?::uuid", id);
        inbox.supervisor().api().post("/api/conversations/" + id + "/close").then().statusCode(200);
        assertEquals(List.of(), automatic(id), "R10: free text only inside WhatsApp's 24 hours");
    }

    @Test
    void theWallboardAndTheReportsShowTodaysSatisfaction() {
        Inbox inbox = Inbox.withAgents(1);
        survey(inbox, Map.of("enabled", true));
        String rated = handledAndClosed(inbox, "First");
        handledAndClosed(inbox, "Second");
        Webhooks.post(Webhooks.sms(contactOf(rated), inbox.senderNumber(), "2")).then().statusCode(200);

        inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(200)
                .body("surveysToday", equalTo(2)).body("surveyResponseRate", equalTo(0.5f)).body("csatAverage", equalTo(2.0f));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        inbox.supervisor().api().get("/api/reports/agents?from=" + today + "&to=" + today).then().statusCode(200)
                .body("rows.find { it.id == '" + inbox.agent(0).id() + "' }.surveys", equalTo(2))
                .body("rows.find { it.id == '" + inbox.agent(0).id() + "' }.ratings", equalTo(1))
                .body("rows.find { it.id == '" + inbox.agent(0).id() + "' }.csatAverage", equalTo(2.0f));
        String csv = inbox.supervisor().api().get("/api/reports/queues?format=csv&from=" + today + "&to=" + today).then().statusCode(200)
                .extract().asString();
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith("surveys,ratings,csatAverage"), csv);
    }

    @Test
    void onlyAnAdminOfTheWorkspaceSetsTheSurveyAndBadSettingsChangeNothing() {
        Inbox inbox = Inbox.withAgents(1);
        String path = "/api/queues/" + inbox.queueId() + "/survey";
        inbox.supervisor().api().body(Map.of("enabled", true)).put(path).then().statusCode(403);
        Fixtures.workspace().admin().api().body(Map.of("enabled", true)).put(path).then().statusCode(404)
                .body("error", equalTo("not_found"));
        inbox.ws().admin().api().body(Map.of("enabled", true, "answerMinutes", 0)).put(path).then().statusCode(400);
        Map<String, Object> tooLong = new HashMap<>(Map.of("enabled", true, "question", "x".repeat(501)));
        inbox.ws().admin().api().body(tooLong).put(path).then().statusCode(400);
        inbox.ws().admin().api().body("{\"enabled\": tru").put(path).then().statusCode(400);
        assertEquals("false", Sql.text("select survey_enabled::text from inbox_queue where id = ?::uuid", inbox.queueId()));
    }
}
