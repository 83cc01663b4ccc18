package io.switchboard.conversation;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R12, R13: the timeline's order and kinds, internal notes, and tags. */
@QuarkusTest
class TimelineTest {

    @TestHTTPResource("/")
    URI base;

    private static String url(String conversationId, String tail) {
        return "/api/conversations/" + conversationId + tail;
    }

    @Test
    void messagesNotesAndEventsComeInTimeOrderAPageAtATime() {
        Inbox stage = Inbox.withAgents(2);
        User owner = stage.agent(0);
        User colleague = stage.agent(1);
        String id = stage.inbound("Hello, my order?");
        owner.api().post(url(id, "/claim")).then().statusCode(200);
        owner.api().body(Map.of("text", "Customer since 2019")).post(url(id, "/notes")).then().statusCode(201);
        owner.api().body(Map.of("tags", List.of("orders"))).put(url(id, "/tags")).then().statusCode(200);
        owner.api().body(Map.of("text", "Let me look")).post(url(id, "/messages")).then().statusCode(202);
        stage.reply(id, "thanks");
        owner.api().body(Map.of("agentId", colleague.id())).post(url(id, "/transfer")).then().statusCode(200);
        colleague.api().post(url(id, "/close")).then().statusCode(200);

        colleague.api().get(url(id, "/timeline")).then().statusCode(200)
                .body("total", equalTo(8))
                .body("items.kind", contains("message", "event", "note", "event", "message", "message", "event", "event"))
                .body("items[0].text", equalTo("Hello, my order?"))
                .body("items[0].direction", equalTo("IN"))
                .body("items[1].type", equalTo("claimed"))
                .body("items[1].actorId", equalTo(owner.id()))
                .body("items[2].text", equalTo("Customer since 2019"))
                .body("items[2].authorId", equalTo(owner.id()))
                .body("items[3].type", equalTo("tagged"))
                .body("items[3].data.tags", contains("orders"))
                .body("items[4].direction", equalTo("OUT"))
                .body("items[5].text", equalTo("thanks"))
                .body("items[6].type", equalTo("transferred"))
                .body("items[6].data.toOwnerId", equalTo(colleague.id()))
                .body("items[7].type", equalTo("closed"));

        List<String> at = colleague.api().get(url(id, "/timeline")).then().extract().path("items.at");
        assertEquals(at.stream().sorted().toList(), at, "entries are in time order");

        colleague.api().get(url(id, "/timeline?size=3&page=1")).then().statusCode(200)
                .body("items", hasSize(3)).body("items.kind", contains("event", "message", "message")).body("total", equalTo(8));
        // The first owner lost sight of it with the transfer (roles).
        owner.api().get(url(id, "/timeline")).then().statusCode(404);
    }

    @Test
    void aNoteReachesThoseWhoSeeTheConversationAndIsNeverSent() {
        Inbox stage = Inbox.withAgents(2);
        User owner = stage.agent(0);
        User other = stage.agent(1);
        String id = stage.inbound("Need help");
        owner.api().post(url(id, "/claim")).then().statusCode(200);

        try (LiveClient ownerLive = LiveClient.connect(base, owner.token());
             LiveClient otherLive = LiveClient.connect(base, other.token());
             LiveClient supervisorLive = LiveClient.connect(base, stage.supervisor().token())) {
            String noteId = owner.api().body(Map.of("text", "  VIP, be quick  ")).post(url(id, "/notes")).then().statusCode(201)
                    .body("text", equalTo("VIP, be quick")).body("conversationId", equalTo(id))
                    .extract().path("id");
            ownerLive.awaitEvent("note.created", frame -> noteId.equals(frame.getJsonObject("data").getString("id")));
            supervisorLive.awaitEvent("note.created", frame -> noteId.equals(frame.getJsonObject("data").getString("id")));
            // R12: the other queue agent may not see an owned conversation, so not its notes either.
            otherLive.assertNoEventBefore("note.created", frame -> true, Barrier.pass(otherLive, stage.ws(), other));
        }
        assertEquals(0, Sql.count("select count(*) from message where conversation_id = ?::uuid and direction = 'OUT'", id),
                "a note is never a message to the contact");
        assertEquals(0, Sql.count("select count(*) from outbox o join message m on m.id = o.message_id where m.conversation_id = ?::uuid", id));

        other.api().body(Map.of("text", "sneaky")).post(url(id, "/notes")).then().statusCode(404);
        other.api().get(url(id, "/timeline")).then().statusCode(404);
        owner.api().body(Map.of("text", " ")).post(url(id, "/notes")).then().statusCode(400).body("field", equalTo("text"));
        owner.api().body("{\"text\": ").post(url(id, "/notes")).then().statusCode(400);
        assertEquals(1, Sql.count("select count(*) from note where conversation_id = ?::uuid", id));

        owner.api().post(url(id, "/close")).then().statusCode(200);
        stage.supervisor().api().body(Map.of("text", "too late")).post(url(id, "/notes")).then().statusCode(409)
                .body("error", equalTo("conversation_closed"));
    }

    @Test
    void tagsAreReplacedAsASetPushedAndCountedForTheWorkspace() {
        Inbox stage = Inbox.withAgents(1);
        User owner = stage.agent(0);
        String id = stage.inbound("tag me");
        String untouched = stage.inbound("other");
        owner.api().post(url(id, "/claim")).then().statusCode(200);
        owner.api().post(url(untouched, "/claim")).then().statusCode(200);

        try (LiveClient live = LiveClient.connect(base, owner.token())) {
            owner.api().body(Map.of("tags", List.of(" Billing", "vip", "VIP"))).put(url(id, "/tags")).then().statusCode(200)
                    .body("tags", contains("billing", "vip"));
            live.awaitEvent("conversation.updated", frame -> id.equals(frame.getJsonObject("data").getString("id"))
                    && frame.getJsonObject("data").getJsonArray("tags").size() == 2);
        }
        owner.api().body(Map.of("tags", List.of("vip"))).put(url(untouched, "/tags")).then().statusCode(200);
        owner.api().body(Map.of("tags", List.of("vip", "refund"))).put(url(id, "/tags")).then().statusCode(200)
                .body("tags", contains("refund", "vip"));
        // The same set again changes nothing and records nothing.
        owner.api().body(Map.of("tags", List.of("refund", "vip"))).put(url(id, "/tags")).then().statusCode(200);
        assertEquals(2, Sql.count("select count(*) from timeline_event where conversation_id = ?::uuid and kind = 'tagged'", id));

        owner.api().get("/api/tags").then().statusCode(200)
                .body("name", contains("refund", "vip"))
                .body("conversations", contains(1, 2));

        owner.api().body(Map.of("tags", List.of("x".repeat(41)))).put(url(id, "/tags")).then().statusCode(400).body("field", equalTo("tags"));
        owner.api().body(Map.of("tags", List.of(""))).put(url(id, "/tags")).then().statusCode(400);
        owner.api().body(Map.of()).put(url(id, "/tags")).then().statusCode(400);
        owner.api().get(url(id, "")).then().body("tags", contains("refund", "vip"));

        Inbox elsewhere = Inbox.withAgents(1);
        elsewhere.supervisor().api().body(Map.of("tags", List.of("hijack"))).put(url(id, "/tags")).then().statusCode(404);
        elsewhere.supervisor().api().get("/api/tags").then().statusCode(200).body("$", hasSize(0));
    }
}
