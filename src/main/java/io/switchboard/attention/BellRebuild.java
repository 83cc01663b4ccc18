package io.switchboard.attention;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.Recount;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds the bell's derived state of a workspace from PostgreSQL, the record: on demand, and
 * whenever a recount finds the workspace's state missing in Redis (first use, or Redis lost it),
 * on whichever instance notices first. Counts that differ from what agents were last told are pushed.
 */
@ApplicationScoped
public class BellRebuild {

    private final Pool pool;
    private final Bell bell;
    private final ReactiveRedisDataSource redis;
    /** One rebuild per workspace at a time on this instance; concurrent callers share it. */
    private final Map<UUID, Uni<Integer>> running = new ConcurrentHashMap<>();

    public BellRebuild(Pool pool, Bell bell, ReactiveRedisDataSource redis) {
        this.pool = pool;
        this.bell = bell;
        this.redis = redis;
    }

    /** Rebuilds the workspace unless a rebuild of it is already under way here, which the caller then joins. */
    public Uni<Integer> rebuildShared(UUID workspaceId) {
        return running.computeIfAbsent(workspaceId, ws -> rebuild(ws)
                .onTermination().invoke(() -> running.remove(ws))
                .memoize().indefinitely());
    }

    /** Rebuilds one workspace; answers how many agents were recounted. */
    public Uni<Integer> rebuild(UUID workspaceId) {
        Map<UUID, Set<UUID>> members = new HashMap<>();
        Map<UUID, Map<UUID, OffsetDateTime>> waiting = new HashMap<>();
        Map<UUID, Set<UUID>> unread = new HashMap<>();
        List<UUID> queues = new ArrayList<>();
        List<UUID> agents = new ArrayList<>();
        return pool.preparedQuery("select m.queue_id, m.agent_id from queue_member m join inbox_queue q on q.id = m.queue_id where q.workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .invoke(rows -> rows.forEach(r -> members.computeIfAbsent(r.getUUID(0), q -> new HashSet<>()).add(r.getUUID(1))))
                .chain(() -> pool.preparedQuery("""
                                select queue_id, id, created_at from conversation
                                where workspace_id = $1 and owner_id is null and status <> 'CLOSED'""")
                        .execute(Tuple.of(workspaceId)))
                .invoke(rows -> rows.forEach(r -> waiting.computeIfAbsent(r.getUUID(0), q -> new HashMap<>())
                        .put(r.getUUID(1), r.getOffsetDateTime(2))))
                .chain(() -> pool.preparedQuery("""
                                select s.agent_id, s.conversation_id from conversation_agent_state s
                                join conversation c on c.id = s.conversation_id
                                where c.workspace_id = $1 and (c.owner_id = s.agent_id or s.mentioned_at is not null)
                                  and c.status <> 'CLOSED' and s.unread and not s.muted and not c.snoozed""")
                        .execute(Tuple.of(workspaceId)))
                .invoke(rows -> rows.forEach((Row r) -> unread.computeIfAbsent(r.getUUID(0), a -> new HashSet<>()).add(r.getUUID(1))))
                .chain(() -> idsOf("select id from inbox_queue where workspace_id = $1", workspaceId).invoke(queues::addAll))
                .chain(() -> idsOf("select id from agent where workspace_id = $1", workspaceId).invoke(agents::addAll))
                // The derived keys named from PostgreSQL's queues and agents, not found by SCAN: a
                // Redis Cluster would scan one node only.
                .chain(() -> bell.delete(bell.derivedKeys(workspaceId, queues, agents)))
                .chain(() -> write(workspaceId, members, waiting, unread))
                .chain(() -> redis.execute("SET", Bell.built(workspaceId), "1"))
                .invoke(() -> Log.infof("Bell state of workspace %s rebuilt from PostgreSQL", workspaceId))
                .chain(() -> bell.refresh(workspaceId, Recount.agents(agents)).map(counts -> agents.size()));
    }

    private Uni<List<UUID>> idsOf(String sql, UUID workspaceId) {
        return pool.preparedQuery(sql).execute(Tuple.of(workspaceId)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID(0)));
            return ids;
        });
    }

    private Uni<Void> write(UUID workspaceId, Map<UUID, Set<UUID>> members, Map<UUID, Map<UUID, OffsetDateTime>> waiting,
                            Map<UUID, Set<UUID>> unread) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var queue : members.entrySet()) {
            chain = chain.chain(() -> bell.membership(workspaceId, queue.getKey(), List.of(), queue.getValue()));
        }
        for (var queue : waiting.entrySet()) {
            for (var conversation : queue.getValue().entrySet()) {
                chain = chain.chain(() -> bell.waitInQueue(workspaceId, queue.getKey(), conversation.getKey(),
                        conversation.getValue().toInstant()));
            }
        }
        for (var agent : unread.entrySet()) {
            for (UUID conversation : agent.getValue()) {
                chain = chain.chain(() -> bell.markUnread(workspaceId, agent.getKey(), conversation));
            }
        }
        return chain;
    }
}
