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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R4 across instances: claims split over two running services still have exactly one winner. */
class TwoInstanceClaimTest extends TwoInstanceTest {

    private static Response claim(ServiceInstance instance, User agent, String conversationId) {
        return given().port(instance.port()).auth().oauth2(agent.token())
                .post("/api/conversations/" + conversationId + "/claim");
    }

    @Test
    void claimsSplitAcrossTwoInstancesHaveExactlyOneWinner() throws Exception {
        Inbox inbox = Inbox.withAgents(10);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (LiveClient watcherOnTwo = LiveClient.connect(two.base(), inbox.agent(9).token())) {
            for (int round = 0; round < 10; round++) {
                String id = inbox.inbound("split " + round);
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    ServiceInstance instance = i % 2 == 0 ? one : two;
                    User agent = inbox.agent(i % 10);
                    calls.add(() -> claim(instance, agent, id));
                }
                List<String> winners = new ArrayList<>();
                for (Future<Response> f : pool.invokeAll(calls)) {
                    Response r = f.get();
                    if (r.statusCode() == 200) {
                        winners.add(r.path("ownerId"));
                    } else {
                        assertEquals(409, r.statusCode());
                    }
                }
                assertEquals(1, winners.stream().distinct().count(), "one owner in round " + round);
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
