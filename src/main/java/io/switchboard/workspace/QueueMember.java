package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** Membership of an agent in a queue. */
@Entity
@Table(name = "queue_member")
@IdClass(QueueMember.Key.class)
public class QueueMember extends PanacheEntityBase {

    @Id
    @Column(name = "queue_id")
    public UUID queueId;

    @Id
    @Column(name = "agent_id")
    public UUID agentId;

    public static QueueMember of(UUID queueId, UUID agentId) {
        QueueMember member = new QueueMember();
        member.queueId = queueId;
        member.agentId = agentId;
        return member;
    }

    /** Composite key; Hibernate wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        public UUID queueId;
        public UUID agentId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && java.util.Objects.equals(queueId, other.queueId) && java.util.Objects.equals(agentId, other.agentId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(queueId, agentId);
        }
    }
}
