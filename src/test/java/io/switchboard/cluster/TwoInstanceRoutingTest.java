package io.switchboard.cluster;

import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R22, R23 across instances: arrivals split over two services never take an agent past capacity. */
class TwoInstanceRoutingTest extends TwoInstanceTest {

    private static final int ARRIVALS = 200;
    private static final int AGENTS = 10;
    private static final int CAPACITY = 3;

    private static long openOwned(User agent) {
        return Sql.count("select count(*) from conversation where owner_id = ?::uuid and status <> 'CLOSED'", agent.id());
    }

    private static String owner(String conversationId) {
        return Sql.text("select owner_id from conversation where id = ?::uuid", conversationId);
    }

    @Test
    void twoHundredArrivalsIntoALeastBusyQueueOfTenWithCapacityThreeOverTwoInstances() throws Exception {
        Inbox inbox = Inbox.withAgents(AGENTS);
        inbox.ws().admin().api().body(Map.of("mode", "LEAST_BUSY", "maxPerAgent", CAPACITY))
                .put("/api/queues/" + inbox.queueId() + "/routing").then().statusCode(200);
        User goingBusy = inbox.agent(AGENTS - 1);
        AtomicReference<Instant> busyAt = new AtomicReference<>();
        ExecutorService contacts = Executors.newFixedThreadPool(16);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < ARRIVALS; i++) {
            ServiceInstance instance = i % 2 == 0 ? one : two;
            String text = "storm " + i;
            calls.add(() -> given().port(instance.port()).contentType(ContentType.JSON)
                    .body(Webhooks.sms(Fixtures.uniqueNumber(), inbox.senderNumber(), text).encode())
                    .post("/webhooks/vonage/inbound").statusCode());
            if (i == ARRIVALS / 10) {
                // An agent goes BUSY on the other instance while routing hands them conversations.
                calls.add(() -> {
                    int status = given().port(two.port()).auth().oauth2(goingBusy.token()).contentType(ContentType.JSON)
                            .body(Map.of("status", "BUSY")).put("/api/me/presence").statusCode();
                    busyAt.set(Instant.now());
                    return status;
                });
            }
        }
        try {
            for (Future<Integer> answer : contacts.invokeAll(calls)) {
                assertEquals(200, answer.get());
            }
        } finally {
            contacts.shutdown();
        }
        long busyOwns = openOwned(goingBusy);
        long expected = (long) (AGENTS - 1) * CAPACITY + busyOwns;
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count(
                "select count(*) from conversation where workspace_id = ?::uuid and owner_id is not null", inbox.ws().id()) == expected);
        assertEquals(0L, Sql.count("select count(*) from conversation where owner_id = ?::uuid and claimed_at >= ?::timestamptz",
                goingBusy.id(), busyAt.get().toString()), "nothing is routed to an agent once their BUSY committed");
        for (User agent : inbox.agents()) {
            assertTrue(openOwned(agent) <= CAPACITY, "R23: never a fourth to anyone");
        }
        for (User agent : inbox.agents().subList(0, AGENTS - 1)) {
            assertEquals(CAPACITY, openOwned(agent), "every READY agent is filled up to capacity");
        }
        List<String> waiting = Sql.texts("""
                select id from conversation where workspace_id = ?::uuid and owner_id is null and status <> 'CLOSED'
                order by created_at, id""", inbox.ws().id());
        assertEquals(ARRIVALS - expected, waiting.size(), "the rest wait");

        // Agents close on either instance; each close hands out the oldest waiting conversation, in order.
        for (int round = 0; round < 4; round++) {
            User agent = inbox.agent(round);
            ServiceInstance instance = round % 2 == 0 ? one : two;
            String mine = Sql.text("select id from conversation where owner_id = ?::uuid and status <> 'CLOSED' limit 1", agent.id());
            given().port(instance.port()).auth().oauth2(agent.token()).post("/api/conversations/" + mine + "/close")
                    .then().statusCode(200);
            String next = waiting.get(round);
            String younger = waiting.get(round + 1);
            int seen = round;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertNotNull(owner(next),
                    () -> "round " + seen + ": the oldest waiting is still unowned; the next younger one is owned by " + owner(younger)));
            assertEquals(agent.id(), owner(next), "round " + round + ": the oldest waiting goes to the agent who made room");
            assertNull(owner(younger), "and nothing more");
        }
    }
}
