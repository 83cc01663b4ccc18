package io.switchboard.cluster;

import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Barrier;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.ViewersAcross;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live loop across two running instances sharing PostgreSQL and Redis. */
class TwoInstanceLiveLoopTest extends TwoInstanceTest {

    private static int post(ServiceInstance instance, JsonObject webhook) {
        return given().port(instance.port()).contentType(ContentType.JSON).body(webhook.encode())
                .post("/webhooks/vonage/inbound").statusCode();
    }

    @Test
    void alertsReachQueueAgentsOnEitherInstance() {
        TestWorkspace ws = Fixtures.workspace();
        User a = ws.agent();
        User b = ws.agent();
        String sender = ws.sender(ws.queue(a, b)).get("number");
        try (LiveClient onOne = LiveClient.connect(one.base(), a.token());
             LiveClient onTwo = LiveClient.connect(two.base(), b.token())) {
            assertEquals(200, post(one, Webhooks.sms(Fixtures.uniqueNumber(), sender, "via one")));
            assertEquals(200, post(two, Webhooks.sms(Fixtures.uniqueNumber(), sender, "via two")));
            for (LiveClient client : List.of(onOne, onTwo)) {
                client.awaitMessage(f -> "via one".equals(f.getJsonObject("data").getString("text")));
                client.awaitMessage(f -> "via two".equals(f.getJsonObject("data").getString("text")));
            }
            assertEquals(onOne.events("conversation.created").size(), 2);
            assertEquals(onTwo.events("conversation.created").size(), 2);
        }
    }

    @Test
    void theSameWebhookOnBothInstancesAtOnceIsStoredAndPushedOnce() throws Exception {
        TestWorkspace ws = Fixtures.workspace();
        User a = ws.agent();
        User b = ws.agent();
        String sender = ws.sender(ws.queue(a, b)).get("number");
        try (LiveClient onOne = LiveClient.connect(one.base(), a.token());
             LiveClient onTwo = LiveClient.connect(two.base(), b.token())) {
            for (int round = 0; round < 5; round++) {
                JsonObject webhook = Webhooks.sms(Fixtures.uniqueNumber(), sender, "twice " + round);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Callable<Integer>> posts = List.of(() -> post(one, webhook), () -> post(two, webhook),
                        () -> post(one, webhook), () -> post(two, webhook));
                for (Future<Integer> status : pool.invokeAll(posts)) {
                    assertEquals(200, status.get());
                }
                pool.shutdown();
                assertEquals(1, Sql.count("select count(*) from message where provider_message_id = ?", webhook.getString("message_uuid")));
            }
            for (LiveClient client : List.of(onOne, onTwo)) {
                client.awaitMessage(f -> "twice 4".equals(f.getJsonObject("data").getString("text")));
                Barrier.pass(client, ws, client == onOne ? a : b);
                assertEquals(5, client.messages().size());
                assertEquals(5, client.events("conversation.created").size());
            }
        }
    }

    @Test
    void whoIsViewingAndTypingCrossesInstances() {
        Inbox inbox = Inbox.withAgents(2);
        String conversation = inbox.inbound("anyone on the other instance?");
        try (LiveClient onOne = LiveClient.connect(one.base(), inbox.agent(0).token());
             LiveClient onTwo = LiveClient.connect(two.base(), inbox.agent(1).token())) {
            ViewersAcross.viewingAndTypingCross(onTwo, inbox.agent(1), onOne, conversation);
        }
    }

    /** #21: both instances' alarms look each second; each snoozed conversation wakes once, told once. */
    @Test
    void eachSnoozedConversationWakesOnceWhileBothInstancesWatch() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = inbox.inbound("later please " + i);
            agent.api().post("/api/conversations/" + id + "/claim").then().statusCode(200);
            ids.add(id);
        }
        // Far enough ahead that the last of the 20 requests still names a future time on a slow box
        // (3 s was not: CI saw a 400 "until must be in the future").
        String until = java.time.Instant.now().plusSeconds(10).toString();
        try (LiveClient live = LiveClient.connect(two.base(), agent.token())) {
            for (int i = 0; i < ids.size(); i++) {
                ServiceInstance instance = i % 2 == 0 ? one : two;
                given().port(instance.port()).auth().oauth2(agent.token()).contentType(ContentType.JSON)
                        .body(java.util.Map.of("until", until)).post("/api/conversations/" + ids.get(i) + "/snooze")
                        .then().statusCode(200);
            }
            // Each wake's event is appended after its commit: wait for the events themselves, then the barrier.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(25)).until(() -> live.events("conversation.unsnoozed")
                    .stream().map(f -> f.getJsonObject("data").getString("conversationId")).collect(java.util.stream.Collectors.toSet())
                    .containsAll(ids));
            assertEquals(0L, Sql.count("select count(*) from conversation where workspace_id = ?::uuid and snoozed", inbox.ws().id()));
            JsonObject barrier = Barrier.pass(live, inbox.ws(), agent);
            List<String> woke = live.frames().subList(0, live.frames().indexOf(barrier)).stream()
                    .filter(f -> "conversation.unsnoozed".equals(f.getString("type")))
                    .map(f -> f.getJsonObject("data").getString("conversationId")).sorted().toList();
            assertEquals(ids.stream().sorted().toList(), woke, "every one told once");
        }
        assertEquals(20L, Sql.count("""
                select count(*) from timeline_event t join conversation c on c.id = t.conversation_id
                where c.workspace_id = ?::uuid and t.kind = 'unsnoozed'""", inbox.ws().id()));
        agent.api().get("/api/bell").then().statusCode(200).body("count", org.hamcrest.Matchers.equalTo(20));
    }
}
