package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An agent's own notification preferences (issue 20): desktop notifications and a sound for new alerts and assignments. */
@Entity
@Table(name = "agent_preferences")
public class AgentPreferences extends PanacheEntityBase {

    @Id
    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "desktop_notifications")
    public boolean desktopNotifications;

    public boolean sound;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
