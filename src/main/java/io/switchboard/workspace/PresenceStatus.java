package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A workspace's own presence status, e.g. BREAK, that may or may not accept new conversations (R5). */
@Entity
@Table(name = "presence_status")
public class PresenceStatus extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(columnDefinition = "text")
    public String name;

    @Column(name = "accepts_new_conversations")
    public boolean acceptsNewConversations;
}
