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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
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
     * (R23: their own maximum, else the queue's, as {@link Capacity}; the claimant's row is locked
     * by the statement before, so the count is exact).
     */
    private static final String CLAIM = """
            update conversation c set owner_id = a.id, claimed_at = $2, version = c.version + 1
            from agent a, inbox_queue q
            where c.id = $3 and c.workspace_id = $4 and c.owner_id is null and c.status <> 'CLOSED'
              and a.id = $1 and q.id = c.queue_id
              and exists (select 1 from queue_member m where m.queue_id = c.queue_id and m.agent_id = a.id)
              and (a.presence = 'READY' or exists (select 1 from presence_status s where s.workspace_id = a.workspace_id
                                                   and s.name = a.presence and s.accepts_new_conversations))
              and (coalesce(a.max_conversations, q.max_per_agent) is null
                   or (select count(*) from conversation o where o.owner_id = a.id and o.status <> 'CLOSED')
                      < coalesce(a.max_conversations, q.max_per_agent))
            returning c.workspace_id, c.queue_id, c.owner_id, c.status, c.version""";

    /** What PostgreSQL holds when it refused the claim. */
    private static final String TRUTH = "select workspace_id, queue_id, owner_id, status, version from conversation where id = $1";

    /** A missing entry is loaded and the claim asked again; more than this means Redis keeps losing it. */
    private static final int LOAD_ATTEMPTS = 4;

    private final OwnershipCache ownership;
    private final OwnershipChanges changes;
    private final ClaimEligibility eligibility;
    private final EventPublisher events;
    private final ConversationViews views;
    private final Pool pool;

    public ClaimService(OwnershipCache ownership, OwnershipChanges changes, ClaimEligibility eligibility, EventPublisher events,
                        ConversationViews views, Pool pool) {
        this.pool = pool;
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

    /**
     * The caller holds the conversation in Redis: write it in PostgreSQL, then settle Redis to what
     * committed. One transaction of the reactive SQL client in two round trips: the claimant's lock
     * with the claim, then the timeline, the claimant's read state, the event and the caller's view
     * of the result.
     */
    private Uni<ConversationView> commit(Caller caller, UUID conversationId) {
        UUID me = caller.agentId();
        String hold = me.toString();
        Recorder recorder = events.recorder();
        Tuple claim = Tuple.of(me, Instant.now().atOffset(ZoneOffset.UTC), conversationId, caller.workspaceId());
        // The lock and the claim are sent together: PostgreSQL runs the claim after the lock is held.
        return pool.<Outcome>withTransaction(tx -> Uni.combine().all()
                        .unis(Capacity.lock(tx, me), tx.preparedQuery(CLAIM).execute(claim)).asTuple()
                        .chain(locked -> {
                            RowSet<Row> claimed = locked.getItem2();
                            return claimed.rowCount() == 0 ? refusedBy(tx, conversationId)
                                    : record(tx, caller, conversation(conversationId, claimed.iterator().next()), recorder);
                        }))
                .onFailure().call(failure -> changes.reconcile(caller, conversationId, hold))
                .call(outcome -> ownership.settle(outcome.truth(), hold))
                .chain(outcome -> outcome.won()
                        ? announce(caller, outcome.truth(), recorder).replaceWith(outcome.view())
                        : refused(caller, outcome.truth()));
    }

    /** The claim's consequences and the winner's view, sent together so the connection pipelines them. */
    private Uni<Outcome> record(SqlClient tx, Caller caller, Conversation claimed, Recorder recorder) {
        UUID me = caller.agentId();
        return Uni.combine().all().unis(
                        TimelineEvent.of(claimed, "claimed", me, Map.of("ownerId", me)).insert(tx),
                        AgentStates.markRead(tx, claimed.id, me),
                        recorder.record(tx, new ConversationEvents.Claimed(claimed.workspaceId, claimed.id, me, claimed.queueId)),
                        views.of(tx, caller, claimed.id))
                .with(results -> new Outcome(claimed, (ConversationView) results.get(3)));
    }

    private static Uni<Outcome> refusedBy(SqlClient tx, UUID conversationId) {
        return tx.preparedQuery(TRUTH).execute(Tuple.of(conversationId)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ConversationErrors.notFound();
            }
            return new Outcome(conversation(conversationId, rows.iterator().next()), null);
        });
    }

    /** The conversation's ownership as PostgreSQL returned it (the columns of {@link #CLAIM}'s and {@link #TRUTH}'s rows). */
    private static Conversation conversation(UUID id, Row row) {
        Conversation conversation = new Conversation();
        conversation.id = id;
        conversation.workspaceId = row.getUUID(0);
        conversation.queueId = row.getUUID(1);
        conversation.ownerId = row.getUUID(2);
        conversation.status = ConversationStatus.valueOf(row.getString(3));
        conversation.version = row.getLong(4);
        return conversation;
    }

    /** What committed; {@code view} is the winner's answer, none when PostgreSQL refused the claim. */
    private record Outcome(Conversation truth, ConversationView view) {
        boolean won() {
            return view != null;
        }
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
