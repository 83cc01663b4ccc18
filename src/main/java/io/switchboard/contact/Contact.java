package io.switchboard.contact;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** A mobile end user, known by number within a workspace (R18). */
@Entity
public class Contact extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    /** E.164 digits without '+'. */
    @Column(columnDefinition = "text")
    public String number;

    @Column(columnDefinition = "text")
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Classification classification;

    /** ISO 3166 region of the number, from libphonenumber. */
    @Column(columnDefinition = "text")
    public String country;

    @Column(columnDefinition = "text")
    public String notes;

    /** True after STOP until START (R10). */
    @Column(name = "opted_out")
    public boolean optedOut;

    @Column(name = "opted_out_at")
    public Instant optedOutAt;

    /** Opens the WhatsApp 24-hour window (R10). */
    @Column(name = "last_inbound_at")
    public Instant lastInboundAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
