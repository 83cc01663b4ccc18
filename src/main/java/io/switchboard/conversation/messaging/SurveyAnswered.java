package io.switchboard.conversation.messaging;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * #21: {@code conversation.rated}, the contact answered a closed conversation's satisfaction survey.
 * To supervisors (whose wallboard figures it moves) and to the agent who last owned it.
 */
public record SurveyAnswered(UUID workspaceId, UUID conversationId, UUID queueId, UUID lastOwnerId, int rating) implements LiveEvent {

    public String type() {
        return EventTypes.CONVERSATION_RATED;
    }

    public Object data() {
        return Map.of("conversationId", conversationId, "queueId", queueId, "rating", rating);
    }

    public Audience audience() {
        return Audience.agentsAndSupervisors(lastOwnerId == null ? Set.of() : Set.of(lastOwnerId));
    }

    public Set<UUID> queues() {
        return Set.of(queueId);
    }
}
