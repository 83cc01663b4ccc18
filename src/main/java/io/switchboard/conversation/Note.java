package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** An internal note: on the timeline, never sent to the contact (R12). */
@Entity
public class Note extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "conversation_id")
    public UUID conversationId;

    @Column(name = "author_id")
    public UUID authorId;

    @Column(columnDefinition = "text")
    public String text;

    @Column(name = "created_at")
    public Instant createdAt;
}
