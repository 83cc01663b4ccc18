package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
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

    /** Inserts it in a transaction of the reactive SQL client, where no Hibernate session is open. */
    public Uni<Void> insert(SqlClient transaction) {
        return transaction.preparedQuery("""
                        insert into timeline_event (id, workspace_id, conversation_id, kind, actor_id, data, created_at)
                        values ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(Arrays.asList(id, workspaceId, conversationId, kind, actorId,
                        new JsonObject(Json.encode(data)), createdAt.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }
}
