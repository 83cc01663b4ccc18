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
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.conversation.TimelineEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.conversation.OwnershipCache.Attempt;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.Recorder;
import io.switchboard.workspace.ClaimEligibility;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * R4, R5: an agent of the conversation's queue whose presence accepts new conversations takes an
 * unowned one. Redis decides the race and eligibility in one atomic step ({@link OwnershipCache}),
 * so exactly one eligible caller holds it and every other caller is answered from Redis alone. The
 * holder then writes ownership in PostgreSQL with an update that checks the same rules again (it
 * is the truth); whatever PostgreSQL says, Redis is settled to it and the hold released.
 */
@ApplicationScoped
public class ClaimService {

    /**
     * The claim in PostgreSQL: still unowned and open, the claimant a member of its queue whose
     * presence accepts new conversations (READY or an accepting custom status) and under capacity
     * (R23; the claimant's row is locked by {@link Capacity} before, so the count is exact).
     */
    private static final String CLAIM = """
            update Conversation c set c.ownerId = :agent, c.claimedAt = :now, c.version = c.version + 1
            where c.id = :id and c.workspaceId = :ws and c.ownerId is null and c.status <> :closed
              and exists (from QueueMember m where m.queueId = c.queueId and m.agentId = :agent)
              and exists (from Agent a where a.id = :agent and (a.presence = 'READY' or exists (
                    from PresenceStatus s where s.workspaceId = a.workspaceId and s.name = a.presence
                                           and s.acceptsNewConversations = true)))
              and (:capacity < 0 or (select count(o) from Conversation o where o.ownerId = :agent and o.status <> :closed) < :capacity)""";

    /** A missing entry is loaded and the claim asked again; more than this means Redis keeps losing it. */
    private static final int LOAD_ATTEMPTS = 4;

    private final OwnershipCache ownership;
    private final OwnershipChanges changes;
    private final ClaimEligibility eligibility;
    private final EventPublisher events;
    private final ConversationViews views;

    public ClaimService(OwnershipCache ownership, OwnershipChanges changes, ClaimEligibility eligibility, EventPublisher events,
                        ConversationViews views) {
        this.ownership = ownership;
        this.changes = changes;
        this.eligibility = eligibility;
        this.events = events;
        this.views = views;
    }

    public Uni<ConversationView> claim(Caller caller, UUID conversationId) {
        return decide(caller, conversationId, LOAD_ATTEMPTS).chain(attempt -> switch (attempt.outcome()) {
            case WON -> commit(caller, conversationId);
            case MINE -> current(caller, conversationId);
            case OWNED -> Uni.createFrom().failure(ConversationErrors.alreadyClaimed(attempt.value()));
            case HELD -> Uni.createFrom().failure(attempt.value().startsWith(OwnershipChanges.HOLD_PREFIX)
                    ? ConversationErrors.changedMeanwhile(conversationId)
                    : ConversationErrors.alreadyClaimed(attempt.value()));
            case CLOSED -> Uni.createFrom().failure(ConversationErrors.closed());
            case NOT_VISIBLE -> Uni.createFrom().failure(ConversationErrors.notFound());
            case NOT_MEMBER -> Uni.createFrom().failure(ConversationErrors.notQueueMember());
            case NOT_ACCEPTING -> Uni.createFrom().failure(ConversationErrors.notAccepting(attempt.value()));
            case MISSING, REBUILD -> Uni.createFrom().failure(unavailable());
        });
    }

    /** Asks Redis, loading the conversation or the workspace's eligibility from PostgreSQL when Redis lacks them. */
    private Uni<Attempt> decide(Caller caller, UUID conversationId, int loadsLeft) {
        return ownership.tryClaim(caller.workspaceId(), conversationId, caller.agentId(), caller.seesAll()).chain(attempt -> {
            if (loadsLeft == 0) {
                return Uni.createFrom().item(attempt);
            }
            return switch (attempt.outcome()) {
                case MISSING -> Panache.withSession(() -> ConversationAccess.load(caller, conversationId))
                        .chain(ownership::repair)
                        .chain(() -> decide(caller, conversationId, loadsLeft - 1));
                case REBUILD -> eligibility.rebuild(caller.workspaceId()).chain(() -> decide(caller, conversationId, loadsLeft - 1));
                default -> Uni.createFrom().item(attempt);
            };
        });
    }

    /** The caller holds the conversation in Redis: write it in PostgreSQL, then settle Redis to what committed. */
    private Uni<ConversationView> commit(Caller caller, UUID conversationId) {
        UUID me = caller.agentId();
        String hold = me.toString();
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> Capacity.takeForConversation(me, conversationId)
                        .chain(capacity -> Panache.getSession().chain(session -> session.createMutationQuery(CLAIM)
                                .setParameter("agent", me).setParameter("now", Instant.now()).setParameter("id", conversationId)
                                .setParameter("ws", caller.workspaceId()).setParameter("closed", ConversationStatus.CLOSED)
                                .setParameter("capacity", capacity)
                                .executeUpdate()))
                        .chain(updated -> Conversation.<Conversation>findById(conversationId).chain(now -> updated == 0
                                ? Uni.createFrom().item(new Outcome(now, false))
                                : TimelineEvent.of(now, "claimed", me, Map.of("ownerId", me)).persist()
                                .call(() -> AgentStates.markRead(now.id, me))
                                .call(() -> recorder.record(new ConversationEvents.Claimed(now.workspaceId, now.id, me, now.queueId)))
                                .replaceWith(new Outcome(now, true)))))
                .onFailure().call(failure -> changes.reconcile(caller, conversationId, hold))
                .call(outcome -> ownership.settle(outcome.truth(), hold))
                .chain(outcome -> outcome.won()
                        ? announce(caller, outcome.truth(), recorder).chain(() -> views.of(caller, outcome.truth()))
                        : refused(caller, outcome.truth()));
    }

    private record Outcome(Conversation truth, boolean won) {
    }

    /**
     * PostgreSQL refused what Redis let through: someone else's change landed first, or Redis held
     * stale membership or presence for the caller. Answer from PostgreSQL and correct Redis.
     */
    private Uni<ConversationView> refused(Caller caller, Conversation truth) {
        if (caller.agentId().equals(truth.ownerId)) {
            return views.of(caller, truth);
        }
        if (truth.isClosed()) {
            return Uni.createFrom().failure(ConversationErrors.closed());
        }
        if (truth.ownerId != null) {
            return Uni.createFrom().failure(ConversationErrors.alreadyClaimed(truth.ownerId));
        }
        return eligibility.correct(caller.workspaceId(), truth.queueId, caller.agentId()).map(facts -> {
            Log.infof("Claim of %s by %s refused by PostgreSQL; Redis eligibility corrected", truth.id, caller.agentId());
            if (!facts.member()) {
                throw caller.seesAll() ? ConversationErrors.notQueueMember() : ConversationErrors.notFound();
            }
            if (!facts.accepts()) {
                throw ConversationErrors.notAccepting(facts.presence());
            }
            return facts;
        }).chain(facts -> Panache.withSession(() -> Capacity.room(caller.agentId(), truth.queueId))).map(room -> {
            if (room.full()) {
                throw ConversationErrors.atCapacity(caller.agentId(), room.capacity());
            }
            throw ConversationErrors.changedMeanwhile(truth.id);
        });
    }

    private Uni<ConversationView> current(Caller caller, UUID conversationId) {
        return Panache.withSession(() -> ConversationAccess.load(caller, conversationId)).chain(c -> views.of(caller, c));
    }

    private Uni<Void> announce(Caller caller, Conversation conversation, Recorder recorder) {
        Log.infof("Conversation %s claimed by %s", conversation.id, caller.agentId());
        return recorder.relay();
    }

    private static ApiException unavailable() {
        return new ApiException(503, "unavailable", "Ownership state could not be loaded; try again");
    }
}
