package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One agent's own view of one conversation: read/unread, hide, pin, mute, archive (R14-R16). */
@Entity
@Table(name = "conversation_agent_state")
@IdClass(ConversationAgentState.Key.class)
public class ConversationAgentState extends PanacheEntityBase {

    @Id
    @Column(name = "conversation_id")
    public UUID conversationId;

    @Id
    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "last_read_at")
    public Instant lastReadAt;

    public boolean unread;
    public boolean hidden;
    public boolean pinned;
    public boolean muted;
    public boolean archived;

    /** Composite key; Hibernate wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        public UUID conversationId;
        public UUID agentId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(conversationId, other.conversationId) && Objects.equals(agentId, other.agentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, agentId);
        }
    }
}
