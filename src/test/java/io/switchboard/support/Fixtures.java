package io.switchboard.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/**
 * Small builders that make a fresh workspace and its people through the public API, so every
 * test owns its data and test order never matters.
 */
public final class Fixtures {

    private static final AtomicLong NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000L);

    private Fixtures() {
    }

    public record User(String id, String username, String password, String role, String token) {
        public RequestSpecification api() {
            return given().contentType(ContentType.JSON).auth().oauth2(token);
        }
    }

    public static String token(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/token")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    /** The bootstrap admin of the first workspace: the platform operator. */
    public static User operator() {
        String token = token("admin", "admin");
        String id = given().auth().oauth2(token).get("/api/me").then().statusCode(200).extract().path("id");
        return new User(id, "admin", "admin", "ADMIN", token);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A phone number no other test uses: US 555 numbers are reserved for fiction. */
    public static String uniqueNumber() {
        return String.format("1555%07d", NUMBERS.incrementAndGet() % 10_000_000L);
    }

    /** A new workspace with its own admin. */
    public static TestWorkspace workspace() {
        String adminName = unique("admin");
        String id = operator().api()
                .body(Map.of("name", unique("ws"), "adminUsername", adminName, "adminPassword", "secret-password-1"))
                .post("/api/workspaces")
                .then().statusCode(201)
                .extract().path("id");
        String token = token(adminName, "secret-password-1");
        String adminId = given().auth().oauth2(token).get("/api/me").then().extract().path("id");
        return new TestWorkspace(id, new User(adminId, adminName, "secret-password-1", "ADMIN", token));
    }

    public record TestWorkspace(String id, User admin) {

        public User agent() {
            return user("AGENT");
        }

        public User supervisor() {
            return user("SUPERVISOR");
        }

        public User user(String role) {
            String username = unique(role.toLowerCase());
            String id = admin.api()
                    .body(Map.of("username", username, "password", "secret-password-1", "displayName", "Test " + role, "role", role))
                    .post("/api/agents")
                    .then().statusCode(201)
                    .extract().path("id");
            return new User(id, username, "secret-password-1", role, token(username, "secret-password-1"));
        }

        public String queue(User... members) {
            String queueId = admin.api().body(Map.of("name", unique("queue")))
                    .post("/api/queues")
                    .then().statusCode(201)
                    .extract().path("id");
            if (members.length > 0) {
                admin.api().body(Map.of("agentIds", List.of(members).stream().map(User::id).toList()))
                        .put("/api/queues/" + queueId + "/members")
                        .then().statusCode(200);
            }
            return queueId;
        }

        /** An SMS sender on the queue; returns {id, number}. */
        public Map<String, String> sender(String queueId) {
            String number = uniqueNumber();
            String id = admin.api().body(Map.of("number", number, "channel", "SMS", "queueId", queueId))
                    .post("/api/senders")
                    .then().statusCode(201)
                    .extract().path("id");
            return Map.of("id", id, "number", number);
        }
    }
}
