package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Something that happened to a conversation: claimed, transferred, status changed, tagged, closed (R13). */
@Entity
@Table(name = "timeline_event")
public class TimelineEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "conversation_id")
    public UUID conversationId;

    @Column(columnDefinition = "text")
    public String kind;

    @Column(name = "actor_id")
    public UUID actorId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;

    @Column(name = "created_at")
    public Instant createdAt;

    public static TimelineEvent of(Conversation conversation, String kind, UUID actorId, Map<String, Object> data) {
        TimelineEvent event = new TimelineEvent();
        event.id = UUID.randomUUID();
        event.workspaceId = conversation.workspaceId;
        event.conversationId = conversation.id;
        event.kind = kind;
        event.actorId = actorId;
        event.data = data;
        event.createdAt = Instant.now();
        return event;
    }
}
