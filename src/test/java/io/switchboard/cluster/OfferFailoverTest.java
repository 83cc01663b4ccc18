package io.switchboard.cluster;

import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R24: an offer made by an instance that dies still lapses, on another, and goes to the next agent. */
class OfferFailoverTest extends TwoInstanceTest {

    @Test
    void anOfferOutlivesTheInstanceThatMadeIt() {
        Inbox inbox = Inbox.withAgents(2);
        inbox.ws().admin().api().body(Map.of("mode", "ROUND_ROBIN", "offerSeconds", 3))
                .put("/api/queues/" + inbox.queueId() + "/routing").then().statusCode(200);
        try (LiveClient first = LiveClient.connect(two.base(), inbox.agent(0).token());
             LiveClient second = LiveClient.connect(two.base(), inbox.agent(1).token())) {
            String from = Fixtures.uniqueNumber();
            given().port(one.port()).contentType(ContentType.JSON)
                    .body(Webhooks.sms(from, inbox.senderNumber(), "offer me, then die").encode())
                    .post("/webhooks/vonage/inbound").then().statusCode(200);
            String id = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", from);
            org.awaitility.Awaitility.await().until(() -> Sql.text("select agent_id from conversation_offer where conversation_id = ?::uuid", id) != null);
            String offeree = Sql.text("select agent_id from conversation_offer where conversation_id = ?::uuid", id);
            one.kill();

            boolean firstOffered = inbox.agent(0).id().equals(offeree);
            LiveClient offereeLive = firstOffered ? first : second;
            LiveClient nextLive = firstOffered ? second : first;
            User next = firstOffered ? inbox.agent(1) : inbox.agent(0);
            JsonObject ended = offereeLive.awaitEvent("conversation.offer_ended", Duration.ofSeconds(15),
                    f -> id.equals(f.getJsonObject("data").getString("conversationId"))).getJsonObject("data");
            assertEquals("expired", ended.getString("reason"), "the surviving instance let it lapse");
            nextLive.awaitEvent("conversation.offered", Duration.ofSeconds(15),
                    f -> id.equals(f.getJsonObject("data").getString("conversationId")));
            given().port(two.port()).auth().oauth2(next.token()).post("/api/conversations/" + id + "/accept")
                    .then().statusCode(200);
            assertEquals(next.id(), Sql.text("select owner_id from conversation where id = ?::uuid", id));
        }
    }
}
