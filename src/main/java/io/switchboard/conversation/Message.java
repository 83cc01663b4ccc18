package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An SMS, MMS or WhatsApp message, in (from the contact) or out (from an agent). */
@Entity
public class Message extends PanacheEntityBase {

    public enum Direction { IN, OUT }

    /** RECEIVED for inbound; outbound follows QUEUED -> SUBMITTED -> DELIVERED -> READ or REJECTED/FAILED (R8). */
    public enum Status { RECEIVED, QUEUED, SUBMITTED, DELIVERED, READ, REJECTED, FAILED, UNDONE }

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "conversation_id")
    public UUID conversationId;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Direction direction;

    @Column(columnDefinition = "text")
    public String text;

    @Column(name = "media_url", columnDefinition = "text")
    public String mediaUrl;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Status status;

    @Column(name = "author_id")
    public UUID authorId;

    @Column(name = "template_id")
    public UUID templateId;

    /**
     * The values of the template's variables, in order, as {@code {"values": [...]}} (a WhatsApp
     * template sends them apart from its text; Hibernate Reactive maps JSON objects, not arrays).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "template_parameters", columnDefinition = "jsonb")
    public Map<String, List<String>> templateParameters;

    /** Vonage's message_uuid; unique, which makes webhooks idempotent. */
    @Column(name = "provider_message_id", columnDefinition = "text")
    public String providerMessageId;

    @Column(columnDefinition = "text")
    public String error;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A new outbound message of the conversation, QUEUED for the delivery pipeline (R8); {@code authorId} null for an automatic one. */
    public static Message queuedOut(Conversation conversation, String text, UUID authorId, Instant now) {
        Message message = new Message();
        message.id = UUID.randomUUID();
        message.workspaceId = conversation.workspaceId;
        message.conversationId = conversation.id;
        message.direction = Direction.OUT;
        message.text = text;
        message.status = Status.QUEUED;
        message.authorId = authorId;
        message.createdAt = now;
        message.updatedAt = now;
        return message;
    }
}
