package io.switchboard.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class AgentResourceTest {

    @Test
    void adminShouldCreateAgentsOfEveryRole() {
        TestWorkspace ws = Fixtures.workspace();
        String username = Fixtures.unique("sup");
        ws.admin().api()
                .body(Map.of("username", username, "password", "secret-password-1", "displayName", "Sue", "role", "SUPERVISOR"))
                .post("/api/agents")
                .then().statusCode(201)
                .body("username", equalTo(username))
                .body("displayName", equalTo("Sue"))
                .body("role", equalTo("SUPERVISOR"))
                .body("presence", equalTo("OFFLINE"))
                .body("workspaceId", equalTo(ws.id()));
        Fixtures.token(username, "secret-password-1");
    }

    @Test
    void shouldRejectATakenUsernameEvenAcrossWorkspaces() {
        User taken = Fixtures.workspace().agent();
        Fixtures.workspace().admin().api()
                .body(Map.of("username", taken.username(), "password", "secret-password-1", "role", "AGENT"))
                .post("/api/agents")
                .then().statusCode(409).body("error", equalTo("username_taken"));
    }

    @Test
    void onlyAdminsShouldCreateAgents() {
        TestWorkspace ws = Fixtures.workspace();
        Map<String, String> body = Map.of("username", Fixtures.unique("x"), "password", "secret-password-1", "role", "AGENT");
        ws.agent().api().body(body).post("/api/agents").then().statusCode(403).body("error", equalTo("forbidden"));
        ws.supervisor().api().body(body).post("/api/agents").then().statusCode(403);
        ws.admin().api().get("/api/agents").then().body("items.username", not(hasItem(body.get("username"))));
    }

    @Test
    void supervisorsShouldListTheirWorkspacesAgentsOnly() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        User supervisor = ws.supervisor();
        User stranger = Fixtures.workspace().agent();
        supervisor.api().get("/api/agents")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("items.id", hasItems(agent.id(), supervisor.id(), ws.admin().id()))
                .body("items.id", not(hasItem(stranger.id())));
        supervisor.api().queryParam("size", 1).queryParam("page", 1).get("/api/agents")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("total", equalTo(3));
    }

    @Test
    void agentsShouldNotListAgents() {
        Fixtures.workspace().agent().api().get("/api/agents").then().statusCode(403);
    }

    @Test
    void shouldRejectOutOfRangePaging() {
        User supervisor = Fixtures.workspace().supervisor();
        supervisor.api().queryParam("size", 201).get("/api/agents")
                .then().statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("size"));
        supervisor.api().queryParam("page", -1).get("/api/agents")
                .then().statusCode(400).body("field", equalTo("page"));
    }

    @Test
    void anotherWorkspacesAgentShouldBeNotFound() {
        User stranger = Fixtures.workspace().agent();
        Fixtures.workspace().supervisor().api().get("/api/agents/" + stranger.id())
                .then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void shouldNameTheInvalidFieldAndCreateNothing() {
        TestWorkspace ws = Fixtures.workspace();
        ws.admin().api().body(Map.of("username", "bad name!", "password", "secret-password-1", "role", "AGENT"))
                .post("/api/agents")
                .then().statusCode(400).body("error", equalTo("invalid_field")).body("field", equalTo("username"));
        ws.admin().api().body(Map.of("username", Fixtures.unique("ok"), "password", "secret-password-1", "role", "KING"))
                .post("/api/agents")
                .then().statusCode(400).body("field", equalTo("role"));
        ws.admin().api().get("/api/agents").then().body("total", equalTo(1));
    }
}
