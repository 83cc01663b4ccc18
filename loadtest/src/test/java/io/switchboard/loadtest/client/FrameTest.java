package io.switchboard.loadtest.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameTest {

    /** A conversation.created as the service sends it: data before the type, ids at several depths. */
    private static final String CREATED = new JsonObject()
            .put("data", new JsonObject()
                    .put("message", new JsonObject().put("id", "m-1").put("text", "first").put("conversationId", "c-1"))
                    .put("tags", new JsonArray().add(new JsonObject().put("id", "t-1")))
                    .put("id", "c-1")
                    .putNull("ownerId")
                    .put("contact", new JsonObject().put("id", "k-1").put("number", "+447700900123"))
                    .put("bell", 3))
            .put("id", "17")
            .put("type", "conversation.created")
            .encode();

    @Test
    void readsTheTypeAndIdAtTheTopLevelOnly() {
        Frame frame = Frame.of(Buffer.buffer(CREATED));
        assertEquals("conversation.created", frame.type());
        assertEquals("17", frame.id());
        assertEquals(CREATED.length(), frame.length());
    }

    @Test
    void findsAFieldOfDataByItsPathNotByANestedNameAlike() {
        Frame frame = Frame.of(Buffer.buffer(CREATED));
        assertEquals("c-1", frame.dataString("id"));
        assertEquals("+447700900123", frame.dataString("contact", "number"));
        assertEquals("first", frame.dataString("message", "text"));
        assertEquals("3", frame.dataString("bell"));
        assertNull(frame.dataString("text"), "the message's text is not the data's");
        assertNull(frame.dataString("ownerId"), "a JSON null");
        assertNull(frame.dataString("contact"), "an object is not a scalar");
        assertNull(frame.dataString("id", "number"), "a path through a scalar");
        assertNull(frame.dataString("queueId"));
    }

    @Test
    void readsInPlaceFromWhereTheMessageStartsInItsArray() {
        Buffer received = Buffer.buffer("{\"type\":\"other\"}" + CREATED + "{}");
        int start = received.length() - CREATED.length() - 2;
        Frame frame = Frame.of(received.slice(start, start + CREATED.length()));
        assertEquals("conversation.created", frame.type());
        assertEquals("+447700900123", frame.dataString("contact", "number"));
        assertEquals(CREATED.length(), frame.length());
    }

    @Test
    void decodesUtf8() {
        String frame = new JsonObject().put("type", "message.created").put("data", new JsonObject().put("text", "Grüße 你好 👋")).encode();
        assertEquals("Grüße 你好 👋", Frame.of(Buffer.buffer(frame)).dataString("text"));
    }

    @Test
    void aFrameWithoutDataOrTypeIsReadAsEmpty() {
        Frame pong = Frame.of(Buffer.buffer("{\"type\":\"pong\"}"));
        assertEquals("pong", pong.type());
        assertNull(pong.id());
        assertNull(pong.dataString("id"));
        assertNull(pong.data());
        assertEquals("", Frame.of(Buffer.buffer("{\"data\":{}}")).type());
    }

    @Test
    void theTreeIsStillThereForWhatTheScansDoNotCover() {
        assertEquals("+447700900123", Frame.of(Buffer.buffer(CREATED)).data().getJsonObject("contact").getString("number"));
    }

    @Test
    void aFrameThatIsNotAJsonObjectIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Frame.of(Buffer.buffer("[1]")));
        assertThrows(RuntimeException.class, () -> Frame.of(Buffer.buffer("{\"type\":")));
    }
}
