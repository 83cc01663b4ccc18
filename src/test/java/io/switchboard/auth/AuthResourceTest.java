package io.switchboard.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AuthResourceTest {

    @Test
    void shouldIssueTokenCarryingTheAgent() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", agent.username().toUpperCase(), "password", agent.password()))
                .post("/api/auth/token")
                .then().statusCode(200)
                .body("accessToken", notNullValue())
                .body("expiresIn", greaterThan(0))
                .body("agent.id", equalTo(agent.id()))
                .body("agent.role", equalTo("AGENT"))
                .body("agent.workspaceId", equalTo(ws.id()));
    }

    @Test
    void shouldRejectWrongPasswordAndUnknownUser() {
        User agent = Fixtures.workspace().agent();
        given().contentType(ContentType.JSON).body(Map.of("username", agent.username(), "password", "wrong-password"))
                .post("/api/auth/token")
                .then().statusCode(401).body("error", equalTo("invalid_credentials"));
        given().contentType(ContentType.JSON).body(Map.of("username", "nobody-" + agent.username(), "password", "whatever"))
                .post("/api/auth/token")
                .then().statusCode(401).body("error", equalTo("invalid_credentials"));
    }

    @Test
    void shouldNameTheMissingCredentialField() {
        given().contentType(ContentType.JSON).body(Map.of("username", "someone"))
                .post("/api/auth/token")
                .then().statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("password"));
    }

    @Test
    void aTokenInTheQueryOpensOnlySockets() {
        User agent = Fixtures.workspace().agent();
        // Sockets accept ?access_token= (API.md); a REST URL never authenticates that way.
        given().queryParam("access_token", agent.token()).get("/api/me").then().statusCode(401);
        agent.api().get("/api/me").then().statusCode(200);
    }

    @Test
    void shouldReturnTheCallerFromMe() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String queueId = ws.queue(agent);
        agent.api().get("/api/me")
                .then().statusCode(200)
                .body("id", equalTo(agent.id()))
                .body("username", equalTo(agent.username()))
                .body("displayName", equalTo("Test AGENT"))
                .body("presence", equalTo("OFFLINE"))
                .body("queueIds", contains(queueId))
                .body("workspaceId", equalTo(ws.id()));
    }

    @Test
    void shouldRefuseMissingOrForgedTokens() {
        given().get("/api/me").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().auth().oauth2("not-a-token").get("/api/me").then().statusCode(401).body("error", equalTo("unauthorized"));
        String token = Fixtures.workspace().agent().token();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(forged).get("/api/me").then().statusCode(401);
    }

    @Test
    void shouldSetBuiltInAndCustomPresence() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        agent.api().body(Map.of("status", "ready")).put("/api/me/presence")
                .then().statusCode(200).body("presence", equalTo("READY"));
        ws.admin().api().body(Map.of("name", "Break", "acceptsNewConversations", true))
                .post("/api/presence-statuses")
                .then().statusCode(201).body("name", equalTo("BREAK")).body("acceptsNewConversations", equalTo(true));
        agent.api().body(Map.of("status", "BREAK")).put("/api/me/presence")
                .then().statusCode(200).body("presence", equalTo("BREAK"));
        agent.api().get("/api/me").then().body("presence", equalTo("BREAK"));
    }

    @Test
    void shouldRejectUnknownPresenceAndLeaveItUnchanged() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        agent.api().body(Map.of("status", "BUSY")).put("/api/me/presence").then().statusCode(200);
        agent.api().body(Map.of("status", "LUNCH")).put("/api/me/presence")
                .then().statusCode(400).body("error", equalTo("unknown_presence")).body("field", equalTo("status"));
        agent.api().get("/api/me").then().body("presence", equalTo("BUSY"));
    }

    @Test
    void shouldNotSeeAnotherWorkspacesCustomPresence() {
        TestWorkspace one = Fixtures.workspace();
        TestWorkspace other = Fixtures.workspace();
        one.admin().api().body(Map.of("name", "TRAINING", "acceptsNewConversations", false))
                .post("/api/presence-statuses").then().statusCode(201);
        other.agent().api().body(Map.of("status", "TRAINING")).put("/api/me/presence")
                .then().statusCode(400).body("error", equalTo("unknown_presence"));
    }
}
