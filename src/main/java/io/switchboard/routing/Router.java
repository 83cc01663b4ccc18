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
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * R22, R23: hands a routed queue's conversations to its eligible agents (member, active, presence
 * accepting, under capacity), each to the one its mode picks: a new one as it arrives, in the
 * transaction that stores it, unless someone older waits; waiting ones oldest first, until nothing
 * waits or nobody is eligible.
 * <p>
 * Each assignment is one PostgreSQL transaction that locks the oldest waiting conversation and then
 * the agent. A router that finds the oldest locked waits for it (holding nothing yet), so routers on
 * several instances keep oldest first: skipping it, a second router would hand a younger one to the
 * agent the first was about to get (seen across two instances). Agents are taken with
 * {@code SKIP LOCKED}, so no router waits on a lock while holding one, and none gives one agent two
 * conversations past their capacity: the agent's open count is read again after their row is locked, as claims and
 * transfers do ({@link Capacity}). Redis is settled to what committed, as after a claim.
 */
@ApplicationScoped
public class Router implements ArrivalRouting {

    /** The oldest waiting conversation of a routed queue not under an offer; one another router holds is waited for, and rechecked. */
    private static final String NEXT_WAITING = """
            select c.id, c.created_at from conversation c join inbox_queue q on q.id = c.queue_id
            where c.queue_id = :queue and c.owner_id is null and c.status <> 'CLOSED' and q.routing_mode <> 'MANUAL'
              and not exists (select 1 from conversation_offer o where o.conversation_id = c.id)
              and (c.created_at, c.id) > (:afterAt, :afterId)
            order by c.created_at, c.id
            limit 1
            for update of c""";

    /** R22's eligible agents of the queue: member, active, accepting, with room, not holding an offer (R24). */
    private static final String ELIGIBLE_AGENTS = """
            from inbox_queue q
            join queue_member m on m.queue_id = q.id
            join agent a on a.id = m.agent_id
            cross join lateral (select count(*) as open from conversation o where o.owner_id = a.id and o.status <> 'CLOSED') load
            where q.id = :queue and a.active
              and (a.presence = 'READY' or exists (select 1 from presence_status s
                    where s.workspace_id = a.workspace_id and s.name = a.presence and s.accepts_new_conversations))
              and (coalesce(a.max_conversations, q.max_per_agent) is null or load.open < coalesce(a.max_conversations, q.max_per_agent))
              and (q.offer_seconds is null or not exists (select 1 from conversation_offer o where o.agent_id = a.id))
            """;

    /** R24: an agent who turned the conversation down is not offered it again. */
    private static final String NOT_DECLINED = """
              and (q.offer_seconds is null or not exists (select 1 from conversation_offer_declined d
                    where d.conversation_id = :conversation and d.agent_id = a.id))
            """;

    /** The best eligible agent for the conversation, in the order the queue's mode prefers. */
    private static final String ELIGIBLE = "select a.id " + ELIGIBLE_AGENTS + NOT_DECLINED + """
            order by case when q.routing_mode = 'LEAST_BUSY' then load.open else 0 end, a.last_assigned_at nulls first, a.id
            limit 1""";

    /**
     * Why no agent took the conversation, read in one snapshot: someone could (they were locked, or
     * became eligible since), or nobody at all, or only agents who declined it. Separate statements
     * could see an agent freed between them and skip the oldest for a younger one.
     */
    private static final String WHY_NOBODY = "select exists (select 1 " + ELIGIBLE_AGENTS + NOT_DECLINED + "), exists (select 1 "
            + ELIGIBLE_AGENTS + ")";

    private static final String LOCKED = " for update of a skip locked";

    /** A candidate was locked by a claim, transfer or another router: try again shortly. */
    private static final Duration BUSY_RETRY = Duration.ofMillis(20);
    private static final int BUSY_RETRIES = 100;

    enum Step { ASSIGNED, OFFERED, SKIPPED, NOTHING_WAITING, NOBODY_ELIGIBLE, TRY_AGAIN }

    /** Someone arrived in the queue before this conversation and still waits: it may not jump the line. */
    private static final String OLDER_WAITING = """
            select exists (select 1 from conversation c where c.queue_id = :queue and c.owner_id is null and c.status <> 'CLOSED'
                                                          and (c.created_at, c.id) < (:createdAt, :id))""";

    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final RoutedQueues routedQueues;
    private final Offers offers;

    public Router(EventPublisher events, OwnershipCache ownership, RoutedQueues routedQueues, Offers offers) {
        this.events = events;
        this.ownership = ownership;
        this.routedQueues = routedQueues;
        this.offers = offers;
    }

    /**
     * At arrival, in the transaction storing the new conversation: the agent to own it, locked and
     * with room, unless its queue is manual, someone older waits, or nobody is eligible now.
     */
    @Override
    public Uni<UUID> ownerOnArrival(Conversation started) {
        UUID queueId = started.queueId;
        return routedQueues.routing(queueId).chain(routing -> !routing.assignsOnArrival() ? Uni.createFrom().nullItem()
                : olderWaiting(started).chain(older -> older ? Uni.createFrom().<UUID>nullItem()
                        : eligible(queueId, started.id, true).chain(agentId -> agentId == null ? Uni.createFrom().<UUID>nullItem()
                                : Capacity.takeForQueue(agentId, queueId)
                                .chain(capacity -> Capacity.full(agentId, capacity))
                                .map(full -> full ? null : agentId))));
    }

    private static Uni<Boolean> olderWaiting(Conversation started) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OLDER_WAITING, Boolean.class)
                .setParameter("queue", started.queueId).setParameter("createdAt", started.createdAt).setParameter("id", started.id)
                .getSingleResult());
    }

    /** Assigns (or offers) what it can in the queue; answers how many. Runs on a Vert.x duplicated context. */
    public Uni<Integer> route(UUID queueId) {
        return route(queueId, Cursor.START, 0, BUSY_RETRIES);
    }

    /** Where the oldest-first walk through a queue's waiting conversations stands. */
    private record Cursor(Instant after, UUID afterId) {
        static final Cursor START = new Cursor(Instant.EPOCH, NO_ID);
    }

    private static final UUID NO_ID = new UUID(0, 0);

    private Uni<Integer> route(UUID queueId, Cursor cursor, int assigned, int retriesLeft) {
        return assignNext(queueId, cursor).chain(next -> switch (next.step()) {
            case ASSIGNED, OFFERED -> route(queueId, cursor, assigned + 1, BUSY_RETRIES);
            // R24: everyone eligible declined this one or let it lapse; the next may still go out.
            case SKIPPED -> route(queueId, next.skipped(), assigned, retriesLeft);
            case TRY_AGAIN -> retriesLeft == 0 ? Uni.createFrom().item(assigned)
                    : Uni.createFrom().voidItem().onItem().delayIt().by(BUSY_RETRY).chain(() -> route(queueId, cursor, assigned, retriesLeft - 1));
            case NOTHING_WAITING, NOBODY_ELIGIBLE -> Uni.createFrom().item(assigned);
        });
    }

    private record Assignment(Step step, Conversation conversation, Recorder recorder, Cursor skipped) {
        static Assignment only(Step step) {
            return new Assignment(step, null, null, null);
        }
    }

    private Uni<Assignment> assignNext(UUID queueId, Cursor cursor) {
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> nextWaiting(queueId, cursor).chain(waiting -> {
                    if (waiting == null) {
                        return Uni.createFrom().item(Assignment.only(Step.NOTHING_WAITING));
                    }
                    UUID conversationId = (UUID) waiting[0];
                    return eligible(queueId, conversationId, true).chain(agentId -> agentId != null
                            ? assign(conversationId, agentId, queueId, recorder)
                            : whyNobody(queueId, conversationId).map(why -> {
                                if ((Boolean) why[0]) {
                                    return Assignment.only(Step.TRY_AGAIN);
                                }
                                // Nobody for this one: nobody at all, or only those who turned it down.
                                return (Boolean) why[1] ? new Assignment(Step.SKIPPED, null, null, new Cursor(toInstant(waiting[1]), conversationId))
                                        : Assignment.only(Step.NOBODY_ELIGIBLE);
                            }));
                }))
                .call(done -> switch (done.step()) {
                    case ASSIGNED -> ownership.repair(done.conversation()).chain(() -> done.recorder().relay());
                    case OFFERED -> done.recorder().relay();
                    default -> Uni.createFrom().voidItem();
                });
    }

    private static Instant toInstant(Object timestamp) {
        return timestamp instanceof OffsetDateTime time ? time.toInstant() : (Instant) timestamp;
    }

    private static Uni<Object[]> nextWaiting(UUID queueId, Cursor cursor) {
        return Panache.getSession().chain(session -> session.createNativeQuery(NEXT_WAITING, Object[].class)
                .setParameter("queue", queueId).setParameter("afterAt", cursor.after()).setParameter("afterId", cursor.afterId())
                .getSingleResultOrNull());
    }

    /**
     * With the conversation and the agent locked: the agent's room counted afresh, then the
     * assignment, or in a queue with offers (R24) the offer.
     */
    private Uni<Assignment> assign(UUID conversationId, UUID agentId, UUID queueId, Recorder recorder) {
        return Capacity.takeForQueue(agentId, queueId)
                .chain(capacity -> Capacity.full(agentId, capacity))
                .chain(full -> full ? Uni.createFrom().item(Assignment.only(Step.TRY_AGAIN))
                        : Conversation.<Conversation>findById(conversationId).chain(conversation -> routedQueues.routing(queueId).chain(routing -> {
                            if (routing.offers()) {
                                return offers.offer(conversation, agentId, routing.offerSeconds(), recorder)
                                        .replaceWith(new Assignment(Step.OFFERED, null, recorder, null));
                            }
                            return routeTo(conversation, agentId, recorder)
                                    .invoke(() -> Log.infof("Conversation %s routed to %s", conversation.id, agentId))
                                    .replaceWith(new Assignment(Step.ASSIGNED, conversation, recorder, null));
                        })));
    }

    /**
     * The conversation (locked, waiting) becomes the agent's: R13 on the timeline, unread for them
     * (R14), told live to them, the queue and supervisors. Routing and an accepted offer both end here.
     */
    static Uni<Void> routeTo(Conversation conversation, UUID agentId, Recorder recorder) {
        conversation.ownerId = agentId;
        conversation.claimedAt = Instant.now();
        conversation.version++;
        return TimelineEvent.of(conversation, "routed", null, Map.of("toOwnerId", conversation.ownerId)).persist()
                .call(() -> AgentStates.markUnread(conversation.id, conversation.ownerId))
                .call(() -> recorder.record(new ConversationEvents.Assigned(conversation.workspaceId, conversation.id,
                        conversation.ownerId, conversation.queueId, null, conversation.queueId, ConversationEvents.Assigned.BY_ROUTING, false)))
                .replaceWithVoid();
    }

    /** The best eligible agent for the conversation ({@code locked}: skipping agents another path holds). */
    private static Uni<UUID> eligible(UUID queueId, UUID conversationId, boolean locked) {
        return Panache.getSession().chain(session -> session.createNativeQuery(locked ? ELIGIBLE + LOCKED : ELIGIBLE, UUID.class)
                .setParameter("queue", queueId).setParameter("conversation", conversationId).getSingleResultOrNull());
    }

    /** {@link #WHY_NOBODY}: whether anyone may have the conversation, and whether anyone is eligible at all. */
    private static Uni<Object[]> whyNobody(UUID queueId, UUID conversationId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(WHY_NOBODY, Object[].class)
                .setParameter("queue", queueId).setParameter("conversation", conversationId).getSingleResult());
    }
}
