package io.switchboard.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claims ask Redis on their event loop's own connection; one that Redis drops is made again,
 * and claims keep their answers meanwhile (R4, R5: the loser is told the owner).
 */
@QuarkusTest
class EventLoopRedisTest {

    @Inject
    EventLoopRedis loopRedis;

    @Inject
    ReactiveRedisDataSource redis;

    private static Response claim(User agent, String conversationId) {
        return agent.api().post("/api/conversations/" + conversationId + "/claim");
    }

    /** Kills only this instance's event-loop connections (by their name), never anyone else's. */
    private int killLoopConnections() {
        String clients = redis.execute("CLIENT", "LIST").await().atMost(Duration.ofSeconds(5)).toString();
        List<String> ids = new ArrayList<>();
        for (String line : clients.split("\n")) {
            if (line.contains(" name=" + loopRedis.clientName() + " ")) {
                ids.add(line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id="))));
            }
        }
        ids.forEach(id -> redis.execute("CLIENT", "KILL", "ID", id).await().atMost(Duration.ofSeconds(5)));
        return ids.size();
    }

    @Test
    void claimsAreAnsweredOnTheLoopsConnectionAndAfterRedisDroppedIt() {
        Inbox inbox = Inbox.withAgents(2);
        User owner = inbox.agent(0);
        User other = inbox.agent(1);
        String conversation = inbox.inbound("claimed once");
        claim(owner, conversation).then().statusCode(200);

        // The first claims on a loop go through the pool while its connection is made.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            claim(other, conversation).then().statusCode(409);
            return loopRedis.connected() > 0;
        });
        int killed = killLoopConnections();
        assertTrue(killed > 0, "the event loops' connections are named in Redis");

        int unavailable = 0;
        for (int i = 0; i < 20; i++) {
            Response answer = claim(other, conversation);
            if (answer.statusCode() == 503) {
                unavailable++;
                continue;
            }
            assertEquals(409, answer.statusCode(), answer.asString());
            assertEquals(owner.id(), answer.path("ownerId"));
        }
        assertTrue(unavailable <= killed, "at most a call per dropped connection fails, and it says so (503): " + unavailable);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            claim(other, conversation).then().statusCode(409);
            return loopRedis.connected() > 0;
        });
        String second = inbox.inbound("claimed after the drop");
        claim(other, second).then().statusCode(200);
        claim(owner, second).then().statusCode(409);
    }
}
