package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An agent group that conversations wait in until claimed (R3) or routed (R22). */
@Entity
@Table(name = "inbox_queue")
public class InboxQueue extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id")
    public UUID workspaceId;

    @Column(columnDefinition = "text")
    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    /** R22: how the queue hands out new conversations. */
    @Enumerated(EnumType.STRING)
    @Column(name = "routing_mode", columnDefinition = "text")
    public RoutingMode routingMode = RoutingMode.MANUAL;

    /** R23: the capacity of its agents who set none of their own; null = unlimited. */
    @Column(name = "max_per_agent")
    public Integer maxPerAgent;

    /** R24: offer each conversation to one agent for this long instead of assigning it; null = assign. */
    @Column(name = "offer_seconds")
    public Integer offerSeconds;

    /** R24: offers an agent may let lapse in a row before their presence stops accepting. */
    @Column(name = "missed_offers_before_away")
    public int missedOffersBeforeAway = 3;

    /** R27: the first-response target of its conversations; null = none. */
    @Column(name = "first_response_seconds")
    public Integer firstResponseSeconds;

    /** #21: how long a conversation may wait unowned here; null = no limit. */
    @Column(name = "max_wait_seconds")
    public Integer maxWaitSeconds;

    /** #21: where a conversation goes when it waited too long; null = supervisors are told instead. */
    @Column(name = "overflow_queue_id")
    public UUID overflowQueueId;

    /** #21: whether its closed conversations ask the contact for a rating from 1 to 5. */
    @Column(name = "survey_enabled")
    public boolean surveyEnabled;

    /** #21: the question asked; null = {@link #DEFAULT_SURVEY_QUESTION}. */
    @Column(name = "survey_question", columnDefinition = "text")
    public String surveyQuestion;

    /** #21: how long after it is asked an answer still counts. */
    @Column(name = "survey_answer_minutes")
    public int surveyAnswerMinutes = 1440;

    public static final String DEFAULT_SURVEY_QUESTION =
            "How would you rate our help? Reply with a number from 1 (poor) to 5 (excellent).";

    public String surveyQuestionOrDefault() {
        return surveyQuestion == null ? DEFAULT_SURVEY_QUESTION : surveyQuestion;
    }

    public static InboxQueue create(UUID workspaceId, String name) {
        InboxQueue queue = new InboxQueue();
        queue.id = UUID.randomUUID();
        queue.workspaceId = workspaceId;
        queue.name = name;
        queue.createdAt = Instant.now();
        return queue;
    }
}
