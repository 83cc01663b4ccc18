package io.switchboard.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class WorkspaceResourceTest {

    @Test
    void operatorShouldCreateAWorkspaceWithItsOwnAdmin() {
        String name = Fixtures.unique("acme");
        String admin = Fixtures.unique("acme-admin");
        String id = Fixtures.operator().api()
                .body(Map.of("name", name, "adminUsername", admin, "adminPassword", "s3cret-password!"))
                .post("/api/workspaces")
                .then().statusCode(201).body("name", equalTo(name)).extract().path("id");
        String token = Fixtures.token(admin, "s3cret-password!");
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/me")
                .then().body("workspaceId", equalTo(id)).body("role", equalTo("ADMIN"));
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/agents")
                .then().body("total", equalTo(1));
        Fixtures.operator().api().get("/api/me").then().body("workspaceId", not(equalTo(id)));
    }

    @Test
    void otherAdminsShouldNotCreateWorkspaces() {
        TestWorkspace ws = Fixtures.workspace();
        String admin = Fixtures.unique("x");
        ws.admin().api().body(Map.of("name", Fixtures.unique("evil"), "adminUsername", admin, "adminPassword", "secret-password-1"))
                .post("/api/workspaces")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        ws.agent().api().body(Map.of("name", Fixtures.unique("evil"), "adminUsername", admin, "adminPassword", "secret-password-1"))
                .post("/api/workspaces")
                .then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("username", admin, "password", "secret-password-1"))
                .post("/api/auth/token").then().statusCode(401);
    }

    @Test
    void shouldRejectDuplicateNamesAndTakenAdminUsernames() {
        TestWorkspace existing = Fixtures.workspace();
        String name = Fixtures.unique("dup");
        Fixtures.operator().api().body(Map.of("name", name, "adminUsername", Fixtures.unique("a"), "adminPassword", "secret-password-1"))
                .post("/api/workspaces").then().statusCode(201);
        Fixtures.operator().api().body(Map.of("name", name, "adminUsername", Fixtures.unique("b"), "adminPassword", "secret-password-1"))
                .post("/api/workspaces").then().statusCode(409).body("error", equalTo("workspace_exists"));
        String fresh = Fixtures.unique("fresh");
        Fixtures.operator().api().body(Map.of("name", fresh, "adminUsername", existing.admin().username(), "adminPassword", "secret-password-1"))
                .post("/api/workspaces").then().statusCode(409).body("error", equalTo("username_taken"));
        // The failed creation left no half-made workspace behind: its name is still free.
        Fixtures.operator().api().body(Map.of("name", fresh, "adminUsername", Fixtures.unique("c"), "adminPassword", "secret-password-1"))
                .post("/api/workspaces").then().statusCode(201);
    }
}
