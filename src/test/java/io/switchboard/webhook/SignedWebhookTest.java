package io.switchboard.webhook;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.TestWorkspace;
import io.switchboard.support.Sql;
import io.switchboard.support.Webhooks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With switchboard.vonage.signature-secret set, only webhooks signed with it (and this body) are taken. */
@QuarkusTest
@TestProfile(SignedWebhookTest.WithSecret.class)
class SignedWebhookTest {

    static final String SECRET = "a-signature-secret-of-at-least-32-bytes!";

    public static class WithSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.vonage.signature-secret", SECRET);
        }
    }

    private static String signature(String secret, String body) {
        return signature(secret, body, System.currentTimeMillis() / 1000);
    }

    /** As Vonage signs: payload_hash, api_key, iat and a unique jti. */
    private static String signature(String secret, String body, long issuedAt) {
        return Jwt.claims()
                .claim("payload_hash", WebhookSignature.sha256Hex(body))
                .claim("api_key", "abcd1234")
                .claim("jti", java.util.UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt + 3600)
                .jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                .signWithSecret(secret);
    }

    @Test
    void oldOrReplayedSignedWebhooksAre401() {
        TestWorkspace ws = Fixtures.workspace();
        String sender = ws.sender(ws.queue()).get("number");
        JsonObject webhook = Webhooks.sms(Fixtures.uniqueNumber(), sender, "STOP");
        String body = webhook.encode();
        long in2001 = 978_307_200L;
        post(body, "Bearer " + signature(SECRET, body, in2001)).then().statusCode(401).body("error", equalTo("invalid_signature"));
        long tenMinutesAgo = System.currentTimeMillis() / 1000 - 600;
        post(body, "Bearer " + signature(SECRET, body, tenMinutesAgo)).then().statusCode(401);
        assertEquals(0, Sql.count("select count(*) from contact where number = ?", webhook.getString("from")));

        String token = "Bearer " + signature(SECRET, body);
        post(body, token).then().statusCode(200).body("result", equalTo("stored"));
        post(body, token).then().statusCode(401).body("error", equalTo("invalid_signature"));
        given().contentType(ContentType.JSON).body(body).header("Authorization", token).post("/webhooks/vonage/status")
                .then().statusCode(401);
    }

    private static io.restassured.response.Response post(String body, String authorization) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/webhooks/vonage/inbound");
    }

    @Test
    void signedWebhookIsStored() {
        TestWorkspace ws = Fixtures.workspace();
        String sender = ws.sender(ws.queue()).get("number");
        String body = Webhooks.sms(Fixtures.uniqueNumber(), sender, "signed").encode();
        post(body, "Bearer " + signature(SECRET, body)).then().statusCode(200).body("result", equalTo("stored"));
    }

    @Test
    void unsignedForgedOrTamperedWebhooksAre401AndStoreNothing() {
        TestWorkspace ws = Fixtures.workspace();
        String sender = ws.sender(ws.queue()).get("number");
        JsonObject webhook = Webhooks.sms(Fixtures.uniqueNumber(), sender, "forged");
        String body = webhook.encode();
        String tampered = webhook.copy().put("text", "tampered").encode();

        post(body, null).then().statusCode(401).body("error", equalTo("invalid_signature"));
        post(body, "Bearer " + signature("another-secret-that-is-long-enough-too", body)).then().statusCode(401);
        post(tampered, "Bearer " + signature(SECRET, body)).then().statusCode(401);
        post(body, "Bearer not.a.jwt").then().statusCode(401);

        assertEquals(0, Sql.count("select count(*) from contact where number = ?", webhook.getString("from")));
    }
}
