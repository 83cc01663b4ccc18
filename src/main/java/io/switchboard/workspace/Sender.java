package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.switchboard.channel.Channel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** A business number on one channel; inbound messages to it wait in its queue. */
@Entity
public class Sender extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(name = "queue_id")
    public UUID queueId;

    /** E.164 digits without '+', as Vonage sends them. */
    @Column(columnDefinition = "text")
    public String number;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Channel channel;

    /** Added to the end of every outbound text (R9). */
    @Column(name = "appended_message", columnDefinition = "text")
    public String appendedMessage;

    /** ISO 3166 country code, used to pick a sender for a contact (R9). */
    @Column(columnDefinition = "text")
    public String country;

    /** Most outbound messages a day; null for no limit. */
    @Column(name = "daily_limit")
    public Integer dailyLimit;

    /** Zone that the business hours are in (R10). */
    @Column(name = "time_zone", columnDefinition = "text")
    public String timeZone;

    /** R26: sent once to a contact whose new conversation waits; {position} and {minutes} filled in. */
    @Column(name = "waiting_reply", columnDefinition = "text")
    public String waitingReply;

    /** R26: sent once, instead, when a new conversation starts while the business hours are closed (R10). */
    @Column(name = "closed_hours_reply", columnDefinition = "text")
    public String closedHoursReply;

    @Column(name = "created_at")
    public Instant createdAt;
}
