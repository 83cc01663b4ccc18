package io.switchboard.routing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.FreshContext;
import io.switchboard.common.Repeat;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvents.Assigned;
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.LiveEvent;
import io.switchboard.events.WorkspaceRecorders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * #21 queue time limits: a conversation waiting unowned longer than its queue's
 * {@code max_wait_seconds} moves to the queue's overflow queue (waiting there from now, under that
 * queue's own limit), or, with none, is flagged once to supervisors; either way with a timeline
 * entry and {@code conversation.wait_exceeded}. Every instance looks each second; one statement
 * takes the due rows with {@code FOR UPDATE SKIP LOCKED}, changes them and writes their timeline
 * entries, and the events are written in its transaction: each crossing is acted on once.
 * A conversation under an offer (R24) is left to its offer.
 */
@ApplicationScoped
public class WaitLimits {

    private static final long CHECK_MILLIS = 1000;

    private static final String ACT_ON_DUE = """
            with due as (
                select c.id, c.workspace_id, c.queue_id, q.overflow_queue_id, q.max_wait_seconds,
                       extract(epoch from now() - c.waiting_since)::bigint as waited
                from conversation c join inbox_queue q on q.id = c.queue_id
                where c.owner_id is null and c.status <> 'CLOSED' and c.wait_exceeded_at is null
                  and q.max_wait_seconds is not null
                  and c.waiting_since + make_interval(secs => q.max_wait_seconds) <= now()
                  and not exists (select 1 from conversation_offer o where o.conversation_id = c.id)
                order by c.waiting_since limit 200
                for update of c skip locked),
            changed as (
                update conversation c
                set queue_id = coalesce(d.overflow_queue_id, c.queue_id),
                    waiting_since = case when d.overflow_queue_id is null then c.waiting_since else now() end,
                    wait_exceeded_at = case when d.overflow_queue_id is null then now() end,
                    version = c.version + case when d.overflow_queue_id is null then 0 else 1 end
                from due d where c.id = d.id),
            timeline as (
                insert into timeline_event (id, workspace_id, conversation_id, kind, data)
                select gen_random_uuid(), d.workspace_id, d.id, 'wait_exceeded',
                       jsonb_build_object('queueId', d.queue_id, 'maxWaitSeconds', d.max_wait_seconds, 'waitedSeconds', d.waited,
                                          'action', case when d.overflow_queue_id is null then 'flagged' else 'moved' end,
                                          'toQueueId', d.overflow_queue_id)
                from due d)
            select id, workspace_id, queue_id, overflow_queue_id, waited, max_wait_seconds from due""";

    private final Pool pool;
    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final Vertx vertx;
    private volatile boolean running;

    public WaitLimits(Pool pool, EventPublisher events, OwnershipCache ownership, Vertx vertx) {
        this.pool = pool;
        this.events = events;
        this.ownership = ownership;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, CHECK_MILLIS, () -> running, "Checking queue wait limits",
                () -> FreshContext.run(vertx.getDelegate(), this::check));
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Acts on the waits that passed their limit; answers how many. */
    Uni<Integer> check() {
        WorkspaceRecorders recorders = events.recorders();
        List<UUID> moved = new ArrayList<>();
        return pool.withTransaction(tx -> tx.preparedQuery(ACT_ON_DUE).execute().chain(rows -> {
                    List<LiveEvent> crossed = new ArrayList<>();
                    for (Row row : rows) {
                        WaitExceeded exceeded = new WaitExceeded(row.getUUID(1), row.getUUID(0), row.getUUID(2), row.getLong(4),
                                row.getInteger(5), row.getUUID(3));
                        crossed.add(exceeded);
                        if (exceeded.toQueueId() != null) {
                            moved.add(exceeded.conversationId());
                            // The queues' agents and the bell follow it as a hand-over from queue to queue.
                            crossed.add(new Assigned(exceeded.workspaceId(), exceeded.conversationId(), null, exceeded.toQueueId(),
                                    null, exceeded.queueId(), Assigned.BY_OVERFLOW, false));
                        }
                    }
                    return recorders.record(tx, crossed).replaceWith(rows.size());
                }))
                .call(recorders::relay)
                .call(count -> Multi.createFrom().iterable(moved)
                        .onItem().transformToUniAndConcatenate(this::repairOwnership)
                        .collect().last());
    }

    /** The claims' fast path learns the new queue; best effort, as a claim finding it stale reloads it. */
    private Uni<Void> repairOwnership(UUID conversationId) {
        return Panache.withSession(() -> Conversation.<Conversation>findById(conversationId))
                .chain(ownership::repair)
                .onFailure().invoke(failure -> Log.warnf("Conversation %s not refreshed in Redis: %s", conversationId, failure.getMessage()))
                .onFailure().recoverWithNull();
    }
}
