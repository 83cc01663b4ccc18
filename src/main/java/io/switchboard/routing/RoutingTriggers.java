package io.switchboard.routing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.FreshContext;
import io.switchboard.common.Repeat;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.events.LiveEvent;
import io.switchboard.workspace.RoutingNeeded;
import io.switchboard.workspace.WorkspaceEvents;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When routing runs (R22): a waiting conversation arrives in a routed queue or is handed back to
 * one, or someone may have become eligible (presence changed, a conversation closed or handed
 * off, members added, capacity or routing set). Each such committed change, observed on the
 * instance that made it, routes the queues concerned at once; a sweep on every instance routes
 * whatever a change could not (its instance died first, a router gave up on locked rows).
 * <p>
 * Per queue at most one router runs on this instance; requests arriving meanwhile make it go
 * once more instead of starting another (200 arrivals at once are one run, not 200).
 */
@ApplicationScoped
public class RoutingTriggers {

    private static final String ROUTED_QUEUES_OF_AGENT = """
            select q.id from inbox_queue q join queue_member m on m.queue_id = q.id
            where m.agent_id = $1 and q.routing_mode <> 'MANUAL'""";

    private static final String ROUTED_QUEUES_OF_WORKSPACE = """
            select q.id from inbox_queue q where q.workspace_id = $1 and q.routing_mode <> 'MANUAL'""";

    private static final String ROUTED_QUEUES_WITH_WAITING = """
            select q.id from inbox_queue q where q.routing_mode <> 'MANUAL'
              and exists (select 1 from conversation c where c.queue_id = q.id and c.owner_id is null and c.status <> 'CLOSED')""";

    private final Router router;
    private final RoutedQueues routedQueues;
    private final Pool pool;
    private final Vertx vertx;
    private final long sweepMillis;
    private final Map<UUID, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile boolean running;

    public RoutingTriggers(Router router, RoutedQueues routedQueues, Pool pool, Vertx vertx, SwitchboardConfig config) {
        this.router = router;
        this.routedQueues = routedQueues;
        this.pool = pool;
        this.vertx = vertx;
        this.sweepMillis = config.routing().sweep().toMillis();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, sweepMillis, () -> running, "Routing sweep", this::sweep);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    void committed(@Observes LiveEvent event) {
        if (event instanceof ConversationEvents.Created created && created.conversation().ownerId() == null) {
            arrived(created.conversation().queueId());
        } else if (event instanceof ConversationEvents.Closed closed && closed.previousOwnerId() != null) {
            agentFreed(closed.previousOwnerId());
        } else if (event instanceof ConversationEvents.Assigned assigned) {
            if (assigned.ownerId() == null) {
                routeQueue(assigned.queueId());
            }
            if (assigned.previousOwnerId() != null) {
                agentFreed(assigned.previousOwnerId());
            }
        } else if (event instanceof WorkspaceEvents.PresenceChanged presence) {
            agentFreed(presence.agentId());
        } else if (event instanceof WorkspaceEvents.MembersChanged members && !members.addedIds().isEmpty()) {
            routeQueue(members.queueId());
        } else if (event instanceof OfferEvents.Ended ended && !OfferEvents.Ended.ACCEPTED.equals(ended.reason())) {
            routeQueue(ended.queueId()); // R24: declined or lapsed, it is offered to the next agent
        }
    }

    void needed(@Observes RoutingNeeded needed) {
        if (needed.queueId() != null) {
            routedQueues.forget(needed.queueId());
            routeQueue(needed.queueId());
        } else {
            each(ROUTED_QUEUES_OF_WORKSPACE, needed.workspaceId());
        }
    }

    /**
     * A new conversation waits: in a routed queue someone older waits too, or nobody was eligible
     * as it arrived (or has become so since). Routing the queue hands out the oldest first.
     */
    private void arrived(UUID queueId) {
        FreshContext.run(vertx.getDelegate(), () -> Panache.withSession(() -> routedQueues.routing(queueId)))
                .subscribe().with(routing -> {
                    if (routing.routed()) {
                        routeQueue(queueId);
                    }
                }, failure -> Log.warnf("Could not read the routing of queue %s: %s", queueId, failure.toString()));
    }

    /** The agent may have room or accept again: each routed queue they belong to may hand them something. */
    private void agentFreed(UUID agentId) {
        each(ROUTED_QUEUES_OF_AGENT, agentId);
    }

    private void each(String sql, UUID id) {
        pool.preparedQuery(sql).execute(Tuple.of(id))
                .subscribe().with(rows -> rows.forEach(row -> routeQueue(queueOf(row))),
                        failure -> Log.warnf("Could not find the queues to route: %s", failure.toString()));
    }

    private Uni<Void> sweep() {
        return pool.query(ROUTED_QUEUES_WITH_WAITING).execute()
                .invoke(rows -> rows.forEach(row -> routeQueue(queueOf(row))))
                .replaceWithVoid();
    }

    private static UUID queueOf(Row row) {
        return row.getUUID(0);
    }

    /** Starts the queue's router unless it runs here already; then it runs once more after the current run. */
    void routeQueue(UUID queueId) {
        AtomicInteger pending = requests.computeIfAbsent(queueId, id -> new AtomicInteger());
        if (pending.getAndIncrement() == 0) {
            run(queueId, pending);
        }
    }

    private void run(UUID queueId, AtomicInteger pending) {
        int seen = pending.get();
        FreshContext.run(vertx.getDelegate(), () -> router.route(queueId))
                .onFailure().invoke(failure -> Log.warnf("Routing queue %s failed: %s", queueId, failure.toString()))
                .onFailure().recoverWithItem(0)
                .subscribe().with(assigned -> {
                    if (pending.addAndGet(-seen) > 0) {
                        run(queueId, pending);
                    }
                });
    }
}
