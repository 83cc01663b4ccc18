package io.switchboard.conversation;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Barrier;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** #21 mentions: "@username" in a note tells that person and rings their bell until they read it; nobody else is named. */
@QuarkusTest
class MentionTest {

    @TestHTTPResource("/")
    URI base;

    private static String owned(Inbox inbox) {
        String id = inbox.inbound("I need a refund");
        inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        return id;
    }

    @Test
    void theOwnerMentionsASupervisorWhoseBellRingsUntilTheyReadIt() {
        Inbox inbox = Inbox.withAgents(1);
        String id = owned(inbox);
        String supervisor = inbox.supervisor().username();
        try (LiveClient live = LiveClient.connect(base, inbox.supervisor().token())) {
            inbox.agent(0).api().body(Map.of("text", "@" + supervisor.toUpperCase() + " may I refund this one?"))
                    .post("/api/conversations/" + id + "/notes").then().statusCode(201);
            JsonObject mention = live.awaitEvent("note.mentioned").getJsonObject("data");
            assertEquals(id, mention.getString("conversationId"));
            assertEquals(inbox.agent(0).id(), mention.getString("authorId"));
            assertEquals(1, mention.getInteger("bell"), "the mention rang the bell in the same frame");
        }
        inbox.supervisor().api().get("/api/bell").then().body("count", equalTo(1));
        inbox.supervisor().api().get("/api/alerts").then().body("id", hasItem(id));

        // Rebuilt from PostgreSQL, the mention still counts.
        inbox.ws().admin().api().post("/api/bell/rebuild").then().statusCode(200);
        inbox.supervisor().api().get("/api/bell").then().body("count", equalTo(1));

        inbox.supervisor().api().post("/api/conversations/" + id + "/read").then().statusCode(200);
        inbox.supervisor().api().get("/api/bell").then().body("count", equalTo(0));
        inbox.ws().admin().api().post("/api/bell/rebuild").then().statusCode(200);
        inbox.supervisor().api().get("/api/bell").then().body("count", equalTo(0));
    }

    @Test
    void onlyThoseNamedHearOfItAndNamingYourselfIsNoMention() {
        Inbox inbox = Inbox.withAgents(1);
        String id = owned(inbox);
        try (LiveClient owner = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            inbox.supervisor().api().body(Map.of("text", "@" + inbox.agent(0).username() + " please call them; cc @"
                            + inbox.supervisor().username()))
                    .post("/api/conversations/" + id + "/notes").then().statusCode(201);
            owner.awaitEvent("note.mentioned", f -> id.equals(f.getJsonObject("data").getString("conversationId")));
            supervisor.awaitEvent("note.created", f -> id.equals(f.getJsonObject("data").getString("conversationId")));
            JsonObject barrier = Barrier.pass(supervisor, inbox.ws(), inbox.supervisor());
            supervisor.assertNoEventBefore("note.mentioned", f -> true, barrier);
        }
        inbox.supervisor().api().get("/api/bell").then().body("count", equalTo(0));
    }

    @Test
    void aNoteNamingSomeoneWhoMayNotSeeTheConversationIsRefusedWhole() {
        Inbox inbox = Inbox.withAgents(2);
        String id = owned(inbox);
        String colleague = inbox.agent(1).username();   // a queue member, but it is agent 0's now (R4)
        String other = io.switchboard.support.Fixtures.workspace().agent().username();   // another workspace
        for (String name : List.of(colleague, other, "nobody-here")) {
            inbox.agent(0).api().body(Map.of("text", "ask @" + name))
                    .post("/api/conversations/" + id + "/notes").then().statusCode(422)
                    .body("error", equalTo("mention_not_allowed"))
                    .body("usernames", equalTo(List.of(name)));
        }
        assertEquals(0L, Sql.count("select count(*) from note where conversation_id = ?::uuid", id), "no note was stored");
        inbox.agent(1).api().get("/api/bell").then().body("count", equalTo(0));
        // An address is no mention.
        inbox.agent(0).api().body(Map.of("text", "They wrote from ana@example.com"))
                .post("/api/conversations/" + id + "/notes").then().statusCode(201);
    }
}
