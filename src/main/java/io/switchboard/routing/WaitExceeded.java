package io.switchboard.routing;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * #21: {@code conversation.wait_exceeded}, a conversation waited unowned longer than its queue's
 * {@code maxWaitSeconds}: {@code action} says whether it {@code moved} to {@code toQueueId} or was
 * {@code flagged} where it is. To supervisors, and when it moved to the agents of the queue it left,
 * whose alert for it goes (the new queue's agents hear of it by its {@code conversation.assigned}).
 */
public record WaitExceeded(UUID workspaceId, UUID conversationId, UUID queueId, long waitedSeconds, int maxWaitSeconds,
                           UUID toQueueId) implements LiveEvent {

    public static final String MOVED = "moved";
    public static final String FLAGGED = "flagged";

    public String type() {
        return EventTypes.CONVERSATION_WAIT_EXCEEDED;
    }

    public String action() {
        return toQueueId == null ? FLAGGED : MOVED;
    }

    public Object data() {
        Map<String, Object> data = new HashMap<>();
        data.put("conversationId", conversationId);
        data.put("queueId", queueId);
        data.put("waitedSeconds", waitedSeconds);
        data.put("maxWaitSeconds", maxWaitSeconds);
        data.put("action", action());
        data.put("toQueueId", toQueueId);
        return data;
    }

    public Audience audience() {
        return toQueueId == null ? Audience.supervisorsOnly() : Audience.queue(queueId);
    }

    public Set<UUID> queues() {
        return toQueueId == null ? Set.of(queueId) : Set.of(queueId, toQueueId);
    }
}
