package io.switchboard.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Fixtures.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class QueueResourceTest {

    @Test
    void adminShouldCreateAQueueAndSetItsMembers() {
        TestWorkspace ws = Fixtures.workspace();
        User one = ws.agent();
        User two = ws.agent();
        String queueId = ws.admin().api().body(Map.of("name", "Billing"))
                .post("/api/queues")
                .then().statusCode(201).body("name", equalTo("Billing")).extract().path("id");
        ws.admin().api().body(Map.of("agentIds", List.of(one.id(), two.id())))
                .put("/api/queues/" + queueId + "/members")
                .then().statusCode(200)
                .body("id", equalTo(queueId))
                .body("memberIds", containsInAnyOrder(one.id(), two.id()));
        ws.admin().api().body(Map.of("agentIds", List.of(two.id())))
                .put("/api/queues/" + queueId + "/members")
                .then().statusCode(200).body("memberIds", contains(two.id()));
        one.api().get("/api/me").then().body("queueIds", empty());
        ws.admin().api().body(Map.of("agentIds", List.of()))
                .put("/api/queues/" + queueId + "/members")
                .then().statusCode(200).body("memberIds", empty());
    }

    @Test
    void agentsShouldListOnlyTheirQueuesAndSupervisorsAll() {
        TestWorkspace ws = Fixtures.workspace();
        User agent = ws.agent();
        String mine = ws.queue(agent);
        String other = ws.queue();
        agent.api().get("/api/queues").then().statusCode(200).body("id", contains(mine));
        ws.supervisor().api().get("/api/queues").then().statusCode(200).body("id", containsInAnyOrder(mine, other));
        agent.api().get("/api/queues/" + other).then().statusCode(404);
        agent.api().get("/api/queues/" + mine).then().statusCode(200).body("memberIds", contains(agent.id()));
    }

    @Test
    void onlyAdminsShouldManageQueues() {
        TestWorkspace ws = Fixtures.workspace();
        User supervisor = ws.supervisor();
        String queueId = ws.queue();
        supervisor.api().body(Map.of("name", "Nope")).post("/api/queues").then().statusCode(403);
        supervisor.api().body(Map.of("agentIds", List.of(supervisor.id())))
                .put("/api/queues/" + queueId + "/members").then().statusCode(403);
        ws.admin().api().get("/api/queues/" + queueId).then().body("memberIds", empty());
    }

    @Test
    void shouldRejectADuplicateQueueName() {
        TestWorkspace ws = Fixtures.workspace();
        ws.admin().api().body(Map.of("name", "Sales")).post("/api/queues").then().statusCode(201);
        ws.admin().api().body(Map.of("name", "Sales")).post("/api/queues")
                .then().statusCode(409).body("error", equalTo("queue_exists"));
    }

    @Test
    void anotherWorkspacesQueueOrAgentShouldBeNotFoundAndChangeNothing() {
        TestWorkspace ws = Fixtures.workspace();
        TestWorkspace other = Fixtures.workspace();
        User stranger = other.agent();
        String foreignQueue = other.queue();
        String queueId = ws.queue();
        ws.admin().api().body(Map.of("agentIds", List.of(ws.admin().id())))
                .put("/api/queues/" + foreignQueue + "/members")
                .then().statusCode(404).body("error", equalTo("not_found"));
        ws.admin().api().body(Map.of("agentIds", List.of(stranger.id())))
                .put("/api/queues/" + queueId + "/members")
                .then().statusCode(404);
        ws.admin().api().get("/api/queues/" + queueId).then().body("memberIds", hasSize(0));
        other.admin().api().get("/api/queues/" + foreignQueue).then().body("memberIds", hasSize(0));
        ws.admin().api().get("/api/queues/" + foreignQueue).then().statusCode(404);
    }

    @Test
    void shouldRejectMembersThatAreNotIds() {
        TestWorkspace ws = Fixtures.workspace();
        ws.admin().api().body(Map.of("agentIds", List.of("not-a-uuid")))
                .put("/api/queues/" + ws.queue() + "/members")
                .then().statusCode(400).body("field", equalTo("agentIds.[0]"));
    }
}
