package io.switchboard.conversation.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A tag on a conversation. */
@Entity
@Table(name = "conversation_tag")
@IdClass(ConversationTag.Key.class)
public class ConversationTag extends PanacheEntityBase {

    @Id
    @Column(name = "conversation_id")
    public UUID conversationId;

    @Id
    @Column(columnDefinition = "text")
    public String tag;

    /** Composite key; Hibernate wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        public UUID conversationId;
        public String tag;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(conversationId, other.conversationId) && Objects.equals(tag, other.tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, tag);
        }
    }
}
