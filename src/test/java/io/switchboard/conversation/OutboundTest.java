package io.switchboard.conversation;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.switchboard.support.VonageStub;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R8-R11 against WireMock playing the Vonage Messages API. */
@QuarkusTest
class OutboundTest {

    @TestHTTPResource("/")
    URI base;

    private static WireMockServer vonage() {
        return VonageStub.server();
    }

    /** What the SDK sent for our message (matched by client_ref, our message id). */
    private static List<LoggedRequest> sendsOf(String messageId) {
        return vonage().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.client_ref", WireMock.equalTo(messageId))));
    }

    private static JsonObject awaitSingleSend(String messageId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> sendsOf(messageId).size() == 1);
        return new JsonObject(sendsOf(messageId).get(0).getBodyAsString());
    }

    private static String status(String messageId) {
        return Sql.text("select status from message where id = ?::uuid", messageId);
    }

    private record Owned(Inbox inbox, User owner, String conversationId, String contact) {
    }

    private static Owned ownedConversation(Inbox inbox) {
        String id = inbox.inbound("hello there");
        User owner = inbox.agent(0);
        owner.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        String contact = Sql.text("select k.number from conversation c join contact k on k.id = c.contact_id where c.id = ?::uuid", id);
        return new Owned(inbox, owner, id, contact);
    }

    private static String reply(User agent, String conversationId, Map<String, ?> body) {
        return agent.api().body(body).post("/api/conversations/" + conversationId + "/messages")
                .then().statusCode(202).body("status", equalTo("QUEUED")).body("direction", equalTo("OUT"))
                .extract().path("id");
    }

    @Test
    void aReplyIsAcceptedAtOnceThenSentAsAnSmsWithTheAppendedMessage() {
        Inbox inbox = Inbox.withAgents(1);
        String sender = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", sender, "channel", "SMS", "queueId", inbox.queueId(),
                "appendedMessage", "Reply STOP to opt out")).post("/api/senders").then().statusCode(201);
        Inbox withAppendix = new Inbox(inbox.ws(), inbox.queueId(), sender, inbox.agents(), inbox.supervisor());
        Owned o = ownedConversation(withAppendix);
        try (LiveClient live = LiveClient.connect(base, o.owner().token())) {
            String messageId = reply(o.owner(), o.conversationId(), Map.of("text", "We are on it"));
            JsonObject sent = awaitSingleSend(messageId);
            assertEquals("sms", sent.getString("channel"));
            assertEquals("text", sent.getString("message_type"));
            assertEquals("We are on it\nReply STOP to opt out", sent.getString("text"));
            assertEquals(o.contact(), sent.getString("to"));
            assertEquals(sender, sent.getString("from"));
            String auth = sendsOf(messageId).get(0).getHeader("Authorization");
            assertTrue(auth.startsWith("Basic "), "API key and secret as basic auth");
            JsonObject update = live.awaitEvent("message.status", f -> messageId.equals(f.getJsonObject("data").getString("messageId")))
                    .getJsonObject("data");
            assertEquals("SUBMITTED", update.getString("status"));
            assertEquals(o.conversationId(), update.getString("conversationId"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Sql.text("select provider_message_id from message where id = ?::uuid",
                Sql.text("select id from message where conversation_id = ?::uuid and direction = 'OUT'", o.conversationId())) != null);
        assertEquals(0, Sql.count("select count(*) from outbox o join message m on m.id = o.message_id where m.conversation_id = ?::uuid", o.conversationId()));
    }

    @Test
    void mmsAndWhatsappRequestsAreShapedAsVonageExpects() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String mms = reply(o.owner(), o.conversationId(), Map.of("text", "your invoice", "mediaUrl", "https://example.com/invoice.png"));
        JsonObject mmsSent = awaitSingleSend(mms);
        assertEquals("mms", mmsSent.getString("channel"));
        assertEquals("image", mmsSent.getString("message_type"));
        assertEquals("https://example.com/invoice.png", mmsSent.getJsonObject("image").getString("url"));

        String waNumber = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", waNumber, "channel", "WHATSAPP", "queueId", inbox.queueId()))
                .post("/api/senders").then().statusCode(201);
        String from = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.whatsappText(from, waNumber, "hi on WhatsApp", "Wanda")).then().statusCode(200);
        String waId = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ? and c.channel = 'WHATSAPP'", from);
        o.owner().api().post("/api/conversations/" + waId + "/claim").then().statusCode(200);
        String text = reply(o.owner(), waId, Map.of("text", "hello Wanda"));
        JsonObject waSent = awaitSingleSend(text);
        assertEquals("whatsapp", waSent.getString("channel"));
        assertEquals("text", waSent.getString("message_type"));
        assertEquals("hello Wanda", waSent.getString("text"));
    }

    @Test
    void whatsappFreeTextNeedsTheContactToHaveWrittenWithin24Hours() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String waNumber = Fixtures.uniqueNumber();
        String senderId = inbox.ws().admin().api().body(Map.of("number", waNumber, "channel", "WHATSAPP", "queueId", inbox.queueId()))
                .post("/api/senders").then().statusCode(201).extract().path("id");
        String to = Fixtures.uniqueNumber();
        agent.api().body(Map.of("senderId", senderId, "to", to, "text", "hello?")).post("/api/conversations")
                .then().statusCode(422).body("error", equalTo("whatsapp_window_closed"));
        String templateId = inbox.ws().admin().api().body(Map.of("name", "welcome", "text", "Welcome!", "channel", "WHATSAPP",
                "whatsappTemplateName", "welcome_v1")).post("/api/templates").then().statusCode(201).extract().path("id");
        String conversationId = agent.api().body(Map.of("senderId", senderId, "to", to, "templateId", templateId))
                .post("/api/conversations").then().statusCode(201).body("status", equalTo("UNANSWERED"))
                .body("ownerId", equalTo(agent.id())).extract().path("id");
        String messageId = Sql.text("select id from message where conversation_id = ?::uuid", conversationId);
        JsonObject sent = awaitSingleSend(messageId);
        assertEquals("template", sent.getString("message_type"));
        assertEquals("welcome_v1", sent.getJsonObject("template").getString("name"));
        agent.api().body(Map.of("text", "free text")).post("/api/conversations/" + conversationId + "/messages")
                .then().statusCode(422).body("error", equalTo("whatsapp_window_closed"));
        Sql.update("update conversation set last_inbound_at = now() - interval '25 hours' where id = ?::uuid", conversationId);
        agent.api().body(Map.of("text", "free text")).post("/api/conversations/" + conversationId + "/messages")
                .then().statusCode(422);
        Sql.update("update conversation set last_inbound_at = now() - interval '23 hours' where id = ?::uuid", conversationId);
        reply(agent, conversationId, Map.of("text", "free text"));
    }

    @Test
    void aWhatsappTemplateGoesOutInItsLanguageWithTheValuesOfItsVariables() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        User admin = inbox.ws().admin();
        String senderId = admin.api().body(Map.of("number", Fixtures.uniqueNumber(), "channel", "WHATSAPP", "queueId", inbox.queueId()))
                .post("/api/senders").then().statusCode(201).extract().path("id");
        admin.api().body(Map.of("name", "mesa", "text", "Hola", "channel", "WHATSAPP", "whatsappTemplateName", "table_ready",
                "whatsappLanguage", "klingon")).post("/api/templates")
                .then().statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("whatsappLanguage"));
        String templateId = admin.api().body(Map.of("name", "mesa", "text", "Hola {{1}}, su mesa está lista a las {{2}}",
                        "channel", "WHATSAPP", "whatsappTemplateName", "table_ready", "whatsappLanguage", "es"))
                .post("/api/templates").then().statusCode(201)
                .body("whatsappLanguage", equalTo("es")).body("variables", equalTo(2)).extract().path("id");
        String to = Fixtures.uniqueNumber();

        agent.api().body(Map.of("senderId", senderId, "to", to, "templateId", templateId, "templateParameters", List.of("Maria")))
                .post("/api/conversations").then().statusCode(400)
                .body("error", equalTo("invalid_field")).body("field", equalTo("templateParameters"));
        assertEquals(0, Sql.count("select count(*) from conversation where contact_number = ?", to), "a refused send changes nothing");

        String conversationId = agent.api().body(Map.of("senderId", senderId, "to", to, "templateId", templateId,
                        "templateParameters", List.of("Maria", "19:30")))
                .post("/api/conversations").then().statusCode(201).extract().path("id");
        String messageId = Sql.text("select id from message where conversation_id = ?::uuid", conversationId);
        assertEquals("Hola Maria, su mesa está lista a las 19:30", Sql.text("select text from message where id = ?::uuid", messageId),
                "the timeline shows what the contact reads");
        JsonObject sent = awaitSingleSend(messageId);
        assertEquals("template", sent.getString("message_type"));
        assertEquals("table_ready", sent.getJsonObject("template").getString("name"));
        assertEquals(List.of("Maria", "19:30"), sent.getJsonObject("template").getJsonArray("parameters").getList());
        assertEquals("es", sent.getJsonObject("whatsapp").getString("locale"));
    }

    @Test
    void aQuickReplysVariablesAreFilledIn() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String templateId = inbox.ws().admin().api().body(Map.of("name", "eta", "text", "Hi {{1}}, your order arrives {{2}}."))
                .post("/api/templates").then().statusCode(201).body("variables", equalTo(2)).body("whatsappLanguage", equalTo("en"))
                .extract().path("id");
        o.owner().api().body(Map.of("templateId", templateId)).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(400).body("field", equalTo("templateParameters"));
        o.owner().api().body(Map.of("templateId", templateId, "templateParameters", List.of("Sam", " ")))
                .post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(400).body("field", equalTo("templateParameters"));
        String messageId = reply(o.owner(), o.conversationId(), Map.of("templateId", templateId, "templateParameters", List.of("Sam", "tomorrow")));
        assertEquals("Hi Sam, your order arrives tomorrow.", awaitSingleSend(messageId).getString("text"));
        assertEquals(1, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", o.conversationId()));
    }

    @Test
    void anSmsFromTheContactDoesNotOpenTheWhatsappWindow() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String whatsapp = inbox.ws().admin().api().body(Map.of("number", Fixtures.uniqueNumber(), "channel", "WHATSAPP",
                "queueId", inbox.queueId())).post("/api/senders").then().statusCode(201).extract().path("id");
        String contact = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.sms(contact, inbox.senderNumber(), "texted by SMS just now")).then().statusCode(200);
        agent.api().body(Map.of("senderId", whatsapp, "to", contact, "text", "free text on WhatsApp"))
                .post("/api/conversations").then().statusCode(422).body("error", equalTo("whatsapp_window_closed"));
    }

    @Test
    void transientErrorsAreRetriedUntilTheSendSucceeds() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String marker = "retry-" + UUID.randomUUID();
        vonage().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.text", WireMock.equalTo(marker)))
                .inScenario(marker).whenScenarioStateIs("Started").willSetStateTo("second")
                .willReturn(aResponse().withStatus(503).withBody("{\"title\":\"Service Unavailable\"}")));
        vonage().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.text", WireMock.equalTo(marker)))
                .inScenario(marker).whenScenarioStateIs("second").willSetStateTo("third")
                .willReturn(aResponse().withStatus(429).withBody("{\"title\":\"Too Many Requests\"}")));
        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", marker));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(status(messageId)));
        assertEquals(3, sendsOf(messageId).size(), "503, 429, then accepted");
    }

    /** Vonage accepts the send with this text but answers after our 3 s timeout (test profile). */
    private static void acceptButAnswerAfterTheTimeout(String marker) {
        vonage().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.text", WireMock.equalTo(marker)))
                .willReturn(aResponse().withStatus(202).withFixedDelay(4_500).withHeader("Content-Type", "application/json")
                        .withBody("{\"message_uuid\": \"" + UUID.randomUUID() + "\"}")));
    }

    @Test
    void aSendWhoseAnswerCameTooLateIsNeverRepeatedAndFailsAsUnconfirmed() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String marker = "late-" + UUID.randomUUID();
        acceptButAnswerAfterTheTimeout(marker);
        try (LiveClient live = LiveClient.connect(base, o.owner().token())) {
            String messageId = reply(o.owner(), o.conversationId(), Map.of("text", marker));
            JsonObject failed = live.awaitEvent("message.status", Duration.ofSeconds(30),
                    f -> messageId.equals(f.getJsonObject("data").getString("messageId"))).getJsonObject("data");
            assertEquals("FAILED", failed.getString("status"));
            assertEquals("FAILED", status(messageId));
            assertTrue(Sql.text("select error from message where id = ?::uuid", messageId).startsWith("unconfirmed"));
            assertEquals(1, sendsOf(messageId).size(), "the contact was texted at most once");
            assertEquals(0, Sql.count("select count(*) from outbox where message_id = ?::uuid", messageId));
        }
    }

    @Test
    void aLateReceiptConfirmsASendWhoseAnswerWasLostAndNothingIsResent() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String marker = "confirmed-late-" + UUID.randomUUID();
        acceptButAnswerAfterTheTimeout(marker);
        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", marker));
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.count(
                "select count(*) from outbox where message_id = ?::uuid and attempt_started_at is not null and locked_until is null", messageId) == 1);
        receipt(UUID.randomUUID().toString(), messageId, "delivered").then().statusCode(200).body("result", equalTo("changed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Sql.count("select count(*) from outbox where message_id = ?::uuid", messageId) == 0);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> "DELIVERED".equals(status(messageId)));
        assertEquals(1, sendsOf(messageId).size(), "never resent once a receipt matched");
    }

    @Test
    void aRefusedConnectionIsRetriedBecauseNothingLeft() {
        assertTrue(io.switchboard.channel.vonage.VonageMessenger.neverConnected(
                new RuntimeException(new java.net.ConnectException("Connection refused"))));
        assertFalse(io.switchboard.channel.vonage.VonageMessenger.neverConnected(
                new RuntimeException(new java.net.SocketTimeoutException("Read timed out"))));
    }

    @Test
    void aContactEditCannotRedirectRepliesAndOnlyAnAdminChangesANumber() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        User outsider = inbox.ws().agent();
        String contactId = outsider.api().queryParam("q", o.contact()).get("/api/contacts").then().statusCode(200)
                .extract().path("items[0].id");
        String attacker = Fixtures.uniqueNumber();
        outsider.api().body(Map.of("number", attacker)).put("/api/contacts/" + contactId)
                .then().statusCode(403).body("error", equalTo("forbidden"));
        assertEquals(o.contact(), Sql.text("select number from contact where id = ?::uuid", contactId));

        String corrected = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", corrected)).put("/api/contacts/" + contactId)
                .then().statusCode(200).body("number", equalTo(corrected));
        assertEquals(1, Sql.count("select count(*) from contact_number_change where contact_id = ?::uuid and old_number = ? and new_number = ?",
                contactId, o.contact(), corrected), "the change is recorded");

        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", "Your PIN is 4321"));
        assertEquals(o.contact(), awaitSingleSend(messageId).getString("to"), "a reply goes to the number the conversation was opened with");
    }

    @Test
    void aNumberThatSaidStopIsOptedOutAgainWhenItWritesAsANewContact() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        inbox.reply(o.conversationId(), "STOP");
        String contactId = Sql.text("select contact_id from conversation where id = ?::uuid", o.conversationId());
        inbox.ws().admin().api().body(Map.of("number", Fixtures.uniqueNumber())).put("/api/contacts/" + contactId)
                .then().statusCode(200);

        // The number has no contact now: its next message creates one, which inherits the opt-out.
        String started = inbox.inbound(o.contact(), "is anyone there?");
        assertNotEquals(o.conversationId(), started);
        assertEquals(1, Sql.count("select count(*) from contact where number = ? and opted_out and id <> ?::uuid", o.contact(), contactId));
        o.owner().api().post("/api/conversations/" + started + "/claim").then().statusCode(200);
        o.owner().api().body(Map.of("text", "yes")).post("/api/conversations/" + started + "/messages")
                .then().statusCode(422).body("error", equalTo("contact_opted_out"));
    }

    @Test
    void stopHoldsForTheNumberWhicheverContactCarriesIt() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        inbox.reply(o.conversationId(), "STOP");
        o.owner().api().body(Map.of("text", "one more thing")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("contact_opted_out"));

        // Moving the number to another contact row changes nothing for the number that said STOP.
        String contactId = Sql.text("select contact_id from conversation where id = ?::uuid", o.conversationId());
        inbox.ws().admin().api().body(Map.of("number", Fixtures.uniqueNumber())).put("/api/contacts/" + contactId)
                .then().statusCode(200).body("optedOut", equalTo(false));
        o.owner().api().body(Map.of("text", "now?")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("contact_opted_out"));
        inbox.ws().admin().api().body(Map.of("number", o.contact())).post("/api/contacts")
                .then().statusCode(201).body("optedOut", equalTo(true));
        String senderId = Sql.text("select id from sender where number = ?", inbox.senderNumber());
        o.owner().api().body(Map.of("senderId", senderId, "to", o.contact(), "text", "hello again")).post("/api/conversations")
                .then().statusCode(422).body("error", equalTo("contact_opted_out"));
        assertEquals(0, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", o.conversationId()));

        Webhooks.post(Webhooks.sms(o.contact(), inbox.senderNumber(), "START")).then().statusCode(200);
        reply(o.owner(), o.conversationId(), Map.of("text", "welcome back"));
    }

    @Test
    void permanentErrorsFailTheMessageAtOnce() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String marker = "reject-" + UUID.randomUUID();
        vonage().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.text", WireMock.equalTo(marker)))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Invalid params\",\"type\":\"https://developer.vonage.com/api-errors#invalid-params\"}")));
        try (LiveClient live = LiveClient.connect(base, o.owner().token())) {
            String messageId = reply(o.owner(), o.conversationId(), Map.of("text", marker));
            live.awaitEvent("message.status", f -> "FAILED".equals(f.getJsonObject("data").getString("status")));
            assertEquals("FAILED", status(messageId));
            live.assertNoEventBefore("message.status", f -> "SUBMITTED".equals(f.getJsonObject("data").getString("status")),
                    Barrier.pass(live, inbox.ws(), o.owner()));
            assertEquals(1, sendsOf(messageId).size());
        }
    }

    @Test
    void receiptsOnlyMoveTheStatusForward() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", "track me"));
        awaitSingleSend(messageId);
        await().atMost(Duration.ofSeconds(5)).until(() -> "SUBMITTED".equals(status(messageId)));
        String providerId = Sql.text("select provider_message_id from message where id = ?::uuid", messageId);
        try (LiveClient live = LiveClient.connect(base, o.owner().token())) {
            receipt(providerId, messageId, "delivered").then().statusCode(200).body("result", equalTo("changed"));
            receipt(providerId, messageId, "submitted").then().statusCode(200).body("result", equalTo("unchanged"));
            assertEquals("DELIVERED", status(messageId));
            receipt(providerId, null, "read").then().statusCode(200).body("result", equalTo("changed"));
            receipt(providerId, messageId, "read").then().statusCode(200).body("result", equalTo("unchanged"));
            receipt(providerId, messageId, "undeliverable").then().statusCode(200).body("result", equalTo("unchanged"));
            assertEquals("READ", status(messageId));
            live.awaitEvent("message.status", f -> "READ".equals(f.getJsonObject("data").getString("status")));
            Barrier.pass(live, inbox.ws(), o.owner());
            assertEquals(List.of("DELIVERED", "READ"),
                    live.events("message.status").stream().map(f -> f.getJsonObject("data").getString("status")).toList());
        }
        receipt(UUID.randomUUID().toString(), null, "delivered").then().statusCode(200).body("result", equalTo("unknown_message"));
        given().contentType(ContentType.JSON).body("{\"status\":\"delivered\"}").post("/webhooks/vonage/status")
                .then().statusCode(400).body("field", equalTo("message_uuid"));
    }

    private static io.restassured.response.Response receipt(String providerId, String clientRef, String status) {
        JsonObject body = new JsonObject().put("message_uuid", providerId).put("to", "447700900000").put("from", "15550000000")
                .put("timestamp", "2026-11-23T12:00:00Z").put("status", status).put("channel", "sms");
        if (clientRef != null) {
            body.put("client_ref", clientRef);
        }
        return given().contentType(ContentType.JSON).body(body.encode()).post("/webhooks/vonage/status");
    }

    @Test
    void optedOutContactsGetNothingUntilTheyTextStart() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        inbox.reply(o.conversationId(), " stop ");
        o.owner().api().body(Map.of("text", "are you sure?")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("contact_opted_out"));
        assertEquals(0, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", o.conversationId()));
        inbox.reply(o.conversationId(), "Start");
        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", "welcome back"));
        awaitSingleSend(messageId);
        inbox.reply(o.conversationId(), "please stop sending me those");
        reply(o.owner(), o.conversationId(), Map.of("text", "not a keyword, still opted in"));
    }

    @Test
    void outsideBusinessHoursAMessageWaitsQueuedUntilTheyOpen() {
        Inbox inbox = Inbox.withAgents(1);
        DayOfWeek closedToday = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
        String sender = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", sender, "channel", "SMS", "queueId", inbox.queueId(), "timeZone", "UTC",
                        "businessHours", List.of(Map.of("day", closedToday.name(), "opens", "09:00", "closes", "17:00"))))
                .post("/api/senders").then().statusCode(201);
        Owned o = ownedConversation(new Inbox(inbox.ws(), inbox.queueId(), sender, inbox.agents(), inbox.supervisor()));
        String messageId = reply(o.owner(), o.conversationId(), Map.of("text", "after hours"));
        String notBefore = Sql.text("select to_char(not_before at time zone 'UTC', 'ID HH24:MI') from outbox where message_id = ?::uuid", messageId);
        assertEquals(closedToday.getValue() + " 09:00", notBefore);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> sendsOf(messageId).isEmpty());
        assertEquals("QUEUED", status(messageId));
        // The clock reaching the opening hour:
        Sql.update("update outbox set not_before = now() where message_id = ?::uuid", messageId);
        awaitSingleSend(messageId);
    }

    @Test
    void aSendCanBeUndoneWithinTheWindowAndNotAfter() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String undone = reply(o.owner(), o.conversationId(), Map.of("text", "oops, wrong customer"));
        o.owner().api().delete("/api/messages/" + undone).then().statusCode(204);
        assertEquals("UNDONE", status(undone));
        String sent = reply(o.owner(), o.conversationId(), Map.of("text", "the right one"));
        awaitSingleSend(sent);
        assertEquals(0, sendsOf(undone).size(), "an undone message is never sent");
        o.owner().api().delete("/api/messages/" + sent).then().statusCode(409).body("error", equalTo("already_sent"));
        o.owner().api().delete("/api/messages/" + UUID.randomUUID()).then().statusCode(404);
        String late = reply(o.owner(), o.conversationId(), Map.of("text", "too late to undo"));
        Sql.update("update message set created_at = now() - interval '1 minute' where id = ?::uuid", late);
        o.owner().api().delete("/api/messages/" + late).then().statusCode(409).body("error", equalTo("already_sent"));
    }

    @Test
    void theDailyLimitIsEnforced() {
        Inbox inbox = Inbox.withAgents(1);
        String sender = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", sender, "channel", "SMS", "queueId", inbox.queueId(), "dailyLimit", 2))
                .post("/api/senders").then().statusCode(201);
        Owned o = ownedConversation(new Inbox(inbox.ws(), inbox.queueId(), sender, inbox.agents(), inbox.supervisor()));
        reply(o.owner(), o.conversationId(), Map.of("text", "one"));
        reply(o.owner(), o.conversationId(), Map.of("text", "two"));
        o.owner().api().body(Map.of("text", "three")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("daily_limit_reached"));
    }

    /** R9 counted per day: what went out before a limit was set counts, an undone send gives its slot back, an automatic reply takes one. */
    @Test
    void theDailyLimitCountsTheWholeDayUndoneSendsGiveBackAndAutomaticRepliesTakeTheirShare() {
        Inbox inbox = Inbox.withAgents(1);
        Owned o = ownedConversation(inbox);
        String senderId = Sql.text("select id from sender where number = ?", inbox.senderNumber());
        reply(o.owner(), o.conversationId(), Map.of("text", "morning one"));
        reply(o.owner(), o.conversationId(), Map.of("text", "morning two"));
        inbox.ws().admin().api().body(Map.of("dailyLimit", 3)).put("/api/senders/" + senderId).then().statusCode(200);

        String third = reply(o.owner(), o.conversationId(), Map.of("text", "third of three"));
        o.owner().api().delete("/api/messages/" + third).then().statusCode(204);
        reply(o.owner(), o.conversationId(), Map.of("text", "third again, after the undo"));
        o.owner().api().body(Map.of("text", "fourth")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("daily_limit_reached"));

        Inbox waiting = Inbox.withAgents(1);
        String waitingSender = Sql.text("select id from sender where number = ?", waiting.senderNumber());
        waiting.ws().admin().api().body(Map.of("dailyLimit", 2, "waitingReply", "You are number {position}"))
                .put("/api/senders/" + waitingSender).then().statusCode(200);
        Owned w = ownedConversation(waiting); // its waiting reply went out: one of two
        reply(w.owner(), w.conversationId(), Map.of("text", "the second"));
        w.owner().api().body(Map.of("text", "a third")).post("/api/conversations/" + w.conversationId() + "/messages")
                .then().statusCode(422).body("error", equalTo("daily_limit_reached"));
    }

    @Test
    void parallelSendsNeverPassTheDailyLimit() throws Exception {
        Inbox inbox = Inbox.withAgents(1);
        String sender = Fixtures.uniqueNumber();
        inbox.ws().admin().api().body(Map.of("number", sender, "channel", "SMS", "queueId", inbox.queueId(), "dailyLimit", 5))
                .post("/api/senders").then().statusCode(201);
        Owned o = ownedConversation(new Inbox(inbox.ws(), inbox.queueId(), sender, inbox.agents(), inbox.supervisor()));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "race " + i;
                sends.add(pool.submit(() -> o.owner().api().body(Map.of("text", text))
                        .post("/api/conversations/" + o.conversationId() + "/messages").statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> send : sends) {
                codes.add(send.get(30, TimeUnit.SECONDS));
            }
            assertEquals(5, codes.stream().filter(code -> code == 202).count(), "R9: exactly the limit goes out: " + codes);
            assertEquals(15, codes.stream().filter(code -> code == 422).count(), codes.toString());
            assertEquals(5, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'",
                    o.conversationId()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void startingAConversationOwnsItUnansweredUntilTheContactReplies() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String senderId = Sql.text("select id from sender where number = ?", inbox.senderNumber());
        String to = Fixtures.uniqueNumber();
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            String id = agent.api().body(Map.of("senderId", senderId, "to", "+" + to, "text", "Your table is ready"))
                    .post("/api/conversations").then().statusCode(201)
                    .body("status", equalTo("UNANSWERED")).body("ownerId", equalTo(agent.id()))
                    .body("contact.number", equalTo(to)).extract().path("id");
            live.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            agent.api().body(Map.of("senderId", senderId, "to", to, "text", "again")).post("/api/conversations")
                    .then().statusCode(409).body("error", equalTo("conversation_exists")).body("conversationId", equalTo(id));
            inbox.reply(id, "Great, thanks");
            JsonObject changed = live.awaitEvent("conversation.status_changed").getJsonObject("data");
            assertEquals(id, changed.getString("conversationId"));
            assertEquals("UNANSWERED", changed.getString("from"));
            assertEquals("ACTIVE", changed.getString("to"));
            assertEquals(1, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'status_changed'", id));
        }
    }

    @Test
    void startingByQueuePicksTheSenderByCountryThenRemainingLimit() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String ukSender = "4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        String ukSenderId = inbox.ws().admin().api().body(Map.of("number", ukSender, "channel", "SMS", "queueId", inbox.queueId(), "dailyLimit", 1))
                .post("/api/senders").then().statusCode(201).body("country", equalTo("GB")).extract().path("id");
        String ukContact = "4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        agent.api().body(Map.of("queueId", inbox.queueId(), "to", ukContact, "text", "hello from the UK"))
                .post("/api/conversations").then().statusCode(201).body("senderId", equalTo(ukSenderId));
        String otherUk = "4477008" + String.format("%05d", (int) (Math.random() * 100_000));
        String usSenderId = Sql.text("select id from sender where number = ?", inbox.senderNumber());
        agent.api().body(Map.of("queueId", inbox.queueId(), "to", otherUk, "text", "the UK sender is used up"))
                .post("/api/conversations").then().statusCode(201).body("senderId", equalTo(usSenderId));
    }

    @Test
    void onlyTheOwnerSupervisorsAndAdminsMayWrite() {
        Inbox inbox = Inbox.withAgents(2);
        Owned o = ownedConversation(inbox);
        inbox.agent(1).api().body(Map.of("text", "me too")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(404);
        reply(inbox.supervisor(), o.conversationId(), Map.of("text", "supervisor here"));
        Inbox.withAgents(1).agent(0).api().body(Map.of("text", "stranger")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(404);
        o.owner().api().body(Map.of()).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(400).body("field", equalTo("text"));
        o.owner().api().body(Map.of("text", "x".repeat(1601))).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(400).body("field", equalTo("text"));
        Inbox.presence(o.owner(), "BUSY");
        reply(o.owner(), o.conversationId(), Map.of("text", "busy owners still reply (R5)"));
        o.owner().api().post("/api/conversations/" + o.conversationId() + "/close").then().statusCode(200);
        o.owner().api().body(Map.of("text", "after close")).post("/api/conversations/" + o.conversationId() + "/messages")
                .then().statusCode(409).body("error", equalTo("conversation_closed"));
    }
}
