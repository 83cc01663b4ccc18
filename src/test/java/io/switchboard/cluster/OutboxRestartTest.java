package io.switchboard.cluster;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.restassured.RestAssured;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.Inbox;
import io.switchboard.support.ServiceInstance;
import io.switchboard.support.Sql;
import io.switchboard.support.VonageStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R8: messages queued on an instance that dies are delivered by another, each exactly once. */
class OutboxRestartTest {

    static WireMockServer vonage;
    static ServiceInstance crashing;
    static ServiceInstance successor;

    @AfterAll
    static void stopAll() {
        ServiceInstance.closeAll(crashing, successor);
        if (vonage != null) {
            vonage.stop();
        }
    }

    private static String[] vonageProperties() {
        return VonageStub.instanceProperties(vonage, "-Dswitchboard.undo-window=3s");
    }

    private static int sendsOf(String messageId) {
        return vonage.findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.client_ref", WireMock.equalTo(messageId)))).size();
    }

    @Test
    void queuedMessagesSurviveACrashAndAreSentOnce() {
        vonage = VonageStub.startAcceptingEverySend();
        crashing = ServiceInstance.start("outbox-crashing", vonageProperties());
        RestAssured.port = crashing.port();
        Inbox inbox = Inbox.withAgents(1);
        User owner = inbox.agent(0);
        String conversation = inbox.inbound("help");
        owner.api().post("/api/conversations/" + conversation + "/claim").then().statusCode(200);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(owner.api().body(Map.of("text", "reply " + i)).post("/api/conversations/" + conversation + "/messages")
                    .then().statusCode(202).extract().path("id"));
        }
        crashing.kill();
        queued.forEach(id -> assertEquals(0, sendsOf(id), "nothing left before the undo window closed"));
        queued.forEach(id -> assertEquals("QUEUED", Sql.text("select status from message where id = ?::uuid", id)));

        successor = ServiceInstance.start("outbox-successor", vonageProperties());
        await().atMost(Duration.ofSeconds(30)).until(() -> queued.stream().allMatch(id -> sendsOf(id) >= 1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> queued.stream().allMatch(id -> sendsOf(id) == 1));
        queued.forEach(id -> assertEquals("SUBMITTED", Sql.text("select status from message where id = ?::uuid", id)));
    }
}
