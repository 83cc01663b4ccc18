package io.switchboard.attention;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R3, R14-R16: the bell, the alerts and each agent's own flags, always right and always pushed. */
@QuarkusTest
class AttentionTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    AlertExpiry expiry;

    private static int bell(User user) {
        return user.api().get("/api/bell").then().statusCode(200).extract().path("count");
    }

    private static void awaitBell(LiveClient live, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> live.bell() == count);
    }

    /** R14 recomputed from PostgreSQL, the record. */
    private static long recount(User user) {
        return Sql.count("""
                select (select count(*) from conversation c join queue_member m on m.queue_id = c.queue_id
                        where m.agent_id = ?::uuid and c.owner_id is null and c.status <> 'CLOSED'
                          and c.created_at > now() - interval '14 days')
                     + (select count(*) from conversation_agent_state s join conversation c on c.id = s.conversation_id
                        where s.agent_id = ?::uuid and c.owner_id = s.agent_id and s.unread and not s.muted and c.status <> 'CLOSED')""",
                user.id(), user.id());
    }

    private static void flag(User user, String conversationId, String flag) {
        user.api().post("/api/conversations/" + conversationId + "/" + flag).then().statusCode(200);
    }

    @Test
    void aNewConversationRingsEveryQueueMemberAndAClaimSilencesIt() {
        Inbox inbox = Inbox.withAgents(2);
        User a = inbox.agent(0);
        User b = inbox.agent(1);
        User outsider = inbox.ws().agent();
        try (LiveClient liveA = LiveClient.connect(base, a.token());
             LiveClient liveB = LiveClient.connect(base, b.token());
             LiveClient liveOut = LiveClient.connect(base, outsider.token())) {
            String id = inbox.inbound("ring ring");
            awaitBell(liveA, 1);
            awaitBell(liveB, 1);
            assertEquals(1, bell(a));
            assertEquals(0, bell(outsider));
            liveOut.assertNoEventBefore("bell.updated", f -> true, Barrier.pass(liveOut, inbox.ws(), outsider));

            a.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            awaitBell(liveA, 0);
            awaitBell(liveB, 0);

            inbox.reply(id, "are you there?");
            awaitBell(liveA, 1);
            assertEquals(0, bell(b));
            flag(a, id, "read");
            awaitBell(liveA, 0);
            assertEquals(0, bell(a));
        }
    }

    @Test
    void hidingAnAlertKeepsTheBellButDropsItFromTheList() {
        Inbox inbox = Inbox.withAgents(1);
        User a = inbox.agent(0);
        String older = inbox.inbound("first");
        String newer = inbox.inbound("second");
        a.api().get("/api/alerts").then().statusCode(200).body("id", contains(newer, older));
        flag(a, older, "hide");
        a.api().get("/api/alerts").then().body("id", contains(newer));
        assertEquals(2, bell(a));
        a.api().post("/api/conversations/" + newer + "/claim").then().statusCode(200);
        a.api().get("/api/alerts").then().body("id", empty());
        inbox.reply(newer, "hello again");
        a.api().get("/api/alerts").then().body("id", contains(newer));
    }

    @Test
    void readStateIsPerAgentAndAssignmentMarksItUnread() {
        Inbox inbox = Inbox.withAgents(2);
        User owner = inbox.agent(0);
        User other = inbox.agent(1);
        String id = inbox.inbound("hello");
        owner.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        inbox.reply(id, "news for you");
        assertEquals(1, bell(owner));
        flag(inbox.supervisor(), id, "read");
        assertEquals(1, bell(owner), "a supervisor reading does not read it for the owner (R15)");
        owner.api().get("/api/conversations/" + id).then().body("unreadCount", greaterThanOrEqualTo(1));
        inbox.supervisor().api().get("/api/conversations/" + id).then().body("unreadCount", equalTo(0));
        flag(owner, id, "read");
        assertEquals(0, bell(owner));
        flag(owner, id, "unread");
        assertEquals(1, bell(owner));
        owner.api().get("/api/conversations/" + id).then().body("unreadCount", greaterThanOrEqualTo(1));
        owner.api().body(Map.of("agentId", other.id())).post("/api/conversations/" + id + "/transfer").then().statusCode(200);
        assertEquals(0, bell(owner));
        assertEquals(1, bell(other), "an assigned conversation is unread for its new owner (R6)");
    }

    @Test
    void aSupervisorMarksItUnreadForTheOwnerAndTheOwnersBellRings() {
        Inbox inbox = Inbox.withAgents(2);
        User owner = inbox.agent(0);
        User colleague = inbox.agent(1);
        String id = inbox.inbound("hello");
        owner.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        assertEquals(0, bell(owner));
        try (LiveClient live = LiveClient.connect(base, owner.token())) {
            inbox.supervisor().api().post("/api/conversations/" + id + "/unread-for-owner").then().statusCode(200)
                    .body("id", equalTo(id));
            awaitBell(live, 1);
        }
        assertEquals(1, bell(owner));
        owner.api().get("/api/conversations/" + id).then().body("unreadCount", greaterThanOrEqualTo(1));
        owner.api().get("/api/conversations/" + id + "/timeline").then().statusCode(200)
                .body("items.find { it.type == 'marked_unread_for_owner' }.actorId", equalTo(inbox.supervisor().id()));

        colleague.api().post("/api/conversations/" + id + "/unread-for-owner").then().statusCode(403);
        owner.api().post("/api/conversations/" + id + "/unread-for-owner").then().statusCode(403);
        inbox.supervisor().api().post("/api/conversations/" + UUID.randomUUID() + "/unread-for-owner").then().statusCode(404);
        Fixtures.workspace().admin().api().post("/api/conversations/" + id + "/unread-for-owner").then().statusCode(404)
                .body("error", equalTo("not_found"));
        String waiting = inbox.inbound("nobody owns me yet");
        inbox.supervisor().api().post("/api/conversations/" + waiting + "/unread-for-owner").then().statusCode(409)
                .body("error", equalTo("not_owned"));
        colleague.api().post("/api/conversations/" + waiting + "/claim").then().statusCode(200);

        flag(owner, id, "mute");
        flag(owner, id, "read");
        inbox.supervisor().api().post("/api/conversations/" + id + "/unread-for-owner").then().statusCode(200);
        assertEquals(0, bell(owner), "a muted conversation does not ring (R16)");
    }

    @Test
    void muteSilencesNewMessagesPinAndArchiveAreTheAgentsOwn() {
        Inbox inbox = Inbox.withAgents(2);
        User owner = inbox.agent(0);
        String id = inbox.inbound("hi");
        owner.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
        flag(owner, id, "mute");
        inbox.reply(id, "muted message");
        assertEquals(0, bell(owner));
        owner.api().get("/api/alerts").then().body("id", empty());
        flag(owner, id, "unmute");
        assertEquals(1, bell(owner), "unmuting brings back what is unread");

        owner.api().post("/api/conversations/" + id + "/pin").then().statusCode(200).body("pinned", equalTo(true));
        owner.api().post("/api/conversations/" + id + "/archive").then().statusCode(200).body("archived", equalTo(true));
        inbox.supervisor().api().get("/api/conversations/" + id).then().body("pinned", equalTo(false)).body("archived", equalTo(false));
        inbox.reply(id, "back from the archive");
        owner.api().get("/api/conversations/" + id).then().body("archived", equalTo(false)).body("pinned", equalTo(true));
        owner.api().post("/api/conversations/" + id + "/unpin").then().statusCode(200).body("pinned", equalTo(false));
        inbox.agent(1).api().post("/api/conversations/" + id + "/pin").then().statusCode(404);
    }

    @Test
    void anAlertOlderThanTheTtlStopsRinging() {
        Inbox inbox = Inbox.withAgents(1);
        User a = inbox.agent(0);
        try (LiveClient live = LiveClient.connect(base, a.token())) {
            String id = inbox.inbound("long ago");
            awaitBell(live, 1);
            String key = Bell.waiting(UUID.fromString(inbox.ws().id()), UUID.fromString(inbox.queueId()));
            String old = String.valueOf(Instant.now().minus(Duration.ofDays(15)).toEpochMilli());
            // Fifteen days passing, for this alert:
            redis.execute("ZADD", key, old, id).await().indefinitely();
            redis.execute("ZADD", Bell.EXPIRING, old, Bell.expiring(UUID.fromString(inbox.ws().id()), UUID.fromString(inbox.queueId()),
                    UUID.fromString(id))).await().indefinitely();
            expiry.sweep().await().indefinitely();
            awaitBell(live, 0);
            a.api().get("/api/alerts").then().body("id", empty());
        }
    }

    @Test
    void pushedBellsMatchTheApiAndARecountFromPostgresAfterRandomOperations() {
        Inbox inbox = Inbox.withAgents(4);
        Random random = new Random(42);
        Map<String, LiveClient> live = new HashMap<>();
        for (User agent : inbox.agents()) {
            live.put(agent.id(), LiveClient.connect(base, agent.token()));
        }
        try {
            List<String> conversations = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                User actor = inbox.agent(random.nextInt(4));
                int op = conversations.isEmpty() ? 0 : random.nextInt(8);
                String target = conversations.isEmpty() ? null : conversations.get(random.nextInt(conversations.size()));
                switch (op) {
                    case 0 -> conversations.add(inbox.inbound("step " + step));
                    case 1 -> actor.api().post("/api/conversations/" + target + "/claim");
                    case 2 -> inbox.reply(target, "more " + step);
                    case 3 -> actor.api().post("/api/conversations/" + target + "/read");
                    case 4 -> actor.api().post("/api/conversations/" + target + "/unread");
                    case 5 -> inbox.supervisor().api().body(Map.of("agentId", actor.id()))
                            .post("/api/conversations/" + target + "/transfer");
                    case 6 -> actor.api().post("/api/conversations/" + target + "/mute");
                    default -> inbox.supervisor().api().post("/api/conversations/" + target + "/close");
                }
            }
            for (User agent : inbox.agents()) {
                long truth = recount(agent);
                assertEquals(truth, bell(agent), "GET /api/bell of " + agent.username());
                LiveClient client = live.get(agent.id());
                await().atMost(Duration.ofSeconds(10)).until(() -> client.bell() == truth || (truth == 0 && client.bell() == -1));
            }
            inbox.ws().admin().api().post("/api/bell/rebuild").then().statusCode(200);
            for (User agent : inbox.agents()) {
                assertEquals(recount(agent), bell(agent), "after a rebuild from PostgreSQL");
            }
        } finally {
            live.values().forEach(LiveClient::close);
        }
    }
}
