package io.switchboard.cluster;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.RestAssured;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.switchboard.support.VonageStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every send leaves as it falls due, not at the outbox's next poll: the agent's reply once its undo
 * window (R11) has passed, and the automatic ones (R26's waiting reply, #21's survey) at once. The
 * instance polls once an hour, so only the wake-up of the instance that queued them can send them.
 */
class DeliveryWakeTest {

    private static final Duration WELL_BEFORE_ANY_POLL = Duration.ofSeconds(8);

    static WireMockServer vonage;
    static ServiceInstance instance;

    @BeforeAll
    static void start() {
        vonage = VonageStub.startAcceptingEverySend();
        instance = ServiceInstance.start("delivery-wake", VonageStub.instanceProperties(vonage,
                "-Dswitchboard.delivery.poll-interval=1h",
                "-Dswitchboard.undo-window=1s"));
        RestAssured.port = instance.port();
    }

    @AfterAll
    static void stop() {
        ServiceInstance.closeAll(instance);
        vonage.stop();
    }

    private static String status(String messageId) {
        return Sql.text("select status from message where id = ?::uuid", messageId);
    }

    private static void awaitSubmitted(String messageId) {
        await().atMost(WELL_BEFORE_ANY_POLL).until(() -> "SUBMITTED".equals(status(messageId)));
    }

    /** The automatic message in the conversation other than {@code besides}. */
    private static String automaticIn(String conversationId, String besides) {
        return Sql.text("select id from message where conversation_id = ?::uuid and direction = 'OUT' and author_id is null "
                + "and id <> ?::uuid", conversationId, besides);
    }

    @Test
    void theWaitingReplyTheAgentsReplyAndTheSurveyEachLeaveAsTheyFallDue() {
        Inbox inbox = Inbox.withAgents(1);
        User agent = inbox.agent(0);
        String senderId = Sql.text("select id from sender where number = ?", inbox.senderNumber());
        inbox.ws().admin().api().body(Map.of("waitingReply", "You are number {position} in line."))
                .put("/api/senders/" + senderId).then().statusCode(200);
        inbox.ws().admin().api().body(Map.of("enabled", true)).put("/api/queues/" + inbox.queueId() + "/survey")
                .then().statusCode(200);

        String conversation = inbox.inbound("hello?");
        String waitingReply = automaticIn(conversation, "00000000-0000-0000-0000-000000000000");
        awaitSubmitted(waitingReply);

        agent.api().post("/api/conversations/" + conversation + "/claim").then().statusCode(200);
        String reply = agent.api().body(Map.of("text", "On it.")).post("/api/conversations/" + conversation + "/messages")
                .then().statusCode(202).extract().path("id");
        assertEquals("QUEUED", status(reply), "held for its undo window");
        awaitSubmitted(reply);

        agent.api().post("/api/conversations/" + conversation + "/close").then().statusCode(200);
        awaitSubmitted(automaticIn(conversation, waitingReply));
    }
}
