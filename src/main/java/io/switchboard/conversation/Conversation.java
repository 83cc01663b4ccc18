package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.switchboard.channel.Channel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;
import java.util.UUID;

/**
 * One contact talking to one sender (R1), owned by at most one agent (R4). Ownership and status
 * change only through conditional updates (see ClaimService, TransferService, CloseService);
 * dynamic updates keep a save of other columns from writing back a stale owner or status.
 */
@Entity
@DynamicUpdate
public class Conversation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "queue_id")
    public UUID queueId;

    @Column(name = "sender_id")
    public UUID senderId;

    @Column(name = "contact_id")
    public UUID contactId;

    /** The number the conversation was opened with: every send goes here, whatever the contact row says later. */
    @Column(name = "contact_number", columnDefinition = "text")
    public String contactNumber;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public ConversationStatus status;

    @Column(name = "owner_id")
    public UUID ownerId;

    /** Bumped by every ownership or status change; conditional updates compare it. */
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_message_at")
    public Instant lastMessageAt;

    @Column(name = "last_message_preview", columnDefinition = "text")
    public String lastMessagePreview;

    /** When the contact last wrote: later than an agent's last read means unread for them (R15). */
    @Column(name = "last_inbound_at")
    public Instant lastInboundAt;

    @Column(name = "claimed_at")
    public Instant claimedAt;

    /** R27: when the first reply is due (from the first inbound message), if its queue has a target. */
    @Column(name = "first_response_due_at")
    public Instant firstResponseDueAt;

    /** R27: when an agent first replied. */
    @Column(name = "first_response_at")
    public Instant firstResponseAt;

    /** R27: the last SLA crossing pushed; written only by the watch's conditional update, never by an entity flush. */
    @Column(name = "sla_announced", columnDefinition = "text", insertable = false, updatable = false)
    public String slaAnnounced;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "closed_by")
    public UUID closedBy;

    /** Who owned it when it was closed: they keep seeing it in their history. */
    @Column(name = "last_owner_id")
    public UUID lastOwnerId;

    /** #21: since when it waits unowned in its present queue (a database default when inserted). */
    @Column(name = "waiting_since", insertable = false)
    public Instant waitingSince;

    /** #21: when its wait in this queue was found longer than the queue allows; null until then. */
    @Column(name = "wait_exceeded_at")
    public Instant waitExceededAt;

    /** #21: put aside by its owner until {@link #snoozedUntil}, or until the contact writes when that is null. */
    public boolean snoozed;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    /**
     * #21 satisfaction survey: asked at close, answered until it expires, the last rating (1-5).
     * Written only by SatisfactionSurvey's own statements, so a flush of this entity never undoes them.
     */
    @Column(name = "survey_sent_at", insertable = false, updatable = false)
    public Instant surveySentAt;

    @Column(name = "survey_expires_at", insertable = false, updatable = false)
    public Instant surveyExpiresAt;

    @Column(name = "survey_rating", insertable = false, updatable = false)
    public Short surveyRating;

    @Column(name = "survey_answered_at", insertable = false, updatable = false)
    public Instant surveyAnsweredAt;

    public boolean isClosed() {
        return status == ConversationStatus.CLOSED;
    }
}
