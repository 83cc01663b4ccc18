package io.switchboard.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Issue 20: each agent's notification preferences live on the server, their own. */
@QuarkusTest
class PreferencesTest {

    @Test
    void preferencesStartOffAndAreTheCallersOwn() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        User colleague = ws.agent();
        agent.api().get("/api/me/preferences").then().statusCode(200)
                .body("desktopNotifications", equalTo(false)).body("sound", equalTo(false));

        agent.api().body(Map.of("desktopNotifications", true, "sound", false)).put("/api/me/preferences").then().statusCode(200)
                .body("desktopNotifications", equalTo(true));
        agent.api().body(Map.of("desktopNotifications", true, "sound", true)).put("/api/me/preferences").then().statusCode(200);
        agent.api().get("/api/me/preferences").then().statusCode(200)
                .body("desktopNotifications", equalTo(true)).body("sound", equalTo(true));
        colleague.api().get("/api/me/preferences").then().statusCode(200)
                .body("desktopNotifications", equalTo(false)).body("sound", equalTo(false));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        User agent = Fixtures.workspace().agent();
        agent.api().body(Map.of("desktopNotifications", true, "sound", true)).put("/api/me/preferences").then().statusCode(200);
        agent.api().body(Map.of("sound", false)).put("/api/me/preferences").then().statusCode(400)
                .body("error", equalTo("invalid_field"));
        agent.api().contentType("application/json").body("{\"desktopNotifications\": tru").put("/api/me/preferences")
                .then().statusCode(400).body("error", equalTo("malformed_json"));
        agent.api().get("/api/me/preferences").then().body("sound", equalTo(true));
        given().get("/api/me/preferences").then().statusCode(401);
    }
}
