package io.switchboard.attention;

import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.events.EventStream;
import io.switchboard.events.EventTypes;
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
 * One Lua script recomputes the counts of the agents a change touches and, in the same atomic step,
 * appends a single bell.updated entry to the workspace stream for those whose count changed, so
 * pushed counts can never arrive out of order.
 */
@ApplicationScoped
public class Bell {

    private static final String REFRESH = """
            -- KEYS: built marker, stream, pushed counts. The agent and queue keys it reads depend on
            -- what it finds, so they are built from the prefix; all carry the workspace's hash tag,
            -- so a Redis Cluster keeps them on the declared keys' slot.
            local built, stream, pushed = KEYS[1], KEYS[2], KEYS[3]
            local prefix, maxlen, ts, min = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            if redis.call('EXISTS', built) == 0 then return {'REBUILD'} end
            local agents, seen = {}, {}
            for i = 5, #ARGV do
              local token = ARGV[i]
              local ids = {token}
              if string.sub(token, 1, 2) == 'q:' then ids = redis.call('SMEMBERS', prefix .. token .. ':members') end
              for _, id in ipairs(ids) do
                if not seen[id] then seen[id] = true; table.insert(agents, id) end
              end
            end
            local counts, changed, any = {}, {}, false
            for _, agent in ipairs(agents) do
              local count = redis.call('SCARD', prefix .. 'a:' .. agent .. ':unread')
              for _, q in ipairs(redis.call('SMEMBERS', prefix .. 'a:' .. agent .. ':queues')) do
                count = count + redis.call('ZCOUNT', prefix .. 'q:' .. q .. ':waiting', min, '+inf')
              end
              counts[agent] = count
              local last = redis.call('HGET', pushed, agent)
              if last ~= tostring(count) then
                redis.call('HSET', pushed, agent, count)
                -- A first count of zero tells the agent nothing new.
                if last or count > 0 then
                  changed[agent] = count
                  any = true
                end
              end
            end
            if any and ts ~= '' then
              local ids = {}
              for agent, _ in pairs(changed) do table.insert(ids, agent) end
              redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*',
                '%s', '%s', '%s', ts, '%s', '', '%s', table.concat(ids, ','), '%s', '0',
                '%s', cjson.encode({counts = changed}))
            end
            local result = {}
            for agent, count in pairs(counts) do table.insert(result, agent); table.insert(result, count) end
            return result""".formatted(EventStream.TYPE, EventTypes.BELL_UPDATED, EventStream.TS, EventStream.QUEUE,
            EventStream.AGENTS, EventStream.SUPERVISORS, EventStream.DATA);

    private final ReactiveRedisDataSource redis;
    private final EventStream stream;
    private final SwitchboardConfig config;

    public Bell(ReactiveRedisDataSource redis, EventStream stream, SwitchboardConfig config) {
        this.redis = redis;
        this.stream = stream;
        this.config = config;
    }

    static String prefix(UUID workspaceId) {
        return RedisKeys.workspace(workspaceId);
    }

    static String waiting(UUID workspaceId, UUID queueId) {
        return prefix(workspaceId) + "q:" + queueId + ":waiting";
    }

    static String members(UUID workspaceId, UUID queueId) {
        return prefix(workspaceId) + "q:" + queueId + ":members";
    }

    static String queuesOf(UUID workspaceId, UUID agentId) {
        return prefix(workspaceId) + "a:" + agentId + ":queues";
    }

    static String unread(UUID workspaceId, UUID agentId) {
        return prefix(workspaceId) + "a:" + agentId + ":unread";
    }

    /** Who to recount: agents by id, and every member of the given queues. */
    public record Affected(Collection<UUID> agents, Collection<UUID> queues) {
        public static Affected agents(UUID... ids) {
            return new Affected(List.of(ids), List.of());
        }

        public static Affected queueAnd(UUID queueId, UUID... agentIds) {
            return new Affected(List.of(agentIds), List.of(queueId));
        }
    }

    /** Recounts the affected agents' bells and pushes bell.updated to those whose count changed; answers all counts. */
    public Uni<Map<UUID, Integer>> refresh(UUID workspaceId, Affected affected) {
        return recount(workspaceId, affected, true);
    }

    /** Recounts without pushing (after a rebuild, the counts are already what clients were told or will load). */
    Uni<Map<UUID, Integer>> recount(UUID workspaceId, Affected affected, boolean push) {
        if (affected.agents().isEmpty() && affected.queues().isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> command = new ArrayList<>(List.of(REFRESH, "3",
                built(workspaceId), EventStream.key(workspaceId), prefix(workspaceId) + "bell",
                prefix(workspaceId),
                String.valueOf(stream.maxLength()),
                push ? Instant.now().toString() : "",
                String.valueOf(Instant.now().minus(config.alertTtl()).toEpochMilli())));
        affected.agents().forEach(agent -> command.add(agent.toString()));
        affected.queues().forEach(queue -> command.add("q:" + queue));
        return redis.execute("EVAL", command.toArray(String[]::new)).map(Bell::counts);
    }

    /** The workspace's bell state is not (or no longer) in Redis: rebuild it from PostgreSQL, then ask again. */
    public static final class StateMissing extends RuntimeException {
        StateMissing() {
            super("bell state missing", null, false, false);
        }
    }

    /** Set by a rebuild; its absence means Redis lost the workspace's bell state (flush, failover, eviction). */
    static String built(UUID workspaceId) {
        return prefix(workspaceId) + "bell:built";
    }

    private static Map<UUID, Integer> counts(Response reply) {
        if (reply.size() == 1 && "REBUILD".equals(reply.get(0).toString())) {
            throw new StateMissing();
        }
        Map<UUID, Integer> counts = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            counts.put(UUID.fromString(reply.get(i).toString()), reply.get(i + 1).toInteger());
        }
        return counts;
    }

    /** Every waiting alert of every workspace by start time, so expiries can be found without scanning keys. */
    static final String EXPIRING = RedisKeys.EXPIRING_ALERTS;

    static String expiring(UUID workspaceId, UUID queueId, UUID conversationId) {
        return workspaceId + "/" + queueId + "/" + conversationId;
    }

    Uni<Void> waitInQueue(UUID workspaceId, UUID queueId, UUID conversationId, Instant since) {
        String score = String.valueOf(since.toEpochMilli());
        return redis.execute("ZADD", waiting(workspaceId, queueId), score, conversationId.toString())
                .chain(() -> redis.execute("ZADD", EXPIRING, score, expiring(workspaceId, queueId, conversationId)))
                .replaceWithVoid();
    }

    Uni<Void> leaveQueue(UUID workspaceId, UUID queueId, UUID conversationId) {
        return redis.execute("ZREM", waiting(workspaceId, queueId), conversationId.toString())
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
        return redis.execute("SADD", unread(workspaceId, agentId), conversationId.toString()).replaceWithVoid();
    }

    Uni<Void> markRead(UUID workspaceId, UUID agentId, UUID conversationId) {
        return redis.execute("SREM", unread(workspaceId, agentId), conversationId.toString()).replaceWithVoid();
    }

    /** Ids of the waiting conversations younger than the alert TTL, with their creation times, in the given queues. */
    Uni<Map<UUID, Long>> waitingIn(UUID workspaceId, Collection<UUID> queueIds) {
        long min = Instant.now().minus(config.alertTtl()).toEpochMilli();
        Map<UUID, Long> all = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID queueId : queueIds) {
            chain = chain.chain(() -> redis.execute("ZRANGEBYSCORE", waiting(workspaceId, queueId), String.valueOf(min), "+inf", "WITHSCORES")
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
        return redis.execute("SMEMBERS", unread(workspaceId, agentId))
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
                chain = chain.chain(() -> redis.execute("SREM", members(workspaceId, queueId), gone.toString()).replaceWithVoid())
                        .chain(() -> redis.execute("SREM", queuesOf(workspaceId, gone), queueId.toString()).replaceWithVoid());
            }
        }
        for (UUID member : after) {
            chain = chain.chain(() -> redis.execute("SADD", members(workspaceId, queueId), member.toString()).replaceWithVoid())
                    .chain(() -> redis.execute("SADD", queuesOf(workspaceId, member), queueId.toString()).replaceWithVoid());
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
        queueIds.forEach(queue -> keys.addAll(List.of(waiting(workspaceId, queue), members(workspaceId, queue))));
        agentIds.forEach(agent -> keys.addAll(List.of(queuesOf(workspaceId, agent), unread(workspaceId, agent))));
        return keys;
    }

}
