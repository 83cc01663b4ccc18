package io.switchboard.routing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.ArrivalRouting;
import io.switchboard.conversation.Capacity;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.Recorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * R22, R23: hands a routed queue's conversations to its eligible agents (member, active, presence
 * accepting, under capacity), each to the one its mode picks: a new one as it arrives, in the
 * transaction that stores it, unless someone older waits; waiting ones oldest first, until nothing
 * waits or nobody is eligible.
 * <p>
 * Each assignment is one PostgreSQL transaction that locks the conversation and then the agent with
 * {@code SKIP LOCKED}, so routers on any number of instances hand out different conversations,
 * never wait on a lock while holding one, and never give one agent two conversations past their
 * capacity: the agent's open count is read again after their row is locked, as claims and
 * transfers do ({@link Capacity}). Redis is settled to what committed, as after a claim.
 */
@ApplicationScoped
public class Router implements ArrivalRouting {

    /** The oldest waiting conversation of a routed queue that no other router is handing out. */
    private static final String NEXT_WAITING = """
            select c.id from conversation c join inbox_queue q on q.id = c.queue_id
            where c.queue_id = :queue and c.owner_id is null and c.status <> 'CLOSED' and q.routing_mode <> 'MANUAL'
            order by c.created_at, c.id
            limit 1
            for update of c skip locked""";

    /** R22's eligible agents of the queue in the order its mode prefers. */
    private static final String ELIGIBLE = """
            select a.id from inbox_queue q
            join queue_member m on m.queue_id = q.id
            join agent a on a.id = m.agent_id
            cross join lateral (select count(*) as open from conversation o where o.owner_id = a.id and o.status <> 'CLOSED') load
            where q.id = :queue and a.active
              and (a.presence = 'READY' or exists (select 1 from presence_status s
                    where s.workspace_id = a.workspace_id and s.name = a.presence and s.accepts_new_conversations))
              and (coalesce(a.max_conversations, q.max_per_agent) is null or load.open < coalesce(a.max_conversations, q.max_per_agent))
            order by case when q.routing_mode = 'LEAST_BUSY' then load.open else 0 end, a.last_assigned_at nulls first, a.id
            limit 1""";

    private static final String LOCKED = " for update of a skip locked";

    /** A candidate was locked by a claim, transfer or another router: try again shortly. */
    private static final Duration BUSY_RETRY = Duration.ofMillis(20);
    private static final int BUSY_RETRIES = 100;

    enum Step { ASSIGNED, NOTHING_WAITING, NOBODY_ELIGIBLE, TRY_AGAIN }

    /** Someone arrived in the queue before this conversation and still waits: it may not jump the line. */
    private static final String OLDER_WAITING = """
            select exists (select 1 from conversation c where c.queue_id = :queue and c.owner_id is null and c.status <> 'CLOSED'
                                                          and (c.created_at, c.id) < (:createdAt, :id))""";

    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final RoutedQueues routedQueues;

    public Router(EventPublisher events, OwnershipCache ownership, RoutedQueues routedQueues) {
        this.events = events;
        this.ownership = ownership;
        this.routedQueues = routedQueues;
    }

    /**
     * At arrival, in the transaction storing the new conversation: the agent to own it, locked and
     * with room, unless its queue is manual, someone older waits, or nobody is eligible now.
     */
    @Override
    public Uni<UUID> ownerOnArrival(Conversation started) {
        UUID queueId = started.queueId;
        return routedQueues.isRouted(queueId).chain(routed -> !routed ? Uni.createFrom().nullItem()
                : olderWaiting(started).chain(older -> older ? Uni.createFrom().<UUID>nullItem()
                        : scalar(ELIGIBLE + LOCKED, queueId).chain(agentId -> agentId == null ? Uni.createFrom().<UUID>nullItem()
                                : Capacity.takeForQueue(agentId, queueId)
                                .chain(capacity -> Capacity.full(agentId, capacity))
                                .map(full -> full ? null : agentId))));
    }

    private static Uni<Boolean> olderWaiting(Conversation started) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OLDER_WAITING, Boolean.class)
                .setParameter("queue", started.queueId).setParameter("createdAt", started.createdAt).setParameter("id", started.id)
                .getSingleResult());
    }

    /** Assigns what it can in the queue; answers how many. Runs on a Vert.x duplicated context. */
    public Uni<Integer> route(UUID queueId) {
        return route(queueId, 0, BUSY_RETRIES);
    }

    private Uni<Integer> route(UUID queueId, int assigned, int retriesLeft) {
        return assignNext(queueId).chain(step -> switch (step) {
            case ASSIGNED -> route(queueId, assigned + 1, BUSY_RETRIES);
            case TRY_AGAIN -> retriesLeft == 0 ? Uni.createFrom().item(assigned)
                    : Uni.createFrom().voidItem().onItem().delayIt().by(BUSY_RETRY).chain(() -> route(queueId, assigned, retriesLeft - 1));
            case NOTHING_WAITING, NOBODY_ELIGIBLE -> Uni.createFrom().item(assigned);
        });
    }

    private record Assignment(Step step, Conversation conversation, Recorder recorder) {
        static Assignment only(Step step) {
            return new Assignment(step, null, null);
        }
    }

    private Uni<Step> assignNext(UUID queueId) {
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> scalar(NEXT_WAITING, queueId).chain(conversationId -> conversationId == null
                        ? Uni.createFrom().item(Assignment.only(Step.NOTHING_WAITING))
                        : scalar(ELIGIBLE + LOCKED, queueId).chain(agentId -> agentId == null
                                ? scalar(ELIGIBLE, queueId).map(unlocked -> Assignment.only(unlocked == null ? Step.NOBODY_ELIGIBLE : Step.TRY_AGAIN))
                                : assign(conversationId, agentId, queueId, recorder))))
                .call(done -> done.step() == Step.ASSIGNED
                        ? ownership.repair(done.conversation()).chain(() -> done.recorder().relay())
                        : Uni.createFrom().voidItem())
                .map(Assignment::step);
    }

    /** With the conversation and the agent locked: the agent's room counted afresh, then the assignment. */
    private Uni<Assignment> assign(UUID conversationId, UUID agentId, UUID queueId, Recorder recorder) {
        return Capacity.takeForQueue(agentId, queueId)
                .chain(capacity -> Capacity.full(agentId, capacity))
                .chain(full -> full ? Uni.createFrom().item(Assignment.only(Step.TRY_AGAIN))
                        : Conversation.<Conversation>findById(conversationId).chain(conversation -> {
                            conversation.ownerId = agentId;
                            conversation.claimedAt = Instant.now();
                            conversation.version++;
                            return recordRouted(conversation, recorder)
                                    .invoke(() -> Log.infof("Conversation %s routed to %s", conversation.id, agentId))
                                    .replaceWith(new Assignment(Step.ASSIGNED, conversation, recorder));
                        }));
    }

    /** R13: on the timeline; unread for its new owner (R14); told live to them, the queue and supervisors. */
    private static Uni<Void> recordRouted(Conversation conversation, Recorder recorder) {
        return TimelineEvent.of(conversation, "routed", null, Map.of("toOwnerId", conversation.ownerId)).persist()
                .call(() -> AgentStates.markUnread(conversation.id, conversation.ownerId))
                .call(() -> recorder.record(new ConversationEvents.Assigned(conversation.workspaceId, conversation.id,
                        conversation.ownerId, conversation.queueId, null, conversation.queueId, ConversationEvents.Assigned.BY_ROUTING, false)))
                .replaceWithVoid();
    }

    private static Uni<UUID> scalar(String sql, UUID queueId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, UUID.class)
                .setParameter("queue", queueId).getSingleResultOrNull());
    }
}
