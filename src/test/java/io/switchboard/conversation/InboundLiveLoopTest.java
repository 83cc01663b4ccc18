package io.switchboard.conversation;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R1-R3: an inbound message becomes a conversation and reaches, live, exactly those who may see it. */
@QuarkusTest
class InboundLiveLoopTest {

    @TestHTTPResource("/")
    URI base;

    private record Scene(TestWorkspace ws, User member, User otherMember, User outsider, User supervisor,
                         String queueId, String senderId, String senderNumber) {
    }

    private Scene scene() {
        TestWorkspace ws = Fixtures.workspace();
        User member = ws.agent();
        User otherMember = ws.agent();
        User outsider = ws.agent();
        User supervisor = ws.supervisor();
        String queueId = ws.queue(member, otherMember);
        ws.queue(outsider);
        Map<String, String> sender = ws.sender(queueId);
        return new Scene(ws, member, otherMember, outsider, supervisor, queueId, sender.get("id"), sender.get("number"));
    }

    @Test
    void inboundSmsAlertsEveryQueueAgentAndSupervisorsButNoOneElse() {
        Scene s = scene();
        String from = Fixtures.uniqueNumber();
        try (LiveClient member = LiveClient.connect(base, s.member().token());
             LiveClient otherMember = LiveClient.connectWithQueryToken(base, s.otherMember().token());
             LiveClient outsider = LiveClient.connect(base, s.outsider().token());
             LiveClient supervisor = LiveClient.connect(base, s.supervisor().token());
             LiveClient stranger = LiveClient.connect(base, Fixtures.workspace().supervisor().token())) {
            Webhooks.post(Webhooks.sms(from, s.senderNumber(), "Hello, is anyone there?")).then().statusCode(200);

            for (LiveClient entitled : List.of(member, otherMember, supervisor)) {
                JsonObject created = entitled.awaitEvent("conversation.created");
                JsonObject data = created.getJsonObject("data");
                assertEquals(s.queueId(), data.getString("queueId"));
                assertEquals(s.senderId(), data.getString("senderId"));
                assertEquals(from, data.getJsonObject("contact").getString("number"));
                assertEquals("ACTIVE", data.getString("status"));
                assertNull(data.getString("ownerId"));
                assertEquals("SMS", data.getString("channel"));
                assertEquals("Hello, is anyone there?", data.getString("lastMessagePreview"));
                JsonObject message = entitled.awaitMessage().getJsonObject("data");
                assertEquals(data.getString("id"), message.getString("conversationId"));
                assertEquals("IN", message.getString("direction"));
                assertEquals("Hello, is anyone there?", message.getString("text"));
                assertTrue(created.getString("ts").endsWith("Z"));
            }
            outsider.assertNoEventBefore("conversation.created", f -> true, Barrier.pass(outsider, s.ws(), s.outsider()));
            stranger.assertNoEventSoFar("conversation.created", f -> true);
            stranger.assertNoMessageSoFar(f -> true);
        }
    }

    @Test
    void mmsAndWhatsappMessagesCarryMediaAndProfileName() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String queueId = ws.queue(agent);
        String smsNumber = ws.sender(queueId).get("number");
        String waNumber = Fixtures.uniqueNumber();
        ws.admin().api().body(Map.of("number", waNumber, "channel", "WHATSAPP", "queueId", queueId))
                .post("/api/senders").then().statusCode(201);
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            String mmsFrom = Fixtures.uniqueNumber();
            Webhooks.post(Webhooks.mmsImage(mmsFrom, smsNumber, "https://example.com/cat.jpg")).then().statusCode(200);
            JsonObject mms = live.awaitMessage(f -> f.getJsonObject("data").getString("mediaUrl") != null).getJsonObject("data");
            assertEquals("https://example.com/cat.jpg", mms.getString("mediaUrl"));

            String waFrom = Fixtures.uniqueNumber();
            Webhooks.post(Webhooks.whatsappText(waFrom, waNumber, "Hi from WhatsApp", "Wendy W")).then().statusCode(200);
            JsonObject wa = live.awaitEvent("conversation.created", f -> f.getJsonObject("data").getString("channel").equals("WHATSAPP"));
            assertEquals("Wendy W", wa.getJsonObject("data").getJsonObject("contact").getString("name"));

            Webhooks.post(Webhooks.whatsappImage(waFrom, waNumber, "https://example.com/receipt.png", "my receipt")).then().statusCode(200);
            JsonObject image = live.awaitMessage(f -> "my receipt".equals(f.getJsonObject("data").getString("text"))).getJsonObject("data");
            assertEquals("https://example.com/receipt.png", image.getString("mediaUrl"));
            assertEquals(wa.getJsonObject("data").getString("id"), image.getString("conversationId"));
        }
    }

    @Test
    void aLaterWhatsappMessageNamesAContactWhoHadNoNameAndNeverRenamesThem() {
        TestWorkspace ws = Fixtures.workspace();
        String queueId = ws.queue(ws.agent());
        String waNumber = Fixtures.uniqueNumber();
        ws.admin().api().body(Map.of("number", waNumber, "channel", "WHATSAPP", "queueId", queueId))
                .post("/api/senders").then().statusCode(201);
        String from = Fixtures.uniqueNumber();
        String name = "select name from contact where number = ?";

        Webhooks.post(Webhooks.whatsappText(from, waNumber, "first, no profile name", " ")).then().statusCode(200);
        assertNull(Sql.text(name, from));
        // Into the conversation the first one opened: the name comes with it, and stays.
        Webhooks.post(Webhooks.whatsappText(from, waNumber, "second", "  Wendy W ")).then().statusCode(200);
        assertEquals("Wendy W", Sql.text(name, from));
        Webhooks.post(Webhooks.whatsappText(from, waNumber, "third", "Someone Else")).then().statusCode(200);
        assertEquals("Wendy W", Sql.text(name, from));
        assertEquals(3, Sql.count("select count(*) from message m join contact k on k.number = ? "
                + "join conversation c on c.contact_id = k.id and m.conversation_id = c.id", from));
    }

    @Test
    void theSameWebhookTwiceStoresOneMessageAndPushesOneEvent() throws Exception {
        Scene s = scene();
        JsonObject webhook = Webhooks.sms(Fixtures.uniqueNumber(), s.senderNumber(), "once");
        try (LiveClient member = LiveClient.connect(base, s.member().token())) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Callable<Integer>> posts = IntStream.range(0, 20)
                    .mapToObj(i -> (Callable<Integer>) () -> Webhooks.post(webhook).statusCode()).toList();
            for (Future<Integer> status : pool.invokeAll(posts)) {
                assertEquals(200, status.get());
            }
            pool.shutdown();
            Webhooks.post(webhook).then().statusCode(200).body("result", equalTo("duplicate"));
            member.awaitMessage();
            Barrier.pass(member, s.ws(), s.member());
            assertEquals(1, member.messages().size());
            assertEquals(1, member.events("conversation.created").size());
        }
        assertEquals(1, Sql.count("select count(*) from message where provider_message_id = ?", webhook.getString("message_uuid")));
    }

    @Test
    void concurrentFirstMessagesFromOneContactOpenOneConversation() throws Exception {
        Scene s = scene();
        String from = Fixtures.uniqueNumber();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<Integer>> posts = IntStream.range(0, 10)
                .mapToObj(i -> (Callable<Integer>) () -> Webhooks.post(Webhooks.sms(from, s.senderNumber(), "burst " + i)).statusCode())
                .toList();
        for (Future<Integer> status : pool.invokeAll(posts)) {
            assertEquals(200, status.get());
        }
        pool.shutdown();
        assertEquals(1, Sql.count("select count(*) from contact where workspace_id = ?::uuid and number = ?", s.ws().id(), from));
        assertEquals(1, Sql.count("""
                select count(*) from conversation c join contact k on k.id = c.contact_id
                where k.number = ? and c.workspace_id = ?::uuid""", from, s.ws().id()));
        assertEquals(10, Sql.count("""
                select count(*) from message m join conversation c on c.id = m.conversation_id
                join contact k on k.id = c.contact_id where k.number = ? and c.workspace_id = ?::uuid""", from, s.ws().id()));
    }

    @Test
    void laterMessagesJoinTheOpenConversationAndAClosedOneIsNeverReopened() {
        Scene s = scene();
        String from = Fixtures.uniqueNumber();
        try (LiveClient member = LiveClient.connect(base, s.member().token())) {
            Webhooks.post(Webhooks.sms(from, s.senderNumber(), "first")).then().statusCode(200);
            String first = member.awaitEvent("conversation.created").getJsonObject("data").getString("id");
            Webhooks.post(Webhooks.sms(from, s.senderNumber(), "second")).then().statusCode(200);
            member.awaitMessage(f -> "second".equals(f.getJsonObject("data").getString("text")));
            assertEquals(1, member.events("conversation.created").size());
            assertEquals(first, member.messages().get(1).getJsonObject("data").getString("conversationId"));

            Sql.update("update conversation set status = 'CLOSED', closed_at = now() where id = ?::uuid", first);
            Webhooks.post(Webhooks.sms(from, s.senderNumber(), "third")).then().statusCode(200);
            JsonObject next = member.awaitEvent("conversation.created", f -> !first.equals(f.getJsonObject("data").getString("id")));
            assertNotEquals(first, next.getJsonObject("data").getString("id"));
            assertEquals("CLOSED", Sql.count("select count(*) from conversation where id = ?::uuid and status = 'CLOSED'", first) == 1 ? "CLOSED" : "?");
        }
    }

    @Test
    void unknownRecipientIsAcknowledgedAndDropped() {
        String from = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.sms(from, "15559999999", "anyone?")).then().statusCode(200).body("result", equalTo("unknown_sender"));
        assertEquals(0, Sql.count("select count(*) from contact where number = ?", from));
    }

    @Test
    void missingFieldsAnswer400AndStoreNothing() {
        Scene s = scene();
        for (String field : List.of("message_uuid", "from", "to", "channel", "message_type")) {
            JsonObject webhook = Webhooks.sms(Fixtures.uniqueNumber(), s.senderNumber(), "incomplete");
            webhook.remove(field);
            Webhooks.post(webhook).then().statusCode(400).body("field", equalTo(field));
            assertEquals(0, Sql.count("select count(*) from contact where number = ?", webhook.getString("from", "none")));
        }
        Webhooks.post(new JsonObject().put("message_uuid", "not json")).then().statusCode(400);
        io.restassured.RestAssured.given().contentType("application/json").body("{oops").post("/webhooks/vonage/inbound")
                .then().statusCode(400).body("error", equalTo("malformed_json"));
        assertEquals(0, Sql.count("select count(*) from conversation where workspace_id = ?::uuid", s.ws().id()));
    }

    @Test
    void storageFailureAnswers503AndLeavesNothingHalfWritten() {
        Scene s = scene();
        String from = Fixtures.uniqueNumber();
        // A trigger fails the message insert, after the contact and the conversation were written in the same transaction.
        Sql.update("""
                create or replace function fail_lost_message() returns trigger language plpgsql as $$
                begin if new.text = 'lost?' then raise exception 'storage failure'; end if; return new; end $$""");
        Sql.update("create trigger fail_lost_message before insert on message for each row execute function fail_lost_message()");
        try {
            Webhooks.post(Webhooks.sms(from, s.senderNumber(), "lost?")).then().statusCode(503).body("error", equalTo("unavailable"));
        } finally {
            Sql.update("drop trigger fail_lost_message on message");
        }
        assertEquals(0, Sql.count("select count(*) from contact where number = ?", from));
        assertEquals(0, Sql.count("select count(*) from conversation where workspace_id = ?::uuid", s.ws().id()));
        Webhooks.post(Webhooks.sms(from, s.senderNumber(), "retried")).then().statusCode(200).body("result", equalTo("stored"));
    }
}
