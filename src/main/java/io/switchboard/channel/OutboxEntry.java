package io.switchboard.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A message waiting to be delivered (R8), written in the same transaction as the QUEUED message,
 * so a crash can lose neither. The delivery pipeline leases due entries and deletes them once sent.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    /** Not before the undo window ends (R11) and the sender's hours open (R10). */
    @Column(name = "not_before")
    public Instant notBefore;

    public int attempts;

    @Column(name = "last_error", columnDefinition = "text")
    public String lastError;

    /** Set while an instance is sending it; after it passes, another instance may take over. */
    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** Set once a send may have reached Vonage: never sent again, only confirmed or failed as unconfirmed. */
    @Column(name = "attempt_started_at")
    public Instant attemptStartedAt;

    public static OutboxEntry due(UUID messageId, Instant notBefore) {
        OutboxEntry entry = new OutboxEntry();
        entry.messageId = messageId;
        entry.notBefore = notBefore;
        return entry;
    }
}
