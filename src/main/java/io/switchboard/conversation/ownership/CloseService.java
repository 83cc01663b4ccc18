package io.switchboard.conversation.ownership;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.conversation.messaging.SatisfactionSurvey;
import io.switchboard.events.Recorder;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.DeliveryPipeline;
import io.switchboard.common.ApiException;
import io.switchboard.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R7: the owner, a supervisor or an admin closes a conversation. Ownership is released, the
 * conversation becomes read-only for good, and Redis marks it closed so no claim can take it.
 */
@ApplicationScoped
public class CloseService {

    private static final String CLOSE = """
            status = ?1, lastOwnerId = ownerId, ownerId = null, closedAt = ?2, closedBy = ?3, version = version + 1,
            snoozed = false, snoozedUntil = null
            where id = ?4 and status <> ?1""";

    private record Closed(Conversation conversation, UUID previousOwner, boolean surveyQueued) {
    }

    private final OwnershipChanges changes;
    private final EventPublisher events;
    private final ConversationViews views;
    private final DeliveryPipeline delivery;

    public CloseService(OwnershipChanges changes, EventPublisher events, ConversationViews views, DeliveryPipeline delivery) {
        this.changes = changes;
        this.delivery = delivery;
        this.events = events;
        this.views = views;
    }

    public Uni<ConversationView> close(Caller caller, UUID conversationId) {
        return closeOne(caller, conversationId).chain(closed -> views.of(caller, closed.conversation()));
    }

    /** Supervisor bulk close: answers how many were closed by this call. */
    public Uni<Integer> closeAll(Caller caller, List<UUID> conversationIds) {
        return Multi.createFrom().iterable(new LinkedHashSet<>(conversationIds))
                .onItem().transformToUniAndConcatenate(id -> closeOne(caller, id)
                        .map(closed -> 1)
                        .onFailure(ApiException.class).recoverWithItem(0))
                .collect().asList()
                .map(results -> results.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Closed> closeOne(Caller caller, UUID conversationId) {
        Recorder recorder = events.recorder();
        return changes.run(caller, conversationId, () -> closeInDatabase(caller, conversationId, recorder), Closed::conversation)
                .call(closed -> announce(caller, closed, recorder));
    }

    private Uni<Closed> closeInDatabase(Caller caller, UUID conversationId, Recorder recorder) {
        return ConversationAccess.visible(caller, conversationId).chain(conversation -> {
            if (conversation.isClosed()) {
                throw ConversationErrors.closed();
            }
            boolean asOwner = !caller.seesAll();
            if (asOwner && !caller.agentId().equals(conversation.ownerId)) {
                throw ConversationErrors.notOwner();
            }
            UUID previousOwner = conversation.ownerId;
            // A supervisor's close wins over any concurrent change; an owner's only while they still own it.
            Uni<Integer> closing = asOwner
                    ? Conversation.update(CLOSE + " and ownerId = ?5",
                    ConversationStatus.CLOSED, Instant.now(), caller.agentId(), conversation.id, caller.agentId())
                    : Conversation.update(CLOSE, ConversationStatus.CLOSED, Instant.now(), caller.agentId(), conversation.id);
            return closing
                    .chain(updated -> ConversationAccess.reloaded(conversation).map(now -> {
                        if (updated == 0) {
                            throw now.isClosed() ? ConversationErrors.closed() : ConversationErrors.notOwner();
                        }
                        return now;
                    }))
                    .call(now -> TimelineEvent.of(now, "closed", caller.agentId(), Map.of("closedBy", caller.agentId())).persist())
                    .chain(now -> SatisfactionSurvey.ask(now, Instant.now()).map(asked -> new Closed(now, previousOwner, asked)))
                    .call(closed -> recorder.record(new ConversationEvents.Closed(closed.conversation().workspaceId,
                            closed.conversation().id, caller.agentId(), closed.conversation().queueId, previousOwner)));
        });
    }

    private Uni<Void> announce(Caller caller, Closed closed, Recorder recorder) {
        Conversation conversation = closed.conversation();
        Log.infof("Conversation %s closed by %s", conversation.id, caller.agentId());
        if (closed.surveyQueued()) {
            delivery.dueAt(Instant.now());
        }
        return recorder.relay();
    }
}
