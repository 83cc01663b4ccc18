package io.switchboard.routing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R24: offers to one agent at a time, accepted, declined or lapsed, with exactly one outcome each. */
@QuarkusTest
class OfferTest {

    @TestHTTPResource("/")
    URI base;

    private static void offers(Inbox inbox, int seconds, int missedBeforeAway) {
        Map<String, Object> body = new HashMap<>();
        body.put("mode", "ROUND_ROBIN");
        body.put("offerSeconds", seconds);
        body.put("missedOffersBeforeAway", missedBeforeAway);
        inbox.ws().admin().api().body(body).put("/api/queues/" + inbox.queueId() + "/routing").then().statusCode(200)
                .body("routing.offerSeconds", equalTo(seconds));
    }

    private static String owner(String conversationId) {
        return Sql.text("select owner_id from conversation where id = ?::uuid", conversationId);
    }

    private static Response accept(User agent, String conversationId) {
        return agent.api().post("/api/conversations/" + conversationId + "/accept");
    }

    private static JsonObject offered(LiveClient live, String conversationId) {
        return live.awaitEvent("conversation.offered", f -> conversationId.equals(f.getJsonObject("data").getString("conversationId")))
                .getJsonObject("data");
    }

    private static JsonObject ended(LiveClient live, String conversationId) {
        return live.awaitEvent("conversation.offer_ended", f -> conversationId.equals(f.getJsonObject("data").getString("conversationId")))
                .getJsonObject("data");
    }

    @Test
    void anOfferIsMadeToOneAgentWhoAcceptsOrDeclinesAndTheNextGetsIt() {
        Inbox inbox = Inbox.withAgents(2);
        offers(inbox, 60, 3);
        try (LiveClient first = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient second = LiveClient.connect(base, inbox.agent(1).token())) {
            String id = inbox.inbound("offer me");
            assertNull(owner(id), "offered, not assigned");
            String offeredTo = Sql.text("select agent_id from conversation_offer where conversation_id = ?::uuid", id);
            boolean firstOffered = inbox.agent(0).id().equals(offeredTo);
            User offeree = firstOffered ? inbox.agent(0) : inbox.agent(1);
            User other = firstOffered ? inbox.agent(1) : inbox.agent(0);
            LiveClient offereeLive = firstOffered ? first : second;
            LiveClient otherLive = firstOffered ? second : first;
            JsonObject offer = offered(offereeLive, id);
            assertEquals(id, offer.getJsonObject("conversation").getString("id"));
            assertTrue(Instant.parse(offer.getString("expiresAt")).isAfter(Instant.now().plusSeconds(50)));
            accept(other, id).then().statusCode(409).body("error", equalTo("not_offered"));

            offeree.api().post("/api/conversations/" + id + "/decline").then().statusCode(204);
            assertEquals("declined", ended(offereeLive, id).getString("reason"));
            offered(otherLive, id);
            accept(offeree, id).then().statusCode(409).body("error", equalTo("offer_expired"));
            accept(other, id).then().statusCode(200).body("ownerId", equalTo(other.id()));
            assertEquals("accepted", ended(otherLive, id).getString("reason"));
            JsonObject assigned = otherLive.awaitEvent("conversation.assigned",
                    f -> id.equals(f.getJsonObject("data").getString("conversationId"))).getJsonObject("data");
            assertEquals("routing", assigned.getString("by"));
            assertEquals(other.id(), owner(id));
            assertEquals(0L, Sql.count("select count(*) from conversation_offer where conversation_id = ?::uuid", id));
        }
    }

    @Test
    void anAgentWhoLetsThreeOffersLapseStopsAcceptingAndSupervisorsSeeIt() {
        Inbox inbox = Inbox.withAgents(1);
        offers(inbox, 1, 3);
        User agent = inbox.agent(0);
        try (LiveClient live = LiveClient.connect(base, agent.token());
             LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            String[] ids = {inbox.inbound("one"), inbox.inbound("two"), inbox.inbound("three")};
            for (String id : ids) {
                offered(live, id);
                live.awaitEvent("conversation.offer_ended", Duration.ofSeconds(10),
                        f -> id.equals(f.getJsonObject("data").getString("conversationId"))
                                && "expired".equals(f.getJsonObject("data").getString("reason")));
            }
            supervisor.awaitEvent("agent.presence", f -> agent.id().equals(f.getJsonObject("data").getString("agentId"))
                    && "BUSY".equals(f.getJsonObject("data").getString("status")));
            assertEquals("BUSY", Sql.text("select presence from agent where id = ?::uuid", agent.id()));
            for (String id : ids) {
                assertNull(owner(id), "lapsed offers leave it waiting");
            }
        }
    }

    @Test
    void anAcceptRacingTheExpiryHasExactlyOneOutcome() {
        Inbox inbox = Inbox.withAgents(1);
        offers(inbox, 1, 100);
        User agent = inbox.agent(0);
        int accepted = 0;
        int expired = 0;
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            for (int round = 0; round < 12; round++) {
                String id = inbox.inbound("race " + round);
                Instant expiresAt = Instant.parse(offered(live, id).getString("expiresAt"));
                // From 300 ms before the expiry to 305 ms after, so a slow request still lands on both sides.
                long aim = Duration.between(Instant.now(), expiresAt).toMillis() - 300 + round * 55;
                if (aim > 0) {
                    await().pollDelay(Duration.ofMillis(aim)).until(() -> true);
                }
                int status = accept(agent, id).statusCode();
                JsonObject end = ended(live, id);
                if (status == 200) {
                    accepted++;
                    assertEquals("accepted", end.getString("reason"), "round " + round);
                    assertEquals(agent.id(), owner(id));
                    agent.api().post("/api/conversations/" + id + "/close").then().statusCode(200);
                } else {
                    expired++;
                    assertEquals(409, status);
                    assertEquals("expired", end.getString("reason"), "round " + round);
                    assertNull(owner(id));
                }
                String conversation = id;
                assertEquals(1, live.events("conversation.offer_ended").stream()
                        .filter(f -> conversation.equals(f.getJsonObject("data").getString("conversationId"))).count(),
                        "one outcome in round " + round);
            }
        }
        assertEquals(12, accepted + expired);
        assertTrue(accepted > 0 && expired > 0, "accepts aimed on both sides of the expiry: " + accepted + " accepted, " + expired + " expired");
    }
}
