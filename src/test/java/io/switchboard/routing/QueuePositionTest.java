package io.switchboard.routing;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Inbox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** R26: a waiting conversation knows its place in line and an estimated wait, and both follow the queue. */
@QuarkusTest
class QueuePositionTest {

    @Test
    void waitingConversationsAreNumberedInArrivalOrderAndMoveUpAsTheQueueMoves() {
        Inbox inbox = Inbox.withAgents(2);
        List<String> ids = List.of(inbox.inbound("first"), inbox.inbound("second"), inbox.inbound("third"));
        for (int i = 0; i < ids.size(); i++) {
            inbox.agent(0).api().get("/api/conversations/" + ids.get(i)).then().statusCode(200)
                    .body("queuePosition", equalTo(i + 1))
                    .body("estimatedWaitSeconds", nullValue());
        }
        inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(200)
                .body("estimatedWaitSeconds", nullValue());

        inbox.agent(0).api().post("/api/conversations/" + ids.get(0) + "/claim").then().statusCode(200)
                .body("queuePosition", nullValue());
        // One taken in the last 30 minutes and two agents accepting: 1,800 s per place in line.
        inbox.agent(1).api().get("/api/conversations/" + ids.get(1)).then().statusCode(200)
                .body("queuePosition", equalTo(1))
                .body("estimatedWaitSeconds", equalTo(1800));
        inbox.agent(1).api().get("/api/conversations/" + ids.get(2)).then().statusCode(200)
                .body("queuePosition", equalTo(2))
                .body("estimatedWaitSeconds", equalTo(3600));
        inbox.agent(1).api().get("/api/conversations?view=queue").then().statusCode(200)
                .body("items.find { it.id == '" + ids.get(2) + "' }.queuePosition", equalTo(2));
        inbox.supervisor().api().get("/api/queues/" + inbox.queueId() + "/stats").then().statusCode(200)
                .body("estimatedWaitSeconds", equalTo(3 * 1800));

        // Nobody accepting new conversations: the wait cannot be told.
        Inbox.presence(inbox.agent(0), "BUSY");
        Inbox.presence(inbox.agent(1), "BUSY");
        inbox.agent(1).api().get("/api/conversations/" + ids.get(1)).then().statusCode(200)
                .body("queuePosition", equalTo(1))
                .body("estimatedWaitSeconds", nullValue());
        inbox.supervisor().api().post("/api/conversations/" + ids.get(1) + "/close").then().statusCode(200);
        inbox.agent(1).api().get("/api/conversations/" + ids.get(2)).then().statusCode(200)
                .body("queuePosition", equalTo(1));
    }
}
