package io.switchboard.realtime;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.RedisKeys;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R25: who is viewing and typing, pushed live to the others who see the conversation, ephemeral. */
@QuarkusTest
class CollisionTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ReactiveRedisDataSource redis;

    private static JsonObject frame(String type, String conversationId) {
        return new JsonObject().put("type", type).put("conversationId", conversationId);
    }

    private static Predicate<JsonObject> viewersOf(String conversationId, Predicate<JsonArray> viewers) {
        return f -> conversationId.equals(f.getJsonObject("data").getString("conversationId"))
                && viewers.test(f.getJsonObject("data").getJsonArray("viewers"));
    }

    private static boolean only(JsonArray viewers, User agent, String typing) {
        return viewers.size() == 1 && agent.id().equals(viewers.getJsonObject(0).getString("agentId"))
                && java.util.Objects.equals(typing, viewers.getJsonObject(0).getString("typing"));
    }

    @Test
    void viewingAndTypingReachTheOthersWhoSeeTheConversationAndLeaveNoTrace() {
        Inbox inbox = Inbox.withAgents(2);
        User maria = inbox.agent(0);
        User bob = inbox.agent(1);
        String id = inbox.inbound("two agents, one customer");
        try (LiveClient mariaLive = LiveClient.connect(base, maria.token());
             LiveClient bobLive = LiveClient.connect(base, bob.token());
             LiveClient supervisorLive = LiveClient.connect(base, inbox.supervisor().token())) {
            mariaLive.send(frame("viewing", id));
            JsonObject seen = bobLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, maria, null)));
            assertNull(seen.getValue("id"), "ephemeral: no id, never replayed");
            supervisorLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, maria, null)));

            for (int i = 0; i < 20; i++) {
                mariaLive.send(frame("typing", id).put("kind", "reply"));
            }
            bobLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, maria, "reply")));
            bob.api().get("/api/conversations/" + id).then().statusCode(200)
                    .body("viewers[0].agentId", equalTo(maria.id()))
                    .body("viewers[0].typing", equalTo("reply"))
                    .body("viewers[0].displayName", equalTo("Test AGENT"));

            mariaLive.send(frame("left", id));
            bobLive.awaitEvent(Collision.VIEWERS, viewersOf(id, JsonArray::isEmpty));
            List<JsonObject> frames = bobLive.events(Collision.VIEWERS);
            assertEquals(3, frames.size(), "viewing, typing, left: twenty typing frames are one change");
            bob.api().get("/api/conversations/" + id).then().body("viewers", empty());

            // A socket that closes leaves at once.
            mariaLive.send(frame("viewing", id));
            bobLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, maria, null)));
        }
        try (LiveClient bobAgain = LiveClient.connect(base, bob.token())) {
            bobAgain.send(frame("viewing", id));
            bobAgain.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, bob, null)));
            bob.api().get("/api/conversations/" + id).then().body("viewers.agentId", equalTo(List.of(bob.id())));
        }
    }

    @Test
    void aViewerWhoVanishesLapsesAndTheNextChangeTellsTheOthers() {
        Inbox inbox = Inbox.withAgents(2);
        User maria = inbox.agent(0);
        User bob = inbox.agent(1);
        String id = inbox.inbound("who is still here?");
        try (LiveClient mariaLive = LiveClient.connect(base, maria.token());
             LiveClient bobLive = LiveClient.connect(base, bob.token())) {
            mariaLive.send(frame("viewing", id));
            bobLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, maria, null)));
            // Maria's client vanished without a word: her last frame is older than the lapse.
            String key = RedisKeys.viewers(UUID.fromString(inbox.ws().id()), UUID.fromString(id));
            redis.execute("ZADD", key, "XX", String.valueOf(System.currentTimeMillis() - 1), maria.id() + "|-|Test AGENT")
                    .await().atMost(Duration.ofSeconds(5));
            bob.api().get("/api/conversations/" + id).then().body("viewers", empty());
            bobLive.send(frame("viewing", id));
            mariaLive.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, bob, null)));
        }
    }

    @Test
    void aCallerWhoCannotSeeTheConversationIsToldNothingAndTellsNobody() {
        Inbox inbox = Inbox.withAgents(1);
        User outsider = inbox.ws().agent();
        Inbox.ready(outsider);
        String id = inbox.inbound("private");
        try (LiveClient member = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient stranger = LiveClient.connect(base, outsider.token())) {
            stranger.send(frame("viewing", id));
            JsonObject refused = stranger.awaitEvent("error", f -> true);
            assertEquals("not_found", refused.getString("error"));
            stranger.send(frame("typing", "not-an-id"));
            stranger.awaitEvent("error", f -> "invalid_field".equals(f.getString("error")));
            member.send(frame("viewing", id));
            member.awaitEvent(Collision.VIEWERS, viewersOf(id, v -> only(v, inbox.agent(0), null)));
            assertTrue(stranger.events(Collision.VIEWERS).isEmpty(), "the stranger hears nothing of it");
            inbox.agent(0).api().get("/api/conversations/" + id).then()
                    .body("viewers.agentId", equalTo(List.of(inbox.agent(0).id())));
        }
    }
}
