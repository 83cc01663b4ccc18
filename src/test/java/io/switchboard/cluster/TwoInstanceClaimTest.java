package io.switchboard.cluster;

import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R4, R5 across instances: claims split over two running services, eligible or not, still have exactly one eligible winner. */
class TwoInstanceClaimTest extends TwoInstanceTest {

    private static Response claim(ServiceInstance instance, User agent, String conversationId) {
        return given().port(instance.port()).auth().oauth2(agent.token())
                .post("/api/conversations/" + conversationId + "/claim");
    }

    @Test
    void claimsSplitAcrossTwoInstancesHaveExactlyOneEligibleWinner() throws Exception {
        Inbox inbox = Inbox.withAgents(10);
        // Two members BUSY and two READY agents outside the queue race the eight READY members.
        Inbox.presence(inbox.agent(8), "BUSY");
        Inbox.presence(inbox.agent(9), "BUSY");
        List<User> outsiders = List.of(inbox.ws().agent(), inbox.ws().agent());
        outsiders.forEach(Inbox::ready);
        Set<String> eligible = new HashSet<>();
        inbox.agents().subList(0, 8).forEach(agent -> eligible.add(agent.id()));
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try (LiveClient watcherOnTwo = LiveClient.connect(two.base(), inbox.agent(7).token())) {
            for (int round = 0; round < 10; round++) {
                String id = inbox.inbound("split " + round);
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    ServiceInstance instance = i % 2 == 0 ? one : two;
                    User caller = i < 20 ? inbox.agent(i % 10) : outsiders.get(i % 2);
                    calls.add(() -> claim(instance, caller, id));
                }
                List<String> winners = new ArrayList<>();
                List<Future<Response>> answers = pool.invokeAll(calls);
                for (int i = 0; i < answers.size(); i++) {
                    Response r = answers.get(i).get();
                    if (r.statusCode() == 200) {
                        winners.add(r.path("ownerId"));
                    } else if (i >= 20) {
                        assertEquals(404, r.statusCode(), "an outsider sees nothing: " + r.asString());
                    } else {
                        assertEquals(409, r.statusCode(), r.asString());
                    }
                }
                assertEquals(1, winners.stream().distinct().count(), "one owner in round " + round);
                assertTrue(eligible.contains(winners.get(0)), "the owner is a READY member");
                assertEquals(winners.get(0), Sql.text("select owner_id from conversation where id = ?::uuid", id));
                JsonObject claimed = watcherOnTwo.awaitEvent("conversation.claimed",
                        f -> id.equals(f.getJsonObject("data").getString("conversationId"))).getJsonObject("data");
                assertEquals(winners.get(0), claimed.getString("ownerId"));
            }
        } finally {
            pool.shutdown();
        }
    }
}
