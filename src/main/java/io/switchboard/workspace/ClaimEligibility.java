package io.switchboard.workspace;

import io.switchboard.common.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Who may claim (R4, R5), kept in Redis so the claim's atomic step can decide eligibility itself and
 * losers are answered without PostgreSQL. One hash per workspace, {@code sb:{ws}:eligibility}:
 * <ul>
 *   <li>{@code m:<queue>:<agent>} present while the agent is a member of the queue,</li>
 *   <li>{@code p:<agent>} the agent's presence, prefixed {@code 1} when it accepts new conversations
 *       and {@code 0} when not (no field: OFFLINE),</li>
 *   <li>{@code loaded} present once the hash holds all of PostgreSQL's state.</li>
 * </ul>
 * Writes follow every committed change of membership or presence. When the hash is lost (flush,
 * failover, eviction) the claim script answers REBUILD and the hash is rebuilt from PostgreSQL;
 * a change that lands while a rebuild reads cancels that rebuild's write, which then reads again.
 * Every change is written to PostgreSQL first, so a rebuild that reads after it sees it.
 */
@ApplicationScoped
public class ClaimEligibility {

    /** ARGV: removed fields count, removed fields..., then field/value pairs to set. Skipped until loaded. */
    private static final String UPDATE = """
            if redis.call('HEXISTS', KEYS[1], 'loaded') == 0 then
              redis.call('HDEL', KEYS[1], 'building')
              return 0
            end
            local removed = tonumber(ARGV[1])
            for i = 2, removed + 1 do redis.call('HDEL', KEYS[1], ARGV[i]) end
            for i = removed + 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1""";

    /**
     * Starts a rebuild: '' when the hash is already loaded, else the token of the rebuild under way,
     * so concurrent rebuilders share one and the first to finish writes for all.
     */
    private static final String BEGIN_REBUILD = """
            if redis.call('HEXISTS', KEYS[1], 'loaded') == 1 then return '' end
            local token = redis.call('HGET', KEYS[1], 'building')
            if token then return token end
            redis.call('HSET', KEYS[1], 'building', ARGV[1])
            return ARGV[1]""";

    /** Writes a rebuild's snapshot unless a change landed meanwhile (its token is gone): then 0. */
    private static final String FINISH_REBUILD = """
            if redis.call('HEXISTS', KEYS[1], 'loaded') == 1 then return 1 end
            if redis.call('HGET', KEYS[1], 'building') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('HSET', KEYS[1], 'loaded', '1')
            return 1""";

    private static final int REBUILD_ATTEMPTS = 5;

    private final ReactiveRedisDataSource redis;
    private final Pool pool;

    public ClaimEligibility(ReactiveRedisDataSource redis, Pool pool) {
        this.redis = redis;
        this.pool = pool;
    }

    public static String key(UUID workspaceId) {
        return RedisKeys.eligibility(workspaceId);
    }

    public static String memberField(UUID queueId, UUID agentId) {
        return "m:" + queueId + ":" + agentId;
    }

    public static String presenceField(UUID agentId) {
        return "p:" + agentId;
    }

    /** The field's value for a presence: accepting or not, then its name. */
    static String presenceValue(String presence, boolean accepts) {
        return (accepts ? "1" : "0") + presence;
    }

    public Uni<Void> presenceChanged(UUID workspaceId, UUID agentId, String presence, boolean accepts) {
        return update(workspaceId, List.of(), List.of(presenceField(agentId), presenceValue(presence, accepts)));
    }

    public Uni<Void> membersChanged(UUID workspaceId, UUID queueId, Collection<UUID> removed, Collection<UUID> added) {
        List<String> set = new ArrayList<>();
        added.forEach(agent -> {
            set.add(memberField(queueId, agent));
            set.add("1");
        });
        return update(workspaceId, removed.stream().map(agent -> memberField(queueId, agent)).toList(), set);
    }

    private Uni<Void> update(UUID workspaceId, List<String> removed, List<String> set) {
        List<String> args = new ArrayList<>(List.of("EVAL", UPDATE, "1", key(workspaceId), String.valueOf(removed.size())));
        args.addAll(removed);
        args.addAll(set);
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).replaceWithVoid();
    }

    /** One agent's eligibility for one queue as PostgreSQL has it. */
    public record Facts(boolean member, String presence, boolean accepts) {
    }

    /**
     * Reads the agent's membership of the queue and presence from PostgreSQL and writes them to Redis:
     * after PostgreSQL refused a claim Redis had let through, so the two agree again.
     */
    public Uni<Facts> correct(UUID workspaceId, UUID queueId, UUID agentId) {
        return pool.preparedQuery("""
                        select exists (select 1 from queue_member m where m.queue_id = $2 and m.agent_id = a.id),
                               a.presence,
                               a.presence = 'READY' or exists (select 1 from presence_status s
                                   where s.workspace_id = a.workspace_id and s.name = a.presence and s.accepts_new_conversations)
                        from agent a where a.id = $1 and a.workspace_id = $3""")
                .execute(Tuple.of(agentId, queueId, workspaceId))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new Facts(row.getBoolean(0), row.getString(1), row.getBoolean(2));
                })
                .call(facts -> update(workspaceId, facts.member() ? List.of() : List.of(memberField(queueId, agentId)),
                        facts.member()
                                ? List.of(memberField(queueId, agentId), "1", presenceField(agentId), presenceValue(facts.presence(), facts.accepts()))
                                : List.of(presenceField(agentId), presenceValue(facts.presence(), facts.accepts()))));
    }

    /** Loads the workspace's membership and presence from PostgreSQL when Redis lacks them. */
    public Uni<Void> rebuild(UUID workspaceId) {
        return rebuild(workspaceId, REBUILD_ATTEMPTS);
    }

    private Uni<Void> rebuild(UUID workspaceId, int attemptsLeft) {
        return redis.execute("EVAL", BEGIN_REBUILD, "1", key(workspaceId), UUID.randomUUID().toString()).chain(begun -> {
            String token = begun.toString();
            if (token.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return snapshot(workspaceId).chain(fields -> {
                List<String> args = new ArrayList<>(List.of(FINISH_REBUILD, "1", key(workspaceId), token));
                args.addAll(fields);
                return redis.execute("EVAL", args.toArray(String[]::new));
            }).chain(written -> written.toInteger() == 1 || attemptsLeft <= 1
                    ? Uni.createFrom().voidItem()
                    : rebuild(workspaceId, attemptsLeft - 1));
        });
    }

    private Uni<List<String>> snapshot(UUID workspaceId) {
        List<String> fields = new ArrayList<>();
        return pool.preparedQuery("""
                        select m.queue_id, m.agent_id from queue_member m
                        join inbox_queue q on q.id = m.queue_id where q.workspace_id = $1""")
                .execute(Tuple.of(workspaceId))
                .invoke(rows -> rows.forEach(row -> {
                    fields.add(memberField(row.getUUID(0), row.getUUID(1)));
                    fields.add("1");
                }))
                .chain(() -> pool.preparedQuery("""
                                select a.id, a.presence, a.presence = 'READY' or exists (select 1 from presence_status s
                                    where s.workspace_id = a.workspace_id and s.name = a.presence and s.accepts_new_conversations)
                                from agent a where a.workspace_id = $1 and a.presence <> 'OFFLINE'""")
                        .execute(Tuple.of(workspaceId)))
                .map(rows -> {
                    rows.forEach(row -> {
                        fields.add(presenceField(row.getUUID(0)));
                        fields.add(presenceValue(row.getString(1), row.getBoolean(2)));
                    });
                    return fields;
                });
    }
}
