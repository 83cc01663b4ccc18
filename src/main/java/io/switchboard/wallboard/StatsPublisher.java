package io.switchboard.wallboard;

import io.switchboard.common.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;
import io.switchboard.workspace.WorkspaceEvents;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Pushes queue.stats (R20) when a queue's figures may have changed, at most once a second per queue
 * across all instances: the first change arms a one-second window with SET NX in Redis, and the
 * instance that armed it publishes the figures of the moment the window closes.
 */
@ApplicationScoped
public class StatsPublisher {

    private static final long WINDOW_MILLIS = 1000;
    private static final Set<String> MOVERS = Set.of(EventTypes.CONVERSATION_CREATED, EventTypes.CONVERSATION_CLAIMED,
            EventTypes.CONVERSATION_ASSIGNED, EventTypes.CONVERSATION_CLOSED, EventTypes.AGENT_PRESENCE,
            EventTypes.QUEUE_MEMBERS_CHANGED, EventTypes.CONVERSATION_SLA, EventTypes.CONVERSATION_RATED);

    private final ReactiveRedisDataSource redis;
    private final QueueStatsService stats;
    private final EventPublisher events;
    private final Pool pool;
    private final Vertx vertx;

    public StatsPublisher(ReactiveRedisDataSource redis, QueueStatsService stats, EventPublisher events, Pool pool, Vertx vertx) {
        this.redis = redis;
        this.stats = stats;
        this.events = events;
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Observes committed changes on this instance, whether or not Redis took their events at once. */
    void onCommitted(@Observes LiveEvent event) {
        if (!MOVERS.contains(event.type())) {
            return;
        }
        queuesOf(event).subscribe().with(
                queues -> queues.forEach(queue -> arm(event.workspaceId(), queue)),
                failure -> Log.warnf("Could not tell which queues %s touched: %s", event.type(), failure.toString()));
    }

    private Uni<Set<UUID>> queuesOf(LiveEvent event) {
        if (event instanceof WorkspaceEvents.PresenceChanged presence) {
            return pool.preparedQuery("select queue_id from queue_member where agent_id = $1").execute(Tuple.of(presence.agentId()))
                    .map(rows -> {
                        Set<UUID> queues = new HashSet<>();
                        rows.forEach(row -> queues.add(row.getUUID(0)));
                        return queues;
                    });
        }
        return Uni.createFrom().item(event.queues());
    }

    private void arm(UUID workspaceId, UUID queueId) {
        String key = RedisKeys.statsWindow(workspaceId, queueId);
        redis.execute("SET", key, "1", "NX", "PX", String.valueOf(WINDOW_MILLIS)).subscribe().with(reply -> {
            if (reply != null) {
                vertx.setTimer(WINDOW_MILLIS, id -> publish(workspaceId, queueId));
            }
        }, failure -> Log.warnf("Could not arm stats for queue %s: %s", queueId, failure.toString()));
    }

    private void publish(UUID workspaceId, UUID queueId) {
        stats.compute(queueId)
                .chain(snapshot -> events.broadcast(new QueueStatsChanged(workspaceId, snapshot)))
                .subscribe().with(id -> { }, failure -> Log.warnf("Could not publish stats of queue %s: %s", queueId, failure.toString()));
    }
}
