package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The live events of conversations, one record per type; {@code data()} is API.md's payload. */
public final class ConversationEvents {

    private ConversationEvents() {
    }

    /**
     * A new conversation with its first message (API.md "Version 2": one frame, no separate
     * message.created): to its queue while unowned, else to its owner; supervisors always. One
     * routed on arrival goes to supervisors only: its owner hears of it by {@link RoutedOnArrival}.
     */
    public record Created(UUID workspaceId, ConversationView conversation, MessageView message, boolean routed) implements LiveEvent {
        public Created(UUID workspaceId, ConversationView conversation, MessageView message) {
            this(workspaceId, conversation, message, false);
        }

        public String type() {
            return EventTypes.CONVERSATION_CREATED;
        }

        public Payload data() {
            return new Payload(conversation, message);
        }

        public Audience audience() {
            return routed ? Audience.supervisorsOnly() : Audience.conversation(conversation.queueId(), conversation.ownerId());
        }

        public Set<UUID> queues() {
            return Set.of(conversation.queueId());
        }

        /** The conversation's fields, plus {@code message}. */
        public record Payload(@JsonUnwrapped ConversationView conversation, MessageView message) {
        }
    }

    /** Tags or other shared fields changed; the view carries no one agent's flags. */
    public record Updated(UUID workspaceId, ConversationView data) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_UPDATED;
        }

        public Audience audience() {
            return Audience.conversation(data.queueId(), data.ownerId());
        }
    }

    /** A message, either way, to those who see its conversation (its queue while unowned, else its owner). */
    public record MessageCreated(UUID workspaceId, MessageView data, UUID queueId, UUID ownerId) implements LiveEvent {
        public String type() {
            return EventTypes.MESSAGE_CREATED;
        }

        public Audience audience() {
            return Audience.conversation(queueId, ownerId);
        }
    }

    public record StatusChanged(UUID workspaceId, UUID conversationId, ConversationStatus from, ConversationStatus to,
                                Audience audience) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_STATUS_CHANGED;
        }

        public Object data() {
            return Map.of("conversationId", conversationId, "from", from, "to", to);
        }
    }

    /** Told to the whole queue, so every other alert of it goes away (R3). */
    public record Claimed(UUID workspaceId, UUID conversationId, UUID ownerId, UUID queueId) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_CLAIMED;
        }

        public Object data() {
            return Map.of("conversationId", conversationId, "ownerId", ownerId);
        }

        public Audience audience() {
            return Audience.queue(queueId);
        }
    }

    /**
     * A transfer or a routed assignment (R6, R22): to the new and the old owner and supervisors; the
     * queue's agents too when it waits unowned, or when it waited unowned until now (their alert goes).
     * {@code by} says which ({@link #BY_TRANSFER}, {@link #BY_ROUTING}); {@code overCapacity} that a
     * supervisor's assign took the owner over their maximum (R23).
     */
    public record Assigned(UUID workspaceId, UUID conversationId, UUID ownerId, UUID queueId, UUID previousOwnerId,
                           UUID previousQueueId, String by, boolean overCapacity) implements LiveEvent {
        public static final String BY_TRANSFER = "transfer";
        public static final String BY_ROUTING = "routing";
        /** #21: it waited longer than its queue allows and moved to the overflow queue. */
        public static final String BY_OVERFLOW = "overflow";

        public String type() {
            return EventTypes.CONVERSATION_ASSIGNED;
        }

        public Object data() {
            Map<String, Object> data = new HashMap<>();
            data.put("conversationId", conversationId);
            data.put("ownerId", ownerId);
            data.put("queueId", queueId);
            data.put("previousOwnerId", previousOwnerId);
            data.put("previousQueueId", previousQueueId);
            data.put("by", by);
            if (overCapacity) {
                data.put("overCapacity", true);
            }
            return data;
        }

        public Audience audience() {
            Set<UUID> agents = new HashSet<>();
            if (ownerId != null) {
                agents.add(ownerId);
            }
            if (previousOwnerId != null) {
                agents.add(previousOwnerId);
            }
            UUID waitingIn = ownerId == null ? queueId : previousOwnerId == null ? previousQueueId : null;
            return new Audience(waitingIn, agents, true);
        }

        public Set<UUID> queues() {
            Set<UUID> queues = new HashSet<>();
            queues.add(queueId);
            if (previousQueueId != null) {
                queues.add(previousQueueId);
            }
            return queues;
        }
    }

    /**
     * R22: a new conversation routed as it arrived, never waiting: {@code conversation.assigned} by
     * routing to its owner alone, carrying the conversation and its first message (one frame);
     * supervisors hear of it by its {@link Created}.
     */
    public record RoutedOnArrival(UUID workspaceId, ConversationView conversation, MessageView message) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_ASSIGNED;
        }

        public Object data() {
            Map<String, Object> data = new HashMap<>();
            data.put("conversationId", conversation.id());
            data.put("ownerId", conversation.ownerId());
            data.put("queueId", conversation.queueId());
            data.put("previousOwnerId", null);
            data.put("by", Assigned.BY_ROUTING);
            data.put("conversation", conversation);
            data.put("message", message);
            return data;
        }

        public Audience audience() {
            return Audience.agent(conversation.ownerId());
        }

        public Set<UUID> queues() {
            return Set.of(conversation.queueId());
        }
    }

    /** To those who saw it: the owner, or the queue while it waited; supervisors. */
    public record Closed(UUID workspaceId, UUID conversationId, UUID closedBy, UUID queueId, UUID previousOwnerId)
            implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_CLOSED;
        }

        public Object data() {
            return Map.of("conversationId", conversationId, "closedBy", closedBy, "queueId", queueId);
        }

        public Audience audience() {
            return previousOwnerId == null ? Audience.queue(queueId) : Audience.agentsAndSupervisors(Set.of(previousOwnerId));
        }

        public Set<UUID> queues() {
            return Set.of(queueId);
        }
    }

    /** An internal note (R12), to those who may see the conversation. */
    public record NoteCreated(UUID workspaceId, NoteView data, Audience audience) implements LiveEvent {
        public String type() {
            return EventTypes.NOTE_CREATED;
        }
    }

    /** #21: put aside by its owner until {@code until} (null: until the contact writes); to the owner and supervisors. */
    public record Snoozed(UUID workspaceId, UUID conversationId, UUID ownerId, Instant until) implements LiveEvent {
        public String type() {
            return EventTypes.CONVERSATION_SNOOZED;
        }

        public Object data() {
            Map<String, Object> data = new HashMap<>();
            data.put("conversationId", conversationId);
            data.put("ownerId", ownerId);
            data.put("until", until);
            return data;
        }

        public Audience audience() {
            return Audience.agentsAndSupervisors(Set.of(ownerId));
        }
    }

    /**
     * #21: back from a snooze, {@code reason} saying why: its time came ({@link #BY_TIME}), the contact
     * wrote ({@link #BY_MESSAGE}) or the owner woke it ({@link #BY_OWNER}). The first two make it unread.
     */
    public record Unsnoozed(UUID workspaceId, UUID conversationId, UUID ownerId, String reason) implements LiveEvent {
        public static final String BY_TIME = "time";
        public static final String BY_MESSAGE = "message";
        public static final String BY_OWNER = "owner";

        public String type() {
            return EventTypes.CONVERSATION_UNSNOOZED;
        }

        public Object data() {
            return Map.of("conversationId", conversationId, "ownerId", ownerId, "reason", reason);
        }

        public Audience audience() {
            return Audience.agentsAndSupervisors(Set.of(ownerId));
        }

        /** Whether it comes back unread: it does unless its owner woke it themselves. */
        public boolean unread() {
            return !BY_OWNER.equals(reason);
        }
    }

    /** #21: a note named {@code mentionedId}; to them alone, and in their bell until they read the conversation. */
    public record Mentioned(UUID workspaceId, UUID mentionedId, NoteView note) implements LiveEvent {
        public String type() {
            return EventTypes.NOTE_MENTIONED;
        }

        public Object data() {
            return Map.of("conversationId", note.conversationId(), "noteId", note.id(), "authorId", note.authorId(),
                    "text", note.text(), "mentionedId", mentionedId);
        }

        public Audience audience() {
            return Audience.agent(mentionedId);
        }
    }
}
