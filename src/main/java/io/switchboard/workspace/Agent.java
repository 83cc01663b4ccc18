package io.switchboard.workspace;

import io.switchboard.auth.Role;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** A workspace user: agent, supervisor or admin. */
@Entity
public class Agent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(columnDefinition = "text")
    public String username;

    @Column(name = "password_hash", columnDefinition = "text")
    public String passwordHash;

    @Column(name = "display_name", columnDefinition = "text")
    public String displayName;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Role role;

    /** READY, BUSY, OFFLINE or the name of one of the workspace's custom statuses (R5). */
    @Column(columnDefinition = "text")
    public String presence;

    /** R28: a deactivated user cannot log in, and their tokens and sockets end. */
    public boolean active = true;

    /** Bumped when the user is deactivated or their role or password changes; tokens carry it. */
    @Column(name = "credentials_version")
    public int credentialsVersion;

    /** R23: this agent's own limit of open conversations, overriding the queue's (null: the queue's). */
    @Column(name = "max_conversations")
    public Integer maxConversations;

    /** The bootstrap admin, who alone may create workspaces. */
    @Column(name = "platform_operator")
    public boolean platformOperator;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Agent create(UUID workspaceId, String username, String passwordHash, String displayName, Role role) {
        Agent agent = new Agent();
        agent.id = UUID.randomUUID();
        agent.workspaceId = workspaceId;
        agent.username = username;
        agent.passwordHash = passwordHash;
        agent.displayName = displayName;
        agent.role = role;
        agent.presence = Presence.OFFLINE;
        agent.createdAt = Instant.now();
        return agent;
    }
}
