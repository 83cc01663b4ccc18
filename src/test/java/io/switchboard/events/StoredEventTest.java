package io.switchboard.events;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** One frame per recipient (API.md "Version 2"): what each recipient of one stream entry gets. */
class StoredEventTest {

    private final UUID member = UUID.randomUUID();
    private final UUID bystander = UUID.randomUUID();
    private final UUID supervisor = UUID.randomUUID();

    private StoredEvent event(String type, String data, Map<UUID, Integer> bells) {
        return new StoredEvent(StreamId.of("1700000000000-3"), UUID.randomUUID(), type, "2026-12-01T00:00:00Z",
                Audience.supervisorsOnly(), data, bells);
    }

    @Test
    void aRecipientOfTheEventGetsItsOwnBellInTheData() {
        StoredEvent event = event("conversation.claimed", "{\"conversationId\":\"c\"}", Map.of(member, 3));
        JsonObject frame = new JsonObject(event.frameFor(member, true));
        assertEquals("1700000000000-3", frame.getString("id"));
        assertEquals("conversation.claimed", frame.getString("type"));
        assertEquals(new JsonObject().put("conversationId", "c").put("bell", 3), frame.getJsonObject("data"));
    }

    @Test
    void othersGetTheSharedFrameWithoutABell() {
        StoredEvent event = event("conversation.claimed", "{\"conversationId\":\"c\"}", Map.of(member, 3));
        String frame = event.frameFor(supervisor, true);
        assertFalse(new JsonObject(frame).getJsonObject("data").containsKey("bell"));
        assertSame(frame, event.frameFor(UUID.randomUUID(), true), "encoded once, shared by every such recipient");
    }

    @Test
    void anAgentWhoseBellMovedButMayNotSeeTheEventGetsOnlyTheCountUnderItsId() {
        StoredEvent event = event("conversation.assigned", "{\"conversationId\":\"c\"}", Map.of(bystander, 0));
        JsonObject frame = new JsonObject(event.frameFor(bystander, false));
        assertEquals("bell.updated", frame.getString("type"));
        assertEquals("1700000000000-3", frame.getString("id"));
        assertEquals(new JsonObject().put("count", 0), frame.getJsonObject("data"));
        assertNull(event.frameFor(UUID.randomUUID(), false), "nothing for someone neither entitled nor counted");
    }

    @Test
    void aBellGoesIntoEmptyDataToo() {
        assertEquals(new JsonObject().put("bell", 1),
                new JsonObject(event("x.y", "{ }", Map.of(member, 1)).frameFor(member, true)).getJsonObject("data"));
    }

    @Test
    void bellUpdatedEntriesGiveEachAgentItsOwnCount() {
        StoredEvent event = event("bell.updated", "{\"counts\":{}}", Map.of(member, 2, bystander, 5));
        assertEquals(2, new JsonObject(event.frameFor(member, true)).getJsonObject("data").getInteger("count"));
        assertEquals(5, new JsonObject(event.frameFor(bystander, true)).getJsonObject("data").getInteger("count"));
        assertNull(event.frameFor(supervisor, true));
    }

    @Test
    void recipientsWithTheSameCountShareOneFrame() {
        UUID colleague = UUID.randomUUID();
        StoredEvent event = event("conversation.created", "{\"id\":\"c\"}", Map.of(member, 4, colleague, 4, bystander, 7));
        assertSame(event.frameFor(member, true), event.frameFor(colleague, true), "built once per count");
        assertEquals(7, new JsonObject(event.frameFor(bystander, true)).getJsonObject("data").getInteger("bell"));
        assertSame(event.frameFor(member, false), event.frameFor(colleague, false));
        assertEquals(4, new JsonObject(event.frameFor(member, false)).getJsonObject("data").getInteger("count"));
    }
}
