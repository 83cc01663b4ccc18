package io.switchboard.support;

import io.switchboard.support.Fixtures.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertNull;

/** R25 across instances: one agent's viewing and typing reach another agent connected elsewhere. */
public final class ViewersAcross {

    private ViewersAcross() {
    }

    public static void viewingAndTypingCross(LiveClient from, User viewer, LiveClient to, String conversationId) {
        from.send(new JsonObject().put("type", "viewing").put("conversationId", conversationId));
        JsonObject seen = to.awaitEvent("conversation.viewers", f -> only(f, conversationId, viewer, null));
        assertNull(seen.getValue("id"), "ephemeral");
        from.send(new JsonObject().put("type", "typing").put("conversationId", conversationId).put("kind", "note"));
        to.awaitEvent("conversation.viewers", f -> only(f, conversationId, viewer, "note"));
        from.send(new JsonObject().put("type", "left").put("conversationId", conversationId));
        to.awaitEvent("conversation.viewers", f -> conversationId.equals(f.getJsonObject("data").getString("conversationId"))
                && f.getJsonObject("data").getJsonArray("viewers").isEmpty());
    }

    private static boolean only(JsonObject frame, String conversationId, User viewer, String typing) {
        JsonArray viewers = frame.getJsonObject("data").getJsonArray("viewers");
        return conversationId.equals(frame.getJsonObject("data").getString("conversationId")) && viewers.size() == 1
                && viewer.id().equals(viewers.getJsonObject(0).getString("agentId"))
                && java.util.Objects.equals(typing, viewers.getJsonObject(0).getString("typing"));
    }
}
