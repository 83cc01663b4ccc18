package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.switchboard.support.Inbox;
import io.switchboard.support.LiveClient;
import io.switchboard.support.Sql;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * R5, R21 when an instance dies: its sockets stop counting once its heartbeat lapses, so an agent
 * whose only socket was there turns OFFLINE and can no longer claim; an agent connected to the
 * surviving instance stays READY.
 */
class InstanceCrashPresenceTest extends TwoInstanceTest {

    @Test
    void anAgentWhoseInstanceWasKilledTurnsOfflineAndCannotClaim() {
        Inbox inbox = Inbox.withAgents(2);
        String conversation = inbox.inbound("anyone there?");
        LiveClient onDoomed = LiveClient.connect(one.base(), inbox.agent(0).token());
        try (LiveClient onSurvivor = LiveClient.connect(two.base(), inbox.agent(1).token())) {
            one.kill();
            RestAssured.port = two.port();
            // Heartbeat 1 s in the test profile: reaped after about three beats, then OFFLINE (the bound
            // allows for a machine busy with the other fork's instances and browsers).
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "OFFLINE".equals(Sql.text("select presence from agent where id = ?::uuid", inbox.agent(0).id())));
            given().auth().oauth2(inbox.agent(0).token()).post("/api/conversations/" + conversation + "/claim")
                    .then().statusCode(409).body("error", equalTo("not_accepting"));
            assertEquals("READY", Sql.text("select presence from agent where id = ?::uuid", inbox.agent(1).id()),
                    "the agent connected to the surviving instance keeps counting");
            given().auth().oauth2(inbox.agent(1).token()).post("/api/conversations/" + conversation + "/claim")
                    .then().statusCode(200).body("ownerId", equalTo(inbox.agent(1).id()));
            onSurvivor.awaitEvent("conversation.claimed");
        } finally {
            onDoomed.close();
        }
    }
}
