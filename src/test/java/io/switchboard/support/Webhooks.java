package io.switchboard.support;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Vonage Messages API inbound webhooks, shaped as Vonage sends them. */
public final class Webhooks {

    private Webhooks() {
    }

    public static JsonObject sms(String from, String to, String text) {
        return base(from, to, "sms", "text").put("text", text);
    }

    public static JsonObject mmsImage(String from, String to, String url) {
        return base(from, to, "mms", "image").put("image", new JsonObject().put("url", url));
    }

    public static JsonObject whatsappText(String from, String to, String text, String profileName) {
        return base(from, to, "whatsapp", "text").put("text", text)
                .put("profile", new JsonObject().put("name", profileName));
    }

    public static JsonObject whatsappImage(String from, String to, String url, String caption) {
        return base(from, to, "whatsapp", "image")
                .put("image", new JsonObject().put("url", url).put("caption", caption))
                .put("profile", new JsonObject().put("name", "Wendy"));
    }

    private static JsonObject base(String from, String to, String channel, String type) {
        return new JsonObject()
                .put("message_uuid", UUID.randomUUID().toString())
                .put("from", from)
                .put("to", to)
                .put("channel", channel)
                .put("message_type", type)
                .put("timestamp", Instant.now().toString());
    }

    public static Response post(JsonObject body) {
        return given().contentType(ContentType.JSON).body(body.encode()).post("/webhooks/vonage/inbound");
    }
}
