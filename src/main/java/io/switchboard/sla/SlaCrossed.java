package io.switchboard.sla;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * R27: {@code conversation.sla}, a conversation crossed 80 % ({@code at_risk}) or 100 %
 * ({@code breached}) of its first-response target: to its owner, or its queue while it waits, and
 * supervisors; the queue's wallboard counts move.
 */
public record SlaCrossed(UUID workspaceId, UUID conversationId, UUID queueId, UUID ownerId, String slaState,
                         Instant firstResponseDueAt) implements LiveEvent {

    public String type() {
        return EventTypes.CONVERSATION_SLA;
    }

    public Object data() {
        return Map.of("conversationId", conversationId, "slaState", slaState, "firstResponseDueAt", firstResponseDueAt);
    }

    public Audience audience() {
        return Audience.conversation(queueId, ownerId);
    }

    public Set<UUID> queues() {
        return Set.of(queueId);
    }
}
