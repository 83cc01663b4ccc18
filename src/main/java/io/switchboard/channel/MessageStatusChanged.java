package io.switchboard.channel;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.util.Map;
import java.util.UUID;

/** message.status: a message's delivery status moved (sent, receipt, failure, undo). */
public record MessageStatusChanged(UUID workspaceId, UUID messageId, UUID conversationId, String status, Audience audience)
        implements LiveEvent {

    public String type() {
        return EventTypes.MESSAGE_STATUS;
    }

    public Object data() {
        return Map.of("messageId", messageId, "conversationId", conversationId, "status", status);
    }
}
