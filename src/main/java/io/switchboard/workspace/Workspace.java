package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** A tenant: every other object belongs to exactly one workspace. */
@Entity
public class Workspace extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(columnDefinition = "text")
    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Where its days begin and end, for reports (#21); an IANA zone such as Europe/London. */
    @Column(name = "time_zone", columnDefinition = "text")
    public String timeZone = "UTC";

    public static Workspace named(String name) {
        Workspace workspace = new Workspace();
        workspace.id = UUID.randomUUID();
        workspace.name = name;
        workspace.createdAt = Instant.now();
        return workspace;
    }
}
