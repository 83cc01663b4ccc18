package io.switchboard.realtime;

import io.switchboard.events.LiveEvent;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.EventStream;
import io.switchboard.events.StreamId;
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
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /ws/inbox contract: authentication, ping, resume without gap or duplicate, resync, slow clients. */
@QuarkusTest
class InboxStreamTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    EventPublisher publisher;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void upgradeIsRefusedWithoutAValidToken() {
        assertEquals(401, LiveClient.upgradeStatus(base, null));
        assertEquals(401, LiveClient.upgradeStatus(base, "garbage"));
        String token = Fixtures.workspace().agent().token();
        assertEquals(401, LiveClient.upgradeStatus(base, token.substring(0, token.length() - 4) + "AAAA"));
        assertEquals(101, LiveClient.upgradeStatus(base, token));
    }

    @Test
    void browsersAuthenticateThroughTheSubprotocolHeaderWithNoTokenInTheUrl() {
        String token = Fixtures.workspace().agent().token();
        assertEquals("bearer-token-carrier", LiveClient.connectWithSubprotocolToken(base, token),
                "the server agrees to the carrier protocol and the session answers a ping");
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> LiveClient.connectWithSubprotocolToken(base, token.substring(0, token.length() - 4) + "AAAA"));
        assertTrue(String.valueOf(refused.getCause()).contains("401"), String.valueOf(refused.getCause()));
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (LiveClient live = LiveClient.connect(base, Fixtures.workspace().agent().token())) {
            live.send(new JsonObject().put("type", "ping"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !live.events("pong").isEmpty());
        }
    }

    @Test
    void presenceFrameActsAsThePresenceCallAndReachesSupervisors() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        try (LiveClient supervisor = LiveClient.connect(base, ws.supervisor().token());
             LiveClient live = LiveClient.connect(base, agent.token())) {
            live.send(new JsonObject().put("type", "presence").put("status", "READY"));
            JsonObject presence = supervisor.awaitEvent("agent.presence", f -> agent.id().equals(f.getJsonObject("data").getString("agentId")));
            assertEquals("READY", presence.getJsonObject("data").getString("status"));
            agent.api().get("/api/me").then().body("presence", org.hamcrest.Matchers.equalTo("READY"));
            live.assertNoEventBefore("agent.presence", f -> true, Barrier.pass(live, ws, agent));
        }
    }

    @Test
    void aPresenceThatChangesNothingPublishesNothing() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        try (LiveClient supervisor = LiveClient.connect(base, ws.supervisor().token())) {
            for (int i = 0; i < 20; i++) {
                io.switchboard.support.Inbox.presence(agent, "READY");
            }
            io.switchboard.support.Inbox.presence(agent, "BUSY");
            // The stream is ordered: once BUSY arrived, every READY before it has arrived too.
            supervisor.awaitEvent("agent.presence", f -> "BUSY".equals(f.getJsonObject("data").getString("status")));
            assertEquals(List.of("READY", "BUSY"), supervisor.events("agent.presence").stream()
                    .map(f -> f.getJsonObject("data").getString("status")).toList());
        }
    }

    @Test
    void aClientFloodingFramesIsClosedWithAPolicyViolation() {
        User agent = Fixtures.workspace().agent();
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            for (int i = 0; i < 100 && !live.isClosed(); i++) {
                live.send(new JsonObject().put("type", "ping"));
            }
            await().atMost(Duration.ofSeconds(5)).until(live::isClosed);
            assertEquals((short) 1008, live.closeCode());
        }
    }

    @Test
    void anOversizedClientFrameClosesTheSocketWith1009() {
        User agent = Fixtures.workspace().agent();
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            live.send(new JsonObject().put("type", "ping").put("padding", "x".repeat(100_000)));
            await().atMost(Duration.ofSeconds(5)).until(live::isClosed);
            assertEquals((short) 1009, live.closeCode());
        }
    }

    @Test
    void oneUserMayHoldAtMostTwentySockets() {
        User agent = Fixtures.workspace().agent();
        List<LiveClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(LiveClient.connect(base, agent.token()));
            }
            LiveClient refused = LiveClient.connectRaw(base, agent.token());
            await().atMost(Duration.ofSeconds(5)).until(refused::isClosed);
            assertEquals((short) 1008, refused.closeCode());
            refused.close();
            open.remove(0).close();
            // A socket closed frees its place.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                LiveClient again = LiveClient.connect(base, agent.token());
                open.add(again);
            });
        } finally {
            open.forEach(LiveClient::close);
        }
    }

    @Test
    void resumeDeliversEveryMissedEventInOrderOnceThenLiveOnes() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String sender = ws.sender(ws.queue(agent)).get("number");
        String lastSeen;
        try (LiveClient first = LiveClient.connect(base, agent.token())) {
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "before")).then().statusCode(200);
            first.awaitMessage();
            lastSeen = first.lastEventId();
        }
        for (int i = 0; i < 5; i++) {
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "missed " + i)).then().statusCode(200);
        }
        try (LiveClient resumed = LiveClient.connect(base, agent.token(), lastSeen)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.messages().size() == 5);
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "live")).then().statusCode(200);
            resumed.awaitMessage(f -> "live".equals(f.getJsonObject("data").getString("text")));
            List<String> texts = resumed.messages().stream().map(f -> f.getJsonObject("data").getString("text")).toList();
            assertEquals(List.of("missed 0", "missed 1", "missed 2", "missed 3", "missed 4", "live"), texts);
            List<String> ids = resumed.frames().stream().map(f -> f.getString("id")).toList();
            assertEquals(ids.stream().distinct().count(), ids.size(), "no duplicates");
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(StreamId.of(ids.get(i)).isAfter(StreamId.of(ids.get(i - 1))), "ids grow: " + ids);
            }
            assertTrue(StreamId.of(ids.get(0)).isAfter(StreamId.of(lastSeen)));
        }
    }

    @Test
    void anIdOlderThanTheStreamKeepsAsksForResync() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String sender = ws.sender(ws.queue(agent)).get("number");
        String oldest;
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "old")).then().statusCode(200);
            live.awaitMessage();
            oldest = live.frames().get(0).getString("id");
        }
        Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "newer")).then().statusCode(200);
        // Trimming stands in for the retention limit passing the client's last id.
        redis.execute("XTRIM", EventStream.key(UUID.fromString(ws.id())), "MAXLEN", "1").await().indefinitely();
        try (LiveClient resumed = LiveClient.connect(base, agent.token(), oldest)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !resumed.frames().isEmpty());
            assertEquals("resync.required", resumed.frames().get(0).getString("type"));
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "after resync")).then().statusCode(200);
            resumed.awaitMessage(f -> "after resync".equals(f.getJsonObject("data").getString("text")));
        }
    }

    @Test
    void aStreamLostAndCreatedAnewForcesResyncInsteadOfSkippingWhatWasLost() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String sender = ws.sender(ws.queue(agent)).get("number");
        String lastSeen;
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "seen")).then().statusCode(200);
            live.awaitMessage();
            lastSeen = live.lastEventId();
        }
        Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "lost with the stream")).then().statusCode(200);
        redis.execute("DEL", EventStream.key(UUID.fromString(ws.id()))).await().indefinitely();
        Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), sender, "in the new stream")).then().statusCode(200);
        try (LiveClient resumed = LiveClient.connect(base, agent.token(), lastSeen)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !resumed.frames().isEmpty());
            assertEquals("resync.required", resumed.frames().get(0).getString("type"),
                    "the new stream cannot prove nothing was lost after " + lastSeen + ": " + resumed.frames());
            resumed.assertNoMessageBefore(f -> true, Barrier.pass(resumed, ws, agent));
        }
    }

    @Test
    void aReplayShowsOnlyWhatTheAgentWasEntitledToWhenEachEventHappened() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        User colleague = ws.agent();
        String support = ws.queue(agent);
        String billing = ws.queue(colleague);
        String supportSender = ws.sender(support).get("number");
        String billingSender = ws.sender(billing).get("number");
        io.switchboard.support.Inbox.ready(colleague);
        String lastSeen;
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), supportSender, "mine to see")).then().statusCode(200);
            live.awaitMessage();
            lastSeen = live.lastEventId();
        }
        String secretFrom = Fixtures.uniqueNumber();
        Webhooks.post(Webhooks.sms(secretFrom, billingSender, "card ending 4242")).then().statusCode(200);
        String secret = Sql.text("select c.id from conversation c join contact k on k.id = c.contact_id where k.number = ?", secretFrom);
        colleague.api().post("/api/conversations/" + secret + "/claim").then().statusCode(200);
        ws.admin().api().body(java.util.Map.of("agentIds", List.of(colleague.id(), agent.id())))
                .put("/api/queues/" + billing + "/members").then().statusCode(200);
        Webhooks.post(Webhooks.sms(Fixtures.uniqueNumber(), billingSender, "after joining")).then().statusCode(200);

        try (LiveClient resumed = LiveClient.connect(base, agent.token(), lastSeen)) {
            resumed.awaitMessage(f -> "after joining".equals(f.getJsonObject("data").getString("text")));
            resumed.awaitEvent("queue.members_changed");
            assertTrue(resumed.frames().stream().noneMatch(f -> f.encode().contains("4242") || f.encode().contains(secret)
                            || f.encode().contains(secretFrom)),
                    "nothing of a conversation the agent could not see then: " + resumed.frames());
        }
        agent.api().get("/api/conversations/" + secret).then().statusCode(404);
    }

    @Test
    void aClientThatCannotKeepUpIsClosedResumablyAndLosesNothing() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        UUID workspaceId = UUID.fromString(ws.id());
        Audience toAgent = Audience.agent(UUID.fromString(agent.id()));
        String filler = "x".repeat(4000);
        int total = 3000;
        LiveClient slow = LiveClient.connectSmallBuffer(base, agent.token());
        LiveClient fast = LiveClient.connect(base, agent.token());
        slow.pause();
        for (int i = 0; i < total; i++) {
            publisher.broadcast(new Filler(workspaceId, Map.of("n", i, "filler", filler), toAgent)).await().indefinitely();
        }
        // The fast session of the same agent gets everything while the slow one stalls: it is not held back.
        await().atMost(Duration.ofSeconds(10)).until(() -> numbers(fast).size() == total);
        assertEquals(java.util.stream.IntStream.range(0, total).boxed().toList(), numbers(fast));
        assertTrue(!fast.isClosed());
        fast.close();
        slow.resume();
        await().atMost(Duration.ofSeconds(20)).until(slow::isClosed);
        assertEquals((short) InboxSession.CLOSE_TOO_SLOW, slow.closeCode());
        List<Integer> before = numbers(slow);
        assertTrue(before.size() < total, "closed before it had everything: " + before.size());
        try (LiveClient resumed = LiveClient.connect(base, agent.token(), slow.lastEventId())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> before.size() + numbers(resumed).size() >= total);
            List<Integer> all = new java.util.ArrayList<>(before);
            all.addAll(numbers(resumed));
            assertEquals(java.util.stream.IntStream.range(0, total).boxed().toList(), all);
        }
    }

    /** A bulky event of the test's own, appended straight to the stream. */
    private record Filler(UUID workspaceId, Object data, Audience audience) implements LiveEvent {
        public String type() {
            return "test.filler";
        }
    }

    private static List<Integer> numbers(LiveClient client) {
        return client.events("test.filler").stream().map(f -> f.getJsonObject("data").getInteger("n")).toList();
    }

    @Test
    void connectionsAndPushLatencyAreMetrics() {
        io.switchboard.support.Inbox inbox = io.switchboard.support.Inbox.withAgents(1);
        double pushed = metric("switchboard_events_push_latency_seconds_count");
        double open;
        try (LiveClient first = LiveClient.connect(base, inbox.agent(0).token());
             LiveClient second = LiveClient.connect(base, inbox.agent(0).token())) {
            open = metric("switchboard_websocket_connections");
            assertTrue(open >= 2, "both open sockets count: " + open);
            inbox.inbound("counted");
            first.awaitMessage();
            second.awaitMessage();
            // One per event handed to this instance's sockets: conversation.created (with its message and the bell).
            await().atMost(Duration.ofSeconds(5)).until(() -> metric("switchboard_events_push_latency_seconds_count") >= pushed + 1);
        }
        // Sockets of earlier tests may still be closing: the count drops by at least these two.
        await().atMost(Duration.ofSeconds(5)).until(() -> metric("switchboard_websocket_connections") <= open - 2);
    }

    /** One series of the Prometheus scrape, summed over its labels. */
    private static double metric(String name) {
        double sum = 0;
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
