package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalTime;
import java.util.UUID;

/** One opening interval of a sender on one weekday (1 = Monday), in the sender's time zone (R10). */
@Entity
@Table(name = "sender_hours")
@IdClass(SenderHours.Key.class)
public class SenderHours extends PanacheEntityBase {

    @Id
    @Column(name = "sender_id")
    public UUID senderId;

    @Id
    @Column(name = "day_of_week")
    public short dayOfWeek;

    @Id
    @Column(name = "opens_at")
    public LocalTime opensAt;

    @Column(name = "closes_at")
    public LocalTime closesAt;

    /** Composite key; Hibernate wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        public UUID senderId;
        public short dayOfWeek;
        public LocalTime opensAt;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && java.util.Objects.equals(senderId, other.senderId) && java.util.Objects.equals(dayOfWeek, other.dayOfWeek) && java.util.Objects.equals(opensAt, other.opensAt);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(senderId, dayOfWeek, opensAt);
        }
    }
}
