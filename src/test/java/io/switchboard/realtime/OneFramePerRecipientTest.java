package io.switchboard.realtime;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Barrier;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * API.md "Version 2": one change, one frame per recipient. conversation.created carries its first
 * message; any event carries the recipient's new bell; bell.updated only goes to agents whose bell
 * moved without the event being for them (under the event's id), and on resume the same frames come back.
 */
@QuarkusTest
class OneFramePerRecipientTest {

    @TestHTTPResource("/")
    URI base;

    /** The frames of the client up to (not including) the barrier, without the barrier's own kind. */
    private static List<JsonObject> before(LiveClient client, JsonObject barrier) {
        List<JsonObject> frames = client.frames();
        return frames.subList(0, frames.indexOf(barrier));
    }

    private static List<String> types(List<JsonObject> frames) {
        return frames.stream().map(f -> f.getString("type")).toList();
    }

    @Test
    void aNewConversationIsOneFrameWithItsMessageAndEachMembersBell() {
        Inbox inbox = Inbox.withAgents(2);
        User member = inbox.agent(0);
        try (LiveClient agent = LiveClient.connect(base, member.token());
             LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            String resumeFrom = Barrier.pass(agent, inbox.ws(), member).getString("id");
            String id = inbox.inbound("hello, one frame");

            JsonObject created = agent.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            JsonObject data = created.getJsonObject("data");
            assertEquals("hello, one frame", data.getJsonObject("message").getString("text"));
            assertEquals(id, data.getJsonObject("message").getString("conversationId"));
            assertEquals(1, data.getInteger("bell"), "the member's new bell count rides on the event");
            List<JsonObject> agentFrames = before(agent, Barrier.pass(agent, inbox.ws(), member));
            assertEquals(List.of("queue.members_changed", "conversation.created"), types(agentFrames), "one frame for one change");

            JsonObject seen = supervisor.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            assertEquals("hello, one frame", seen.getJsonObject("data").getJsonObject("message").getString("text"));
            assertFalse(seen.getJsonObject("data").containsKey("bell"), "a supervisor outside the queue has no bell that moved");

            // Resume replays exactly what the live client received.
            try (LiveClient resumed = LiveClient.connect(base, member.token(), resumeFrom)) {
                JsonObject replayed = resumed.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
                assertEquals(created, replayed);
            }
        }
    }

    @Test
    void aClaimTellsTheQueueOnceWithTheirBells() {
        Inbox inbox = Inbox.withAgents(2);
        User winner = inbox.agent(0);
        User other = inbox.agent(1);
        String id = inbox.inbound("claim me");
        try (LiveClient winnerLive = LiveClient.connect(base, winner.token());
             LiveClient otherLive = LiveClient.connect(base, other.token())) {
            winner.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            for (LiveClient live : List.of(winnerLive, otherLive)) {
                JsonObject claimed = live.awaitEvent("conversation.claimed");
                assertEquals(0, claimed.getJsonObject("data").getInteger("bell"));
            }
            List<JsonObject> frames = before(otherLive, Barrier.pass(otherLive, inbox.ws(), other));
            assertEquals(List.of("conversation.claimed"), types(frames), "no bell.updated of its own");
        }
    }

    @Test
    void aWaitingConversationAssignedToOneAgentLeavesTheOthersAlertsInTheSameFrameAsTheirBell() {
        Inbox inbox = Inbox.withAgents(2);
        User assignee = inbox.agent(0);
        User bystander = inbox.agent(1);
        String id = inbox.inbound("assign me");
        try (LiveClient assigneeLive = LiveClient.connect(base, assignee.token());
             LiveClient bystanderLive = LiveClient.connect(base, bystander.token())) {
            inbox.supervisor().api().body(Map.of("agentId", assignee.id()))
                    .post("/api/conversations/" + id + "/transfer").then().statusCode(200);

            JsonObject assigned = assigneeLive.awaitEvent("conversation.assigned");
            assertFalse(assigned.getJsonObject("data").containsKey("bell"), "waiting, then assigned unread: the assignee's bell stays at one");
            assertEquals(1, assignee.api().get("/api/bell").then().statusCode(200).extract().<Integer>path("count"));
            JsonObject seen = bystanderLive.awaitEvent("conversation.assigned");
            assertEquals(0, seen.getJsonObject("data").getInteger("bell"), "it no longer waits in the bystander's queue");
            List<JsonObject> frames = before(bystanderLive, Barrier.pass(bystanderLive, inbox.ws(), bystander));
            assertEquals(List.of("conversation.assigned"), types(frames), "its alert goes with the bell, in one frame");
        }
    }

    @Test
    void anAgentWhoseBellMovedButMayNotSeeTheEventGetsOnlyTheBellUnderItsId() {
        Inbox inbox = Inbox.withAgents(2);
        User bystander = inbox.agent(1);
        String otherQueue = inbox.ws().queue(inbox.agent(0));
        String id = inbox.inbound("move me");
        try (LiveClient bystanderLive = LiveClient.connect(base, bystander.token());
             LiveClient supervisorLive = LiveClient.connect(base, inbox.supervisor().token())) {
            inbox.supervisor().api().body(Map.of("queueId", otherQueue))
                    .post("/api/conversations/" + id + "/transfer").then().statusCode(200);

            JsonObject assigned = supervisorLive.awaitEvent("conversation.assigned");
            JsonObject bell = bystanderLive.awaitEvent("bell.updated");
            assertEquals(0, bell.getJsonObject("data").getInteger("count"), "it no longer waits in the bystander's queue");
            assertEquals(assigned.getString("id"), bell.getString("id"), "the same change, the same id");
            List<JsonObject> frames = before(bystanderLive, Barrier.pass(bystanderLive, inbox.ws(), bystander));
            assertEquals(List.of("bell.updated"), types(frames), "a move to a queue they are not in is not theirs to see");
        }
    }

    /** A supervisor in the queue is named twice by a queue's audience (member, supervisor) and its bell moves: still one frame. */
    @Test
    void aSupervisorWhoIsAlsoAQueueMemberGetsEachChangeOnce() {
        Inbox inbox = Inbox.withAgents(1);
        User supervisor = inbox.supervisor();
        inbox.ws().admin().api().body(Map.of("agentIds", List.of(inbox.agent(0).id(), supervisor.id())))
                .put("/api/queues/" + inbox.queueId() + "/members").then().statusCode(200);
        try (LiveClient live = LiveClient.connect(base, supervisor.token())) {
            String id = inbox.inbound("seen once");
            live.awaitEvent("conversation.created", f -> id.equals(f.getJsonObject("data").getString("id")));
            inbox.agent(0).api().post("/api/conversations/" + id + "/claim").then().statusCode(200);

            List<JsonObject> aboutIt = before(live, Barrier.pass(live, inbox.ws(), supervisor)).stream()
                    .filter(f -> id.equals(f.getJsonObject("data").getString("id", f.getJsonObject("data").getString("conversationId"))))
                    .toList();
            assertEquals(List.of("conversation.created", "conversation.claimed"), types(aboutIt));
            assertEquals(1, aboutIt.get(0).getJsonObject("data").getInteger("bell"), "the member's bell rides on the one frame");
        }
    }
}
