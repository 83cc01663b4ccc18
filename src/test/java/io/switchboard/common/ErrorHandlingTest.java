package io.switchboard.common;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ErrorHandlingTest {

    @Test
    void unknownRoutesShouldAnswerTheErrorBody() {
        given().get("/no/such/path").then().statusCode(404).contentType(ContentType.JSON).body("error", equalTo("not_found"));
        given().auth().oauth2(Fixtures.operator().token()).get("/api/no-such-thing")
                .then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void wrongMethodShouldAnswer405() {
        Fixtures.operator().api().delete("/api/me").then().statusCode(405).body("error", equalTo("method_not_allowed"));
    }

    @Test
    void malformedJsonShouldAnswer400AndCreateNothing() {
        TestWorkspace ws = Fixtures.workspace();
        ws.admin().api().body("{\"username\": \"x\", ").post("/api/agents")
                .then().statusCode(400).body("error", equalTo("malformed_json")).body("message", notNullValue());
        ws.admin().api().body("[1, 2]").post("/api/agents").then().statusCode(400);
        ws.admin().api().body("").post("/api/agents").then().statusCode(400);
        ws.admin().api().get("/api/agents").then().body("total", equalTo(1));
    }

    @Test
    void oversizedBodiesShouldAnswer413() {
        TestWorkspace ws = Fixtures.workspace();
        String huge = "x".repeat(300 * 1024);
        ws.admin().api().body(Map.of("username", "big", "password", huge, "role", "AGENT"))
                .post("/api/agents")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
        ws.admin().api().get("/api/agents").then().body("total", equalTo(1));
    }

    @Test
    void nonJsonBodiesShouldAnswer415() {
        given().auth().oauth2(Fixtures.operator().token()).contentType(ContentType.TEXT).body("hello")
                .post("/api/queues").then().statusCode(415).body("error", equalTo("unsupported_media_type"));
    }

    @Test
    void everyAnswerShouldCarryACorrelationId() {
        given().header(CorrelationId.HEADER, "trace-123").get("/api/me")
                .then().statusCode(401).header(CorrelationId.HEADER, equalTo("trace-123"));
        given().get("/api/me").then().header(CorrelationId.HEADER, notNullValue());
    }
}
