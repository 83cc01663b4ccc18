package io.switchboard.wallboard;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.Barrier;
import io.switchboard.support.LiveClient;
import io.switchboard.support.WallboardClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R20, R21: queue figures and presence, live for supervisors and wallboards. */
@QuarkusTest
class WallboardTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void statsCountWaitingActiveAndTodaysWork() {
        Inbox inbox = Inbox.withAgents(2);
        String first = inbox.inbound("one");
        inbox.inbound("two");
        inbox.agent(0).api().post("/api/conversations/" + first + "/claim").then().statusCode(200);
        inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(200)
                .body("queueId", equalTo(inbox.queueId()))
                .body("waiting", equalTo(1))
                .body("active", equalTo(1))
                .body("oldestWaitingSeconds", notNullValue())
                .body("claimedToday", equalTo(1))
                .body("closedToday", equalTo(0))
                .body("medianTimeToClaimSeconds", notNullValue())
                .body("agentsByPresence.READY", equalTo(2));
        inbox.supervisor().api().post("/api/conversations/" + first + "/close").then().statusCode(200);
        inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().body("closedToday", equalTo(1)).body("active", equalTo(0));
    }

    @Test
    void statsAreForSupervisorsOfTheWorkspaceOnly() {
        Inbox inbox = Inbox.withAgents(1);
        inbox.agent(0).api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(403);
        Fixtures.workspace().supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(404);
    }

    @Test
    void wallboardsGetTheFiguresAtOnceThenCoalescedUpdates() {
        Inbox inbox = Inbox.withAgents(1);
        try (WallboardClient board = WallboardClient.connect(base, inbox.supervisor().token(), inbox.queueId())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> board.latestStats() != null);
            assertEquals(0, board.latestStats().getInteger("waiting"));
            for (int i = 0; i < 5; i++) {
                inbox.inbound("burst " + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> board.latestStats().getInteger("waiting") == 5);
            long pushes = board.frames().stream().filter(f -> "queue.stats".equals(f.getString("type"))).count();
            assertTrue(pushes <= 4, "five changes within about a second are coalesced, got " + pushes + " pushes");
            User agent = inbox.agent(0);
            Inbox.presence(agent, "BUSY");
            await().atMost(Duration.ofSeconds(5)).until(() -> board.frames().stream().anyMatch(f -> "agent.presence".equals(f.getString("type"))
                    && agent.id().equals(f.getJsonObject("data").getString("agentId")) && "BUSY".equals(f.getJsonObject("data").getString("status"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> board.latestStats().getJsonObject("agentsByPresence").getInteger("BUSY", 0) == 1);
        }
    }

    @Test
    void anAgentWhoseLastSocketClosesGoesOfflineAfterTheGraceUnlessBack() {
        Inbox inbox = Inbox.withAgents(2);
        User leaving = inbox.agent(0);
        User returning = inbox.agent(1);
        try (LiveClient supervisor = LiveClient.connect(base, inbox.supervisor().token())) {
            LiveClient gone = LiveClient.connect(base, leaving.token());
            LiveClient back = LiveClient.connect(base, returning.token());
            gone.close();
            back.close();
            LiveClient again = LiveClient.connect(base, returning.token());
            JsonObject offline = supervisor.awaitEvent("agent.presence", f -> leaving.id().equals(f.getJsonObject("data").getString("agentId")))
                    .getJsonObject("data");
            assertEquals("OFFLINE", offline.getString("status"));
            leaving.api().get("/api/me").then().body("presence", equalTo("OFFLINE"));
            supervisor.assertNoEventBefore("agent.presence", f -> returning.id().equals(f.getJsonObject("data").getString("agentId")),
                    Barrier.pass(supervisor, inbox.ws(), returning));
            returning.api().get("/api/me").then().body("presence", equalTo("READY"));
            again.close();
        }
    }

    @Test
    void agentsCannotOpenAWallboard() {
        Inbox inbox = Inbox.withAgents(1);
        assertEquals(403, WallboardClient.upgradeStatus(base, inbox.agent(0).token(), inbox.queueId()));
        assertEquals(401, WallboardClient.upgradeStatus(base, "nonsense", inbox.queueId()));
    }
}
