package io.switchboard.conversation.ownership;

import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.Capacity;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.events.Recorder;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.events.EventPublisher;
import io.switchboard.workspace.AgentService;
import io.switchboard.workspace.QueueService;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R6: the owner, a supervisor or an admin hands a conversation to an agent, a queue, or both
 * (the agent must then be in that queue). It runs under the conversation's hold in Redis and
 * commits only if the conversation did not change since it was read, so a racing claim and
 * transfer cannot both win.
 */
@ApplicationScoped
public class TransferService {

    public record Transfer(UUID agentId, UUID queueId) {
    }

    private record Moved(Conversation conversation, UUID previousOwner, UUID previousQueue) {
    }

    private final OwnershipChanges changes;
    private final EventPublisher events;
    private final ConversationViews views;

    public TransferService(OwnershipChanges changes, EventPublisher events, ConversationViews views) {
        this.changes = changes;
        this.events = events;
        this.views = views;
    }

    public Uni<ConversationView> transfer(Caller caller, UUID conversationId, Transfer request) {
        if (request == null || (request.agentId() == null && request.queueId() == null)) {
            throw ApiException.badRequest("invalid_field", "agentId", "Give an agentId, a queueId or both");
        }
        Recorder recorder = events.recorder();
        return changes.run(caller, conversationId, () -> move(caller, conversationId, request, recorder), Moved::conversation)
                .call(moved -> announce(moved, recorder))
                .chain(moved -> views.of(caller, moved.conversation()));
    }

    /** Supervisor bulk assign: answers how many of the conversations now belong to the agent. */
    public Uni<Integer> assignAll(Caller caller, List<UUID> conversationIds, UUID agentId) {
        return Multi.createFrom().iterable(new java.util.LinkedHashSet<>(conversationIds))
                .onItem().transformToUniAndConcatenate(id -> assign(caller, id, agentId)
                        .map(moved -> 1)
                        .onFailure(failure -> failure instanceof ApiException api && api.status() != 400)
                        .recoverWithItem(0))
                .collect().asList()
                .map(results -> results.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Moved> assign(Caller caller, UUID conversationId, UUID agentId) {
        Recorder recorder = events.recorder();
        return changes.run(caller, conversationId, () -> move(caller, conversationId, new Transfer(agentId, null), recorder), Moved::conversation)
                .call(moved -> announce(moved, recorder));
    }

    private Uni<Moved> move(Caller caller, UUID conversationId, Transfer request, Recorder recorder) {
        return ConversationAccess.visible(caller, conversationId).chain(conversation -> {
            if (conversation.isClosed()) {
                throw ConversationErrors.closed();
            }
            if (!caller.seesAll() && !caller.agentId().equals(conversation.ownerId)) {
                throw ConversationErrors.notOwner();
            }
            UUID targetQueue = request.queueId() != null ? request.queueId() : conversation.queueId;
            return QueueService.find(caller.workspaceId(), targetQueue)
                    .call(queue -> request.agentId() == null ? Uni.createFrom().voidItem()
                            : AgentService.find(caller.workspaceId(), request.agentId()).replaceWithVoid())
                    // R6: the receiving agent belongs to the target queue (the conversation's own when none is given).
                    .call(queue -> request.agentId() == null ? Uni.createFrom().voidItem()
                            : ConversationAccess.isMember(targetQueue, request.agentId()).invoke(member -> {
                                if (!member) {
                                    throw new ApiException(400, "agent_not_in_queue", "The agent is not a member of that queue",
                                            Map.of("field", "agentId"));
                                }
                            }))
                    .chain(queue -> roomFor(caller, conversation, request.agentId(), targetQueue))
                    .chain(overCapacity -> Conversation.update("""
                                    ownerId = ?1, queueId = ?2, version = version + 1, snoozed = false, snoozedUntil = null,
                                    waitingSince = ?6, waitExceededAt = null
                                    where id = ?3 and version = ?4 and status <> ?5""",
                            request.agentId(), targetQueue, conversation.id, conversation.version, ConversationStatus.CLOSED,
                            Instant.now())
                    .chain(updated -> {
                        UUID previousOwner = conversation.ownerId;
                        UUID previousQueue = conversation.queueId;
                        if (updated == 0) {
                            return ConversationAccess.reloaded(conversation).<Moved>map(now -> {
                                throw now.isClosed() ? ConversationErrors.closed() : ConversationErrors.changedMeanwhile(conversationId);
                            });
                        }
                        Map<String, Object> data = new HashMap<>();
                        data.put("fromOwnerId", previousOwner);
                        data.put("toOwnerId", request.agentId());
                        data.put("fromQueueId", previousQueue);
                        data.put("toQueueId", targetQueue);
                        if (overCapacity) {
                            data.put("overCapacity", true);
                        }
                        return ConversationAccess.reloaded(conversation)
                                .call(now -> TimelineEvent.of(now, "transferred", caller.agentId(), data).persist())
                                .call(now -> now.ownerId == null ? Uni.createFrom().voidItem() : AgentStates.markUnread(now.id, now.ownerId))
                                .call(now -> recorder.record(new ConversationEvents.Assigned(now.workspaceId, now.id, now.ownerId,
                                        now.queueId, previousOwner, previousQueue, ConversationEvents.Assigned.BY_TRANSFER, overCapacity)))
                                .map(now -> new Moved(now, previousOwner, previousQueue));
                    }));
        });
    }

    /**
     * R23: a new owner must have room, under their row lock (see {@link Capacity}). A supervisor's
     * explicit assign may take them over, and says so (answers true); anyone else gets 409 at_capacity.
     */
    private Uni<Boolean> roomFor(Caller caller, Conversation conversation, UUID agentId, UUID targetQueue) {
        if (agentId == null || agentId.equals(conversation.ownerId)) {
            return Uni.createFrom().item(false);
        }
        return Capacity.takeForQueue(agentId, targetQueue).chain(capacity -> Capacity.full(agentId, capacity).map(full -> {
            if (full && !caller.seesAll()) {
                throw ConversationErrors.atCapacity(agentId, capacity);
            }
            return full;
        }));
    }

    private Uni<Void> announce(Moved moved, Recorder recorder) {
        Conversation conversation = moved.conversation();
        Log.infof("Conversation %s transferred from %s to %s (queue %s)", conversation.id, moved.previousOwner(),
                conversation.ownerId, conversation.queueId);
        return recorder.relay();
    }
}
