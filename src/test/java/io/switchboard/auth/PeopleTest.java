package io.switchboard.auth;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import io.switchboard.support.LiveClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** R28: people who leave lose access at once; passwords that can be guessed are refused; guessers are slowed. */
@QuarkusTest
class PeopleTest {

    @TestHTTPResource("/")
    URI base;

    private static io.restassured.response.Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password)).post("/api/auth/token");
    }

    private static io.restassured.response.Response me(String token) {
        return given().auth().oauth2(token).get("/api/me");
    }

    @Test
    void aDeactivatedUserLosesTokensAndSocketsAndCannotLogIn() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        try (LiveClient live = LiveClient.connect(base, agent.token())) {
            ws.admin().api().body(Map.of("active", false)).put("/api/agents/" + agent.id())
                    .then().statusCode(200).body("active", equalTo(false)).body("presence", equalTo("OFFLINE"));
            await().atMost(Duration.ofSeconds(5)).until(() -> me(agent.token()).statusCode() == 401);
            me(agent.token()).then().statusCode(401).body("error", equalTo("token_revoked"));
            await().atMost(Duration.ofSeconds(5)).until(live::isClosed);
            assertEquals((short) 1008, live.closeCode());
        }
        login(agent.username(), agent.password()).then().statusCode(401).body("error", equalTo("invalid_credentials"));
        assertEquals(401, LiveClient.upgradeStatus(base, agent.token()));

        ws.admin().api().body(Map.of("active", true)).put("/api/agents/" + agent.id()).then().statusCode(200);
        String fresh = login(agent.username(), agent.password()).then().statusCode(200).extract().path("accessToken");
        me(fresh).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void aRoleChangeEndsTheOldTokens() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        ws.admin().api().body(Map.of("role", "SUPERVISOR", "displayName", "Promoted")).put("/api/agents/" + agent.id())
                .then().statusCode(200).body("role", equalTo("SUPERVISOR")).body("displayName", equalTo("Promoted"));
        me(agent.token()).then().statusCode(401).body("error", equalTo("token_revoked"));
        String fresh = login(agent.username(), agent.password()).then().statusCode(200).extract().path("accessToken");
        me(fresh).then().statusCode(200).body("role", equalTo("SUPERVISOR"));
        // A display name alone revokes nothing.
        ws.admin().api().body(Map.of("displayName", "Renamed")).put("/api/agents/" + agent.id()).then().statusCode(200);
        me(fresh).then().statusCode(200).body("displayName", equalTo("Renamed"));
    }

    @Test
    void onlyAnAdminOfTheSameWorkspaceChangesUsers() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        ws.supervisor().api().body(Map.of("active", false)).put("/api/agents/" + agent.id()).then().statusCode(403);
        Fixtures.workspace().admin().api().body(Map.of("active", false)).put("/api/agents/" + agent.id())
                .then().statusCode(404);
        ws.admin().api().body(Map.of("active", false)).put("/api/agents/" + ws.admin().id())
                .then().statusCode(409).body("error", equalTo("cannot_demote_self"));
        me(agent.token()).then().statusCode(200);
    }

    @Test
    void passwordsAreResetByAdminsOrChangedByTheirOwnerAndMustBeStrong() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        ws.admin().api().body(Map.of("password", "short")).post("/api/agents/" + agent.id() + "/password")
                .then().statusCode(400).body("error", equalTo("weak_password"));
        ws.admin().api().body(Map.of("password", agent.username())).post("/api/agents/" + agent.id() + "/password")
                .then().statusCode(400).body("error", equalTo("weak_password"));
        ws.admin().api().body(Map.of("password", "a-brand-new-password")).post("/api/agents/" + agent.id() + "/password")
                .then().statusCode(204);
        me(agent.token()).then().statusCode(401).body("error", equalTo("token_revoked"));
        login(agent.username(), agent.password()).then().statusCode(401);
        String token = login(agent.username(), "a-brand-new-password").then().statusCode(200).extract().path("accessToken");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not-the-password", "newPassword", "another-good-password"))
                .put("/api/me/password").then().statusCode(401).body("error", equalTo("invalid_credentials"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "a-brand-new-password", "newPassword", "tiny"))
                .put("/api/me/password").then().statusCode(400).body("error", equalTo("weak_password"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "a-brand-new-password", "newPassword", "another-good-password"))
                .put("/api/me/password").then().statusCode(204);
        me(token).then().statusCode(401).body("error", equalTo("token_revoked"));
        login(agent.username(), "another-good-password").then().statusCode(200);

        ws.admin().api().body(Map.of("username", Fixtures.unique("weak"), "password", "1234", "role", "AGENT"))
                .post("/api/agents").then().statusCode(400);
    }

    @Test
    void repeatedFailedLoginsAreRefusedWithRetryAfterEvenWithTheRightPassword() {
        User agent = Fixtures.workspace().agent();
        for (int i = 0; i < 5; i++) {
            login(agent.username(), "wrong-password-" + i).then().statusCode(401);
        }
        login(agent.username(), agent.password()).then().statusCode(429).body("error", equalTo("too_many_attempts"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void aSocketEndsWhenItsTokenExpires() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String shortLived = Jwt.subject(agent.id()).upn(agent.username()).groups(Set.of("AGENT"))
                .claim(Tokens.WORKSPACE_CLAIM, ws.id()).claim(Tokens.CREDENTIALS_CLAIM, 0)
                .expiresIn(Duration.ofSeconds(3)).sign();
        try (LiveClient live = LiveClient.connect(base, shortLived)) {
            await().atMost(Duration.ofSeconds(10)).until(live::isClosed);
            assertEquals((short) 1008, live.closeCode());
        }
    }
}
