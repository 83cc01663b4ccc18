package io.switchboard.attention;

import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.events.EventStream;
import io.switchboard.events.Recount;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bell counts (R14) as derived state in Redis, per workspace (keys hash-tagged by workspace):
 * <ul>
 *   <li>{@code q:<queue>:waiting} sorted set of unowned open conversations by creation time,</li>
 *   <li>{@code q:<queue>:members} and {@code a:<agent>:queues}, the membership both ways,</li>
 *   <li>{@code a:<agent>:unread} the agent's owned conversations with unread inbound messages (not muted),</li>
 *   <li>{@code bell} the count last pushed to each agent,</li>
 *   <li>{@code bell:built} set once the workspace's state was built from PostgreSQL: without it the
 *       counts cannot be trusted, and every recount answers {@link StateMissing} until it is rebuilt.</li>
 * </ul>
 * bell(agent) = waiting conversations younger than the alert TTL in the agent's queues + unread owned ones.
 * The counts a change moves are computed in Redis in the same script that appends the change's
 * event ({@link EventStream}), and travel in its frame; a change with no event of its own (a flag,
 * an expired alert) appends one bell.updated entry. Either way pushed counts never arrive out of order.
 */
@ApplicationScoped
public class Bell {

    private final ReactiveRedisDataSource redis;
    private final EventStream stream;
    private final SwitchboardConfig config;

    public Bell(ReactiveRedisDataSource redis, EventStream stream, SwitchboardConfig config) {
        this.redis = redis;
        this.stream = stream;
        this.config = config;
    }

    static String waiting(UUID workspaceId, UUID queueId) {
        return RedisKeys.waiting(workspaceId, queueId);
    }

    /** Recounts the agents' bells and pushes bell.updated to those whose count changed; answers all counts. */
    public Uni<Map<UUID, Integer>> refresh(UUID workspaceId, Recount recount) {
        return recount(workspaceId, recount, true);
    }

    /** Recounts without pushing (after a rebuild, the counts are already what clients were told or will load). */
    Uni<Map<UUID, Integer>> recount(UUID workspaceId, Recount recount, boolean push) {
        return stream.appendCounts(workspaceId, recount, push).map(counts -> counts.orElseThrow(StateMissing::new));
    }

    /** The workspace's bell state is not (or no longer) in Redis: rebuild it from PostgreSQL, then ask again. */
    public static final class StateMissing extends RuntimeException {
        StateMissing() {
            super("bell state missing", null, false, false);
        }
    }

    /** Set by a rebuild; its absence means Redis lost the workspace's bell state (flush, failover, eviction). */
    static String built(UUID workspaceId) {
        return RedisKeys.bellBuilt(workspaceId);
    }

    /** Every waiting alert of every workspace by start time, so expiries can be found without scanning keys. */
    static final String EXPIRING = RedisKeys.EXPIRING_ALERTS;

    static String expiring(UUID workspaceId, UUID queueId, UUID conversationId) {
        return workspaceId + "/" + queueId + "/" + conversationId;
    }

    Uni<Void> waitInQueue(UUID workspaceId, UUID queueId, UUID conversationId, Instant since) {
        String score = String.valueOf(since.toEpochMilli());
        return redis.execute("ZADD", RedisKeys.waiting(workspaceId, queueId), score, conversationId.toString())
                .chain(() -> redis.execute("ZADD", EXPIRING, score, expiring(workspaceId, queueId, conversationId)))
                .replaceWithVoid();
    }

    Uni<Void> leaveQueue(UUID workspaceId, UUID queueId, UUID conversationId) {
        return redis.execute("ZREM", RedisKeys.waiting(workspaceId, queueId), conversationId.toString())
                .chain(() -> redis.execute("ZREM", EXPIRING, expiring(workspaceId, queueId, conversationId)))
                .replaceWithVoid();
    }

    /** Alerts older than the TTL, as (workspace, queue, conversation), at most {@code limit}. */
    Uni<List<UUID[]>> expired(int limit) {
        long max = Instant.now().minus(config.alertTtl()).toEpochMilli();
        return redis.execute("ZRANGEBYSCORE", EXPIRING, "-inf", "(" + max, "LIMIT", "0", String.valueOf(limit)).map(reply -> {
            List<UUID[]> found = new ArrayList<>();
            reply.forEach(member -> {
                String[] parts = member.toString().split("/");
                found.add(new UUID[]{UUID.fromString(parts[0]), UUID.fromString(parts[1]), UUID.fromString(parts[2])});
            });
            return found;
        });
    }

    Uni<Void> markUnread(UUID workspaceId, UUID agentId, UUID conversationId) {
        return redis.execute("SADD", RedisKeys.unread(workspaceId, agentId), conversationId.toString()).replaceWithVoid();
    }

    Uni<Void> markRead(UUID workspaceId, UUID agentId, UUID conversationId) {
        return redis.execute("SREM", RedisKeys.unread(workspaceId, agentId), conversationId.toString()).replaceWithVoid();
    }

    /** Ids of the waiting conversations younger than the alert TTL, with their creation times, in the given queues. */
    Uni<Map<UUID, Long>> waitingIn(UUID workspaceId, Collection<UUID> queueIds) {
        long min = Instant.now().minus(config.alertTtl()).toEpochMilli();
        Map<UUID, Long> all = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID queueId : queueIds) {
            chain = chain.chain(() -> redis.execute("ZRANGEBYSCORE", RedisKeys.waiting(workspaceId, queueId), String.valueOf(min), "+inf", "WITHSCORES")
                    .invoke(reply -> readScores(reply, all)).replaceWithVoid());
        }
        return chain.replaceWith(all);
    }

    /** WITHSCORES replies come flat in RESP2 and as [member, score] pairs in RESP3. */
    private static void readScores(Response reply, Map<UUID, Long> into) {
        if (reply.size() > 0 && reply.get(0).size() == 2) {
            reply.forEach(pair -> into.put(UUID.fromString(pair.get(0).toString()), (long) Double.parseDouble(pair.get(1).toString())));
            return;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            into.put(UUID.fromString(reply.get(i).toString()), (long) Double.parseDouble(reply.get(i + 1).toString()));
        }
    }

    Uni<List<UUID>> unreadOf(UUID workspaceId, UUID agentId) {
        return redis.execute("SMEMBERS", RedisKeys.unread(workspaceId, agentId))
                .map(reply -> {
                    List<UUID> ids = new ArrayList<>();
                    reply.forEach(r -> ids.add(UUID.fromString(r.toString())));
                    return ids;
                });
    }

    /** Mirrors a queue's membership after a change (both directions). */
    Uni<Void> membership(UUID workspaceId, UUID queueId, Collection<UUID> before, Collection<UUID> after) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID gone : before) {
            if (!after.contains(gone)) {
                chain = chain.chain(() -> redis.execute("SREM", RedisKeys.queueMembers(workspaceId, queueId), gone.toString()).replaceWithVoid())
                        .chain(() -> redis.execute("SREM", RedisKeys.queuesOf(workspaceId, gone), queueId.toString()).replaceWithVoid());
            }
        }
        for (UUID member : after) {
            chain = chain.chain(() -> redis.execute("SADD", RedisKeys.queueMembers(workspaceId, queueId), member.toString()).replaceWithVoid())
                    .chain(() -> redis.execute("SADD", RedisKeys.queuesOf(workspaceId, member), queueId.toString()).replaceWithVoid());
        }
        return chain;
    }

    Uni<Void> delete(List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(List.of("DEL"));
        args.addAll(keys);
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).replaceWithVoid();
    }

    /** The queue and agent keys of a workspace (not its event stream, owners or last-pushed counts). */
    List<String> derivedKeys(UUID workspaceId, Collection<UUID> queueIds, Collection<UUID> agentIds) {
        List<String> keys = new ArrayList<>();
        queueIds.forEach(queue -> keys.addAll(List.of(RedisKeys.waiting(workspaceId, queue), RedisKeys.queueMembers(workspaceId, queue))));
        agentIds.forEach(agent -> keys.addAll(List.of(RedisKeys.queuesOf(workspaceId, agent), RedisKeys.unread(workspaceId, agent))));
        return keys;
    }

}
