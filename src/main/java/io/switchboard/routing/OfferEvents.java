package io.switchboard.routing;

import io.switchboard.conversation.ConversationView;
import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** R24's live events, to the one agent an offer is made to. */
public final class OfferEvents {

    private OfferEvents() {
    }

    /** {@code conversation.offered}: accept or decline before {@code expiresAt}. */
    public record Offered(UUID workspaceId, UUID agentId, ConversationView conversation, Instant expiresAt) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_OFFERED;
        }

        public Object data() {
            return Map.of("conversationId", conversation.id(), "expiresAt", expiresAt, "conversation", conversation);
        }

        public Audience audience() {
            return Audience.agent(agentId);
        }

        public Set<UUID> queues() {
            return Set.of();
        }
    }

    /** {@code conversation.offer_ended}: accepted, declined or expired. */
    public record Ended(UUID workspaceId, UUID agentId, UUID conversationId, UUID queueId, String reason) implements LiveEvent {
        public static final String ACCEPTED = "accepted";
        public static final String DECLINED = "declined";
        public static final String EXPIRED = "expired";

        public String type() {
            return EventTypes.CONVERSATION_OFFER_ENDED;
        }

        public Object data() {
            return Map.of("conversationId", conversationId, "reason", reason);
        }

        public Audience audience() {
            return Audience.agent(agentId);
        }

        public Set<UUID> queues() {
            return Set.of();
        }
    }
}
