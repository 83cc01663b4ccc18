package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.UUID;

/**
 * R23: an agent's room for one more open owned conversation (their own maximum, else the queue's,
 * else unlimited), exact under any concurrency on any number of instances. Every path that gives an
 * agent a conversation first takes that agent's row lock in PostgreSQL ({@link #takeForQueue},
 * {@link #lock}) and only then counts: the count runs in a later statement, so it sees
 * every conversation a previous holder of the lock committed. Locks are taken agent first, then
 * conversation, on every path, so two paths never wait on each other crosswise.
 */
public final class Capacity {

    /** Unlimited: no maximum set for the agent or the queue. */
    public static final int UNLIMITED = -1;

    private static final String TAKE = """
            update agent a set last_assigned_at = now() from inbox_queue q
            where a.id = :agent and q.id = :queue
            returning coalesce(a.max_conversations, q.max_per_agent, -1)""";

    private static final String OPEN_OWNED = "select count(*) from conversation where owner_id = :agent and status <> 'CLOSED'";

    private Capacity() {
    }

    /**
     * Locks the agent's row until the transaction ends and marks them assigned now (R22: "least
     * recently assigned"), in a transaction of the reactive SQL client. The capacity is then read
     * and compared by the next statement, which may be sent before this one answers: PostgreSQL
     * runs it after this one, with a snapshot of its own (see {@code ClaimService}).
     */
    public static Uni<Void> lock(SqlClient transaction, UUID agentId) {
        return transaction.preparedQuery("update agent set last_assigned_at = now() where id = $1")
                .execute(Tuple.of(agentId)).replaceWithVoid();
    }

    /**
     * Locks the agent's row until the transaction ends and marks them assigned now (R22: "least
     * recently assigned"); answers their capacity in {@code queueId}, which a conversation is in or
     * about to enter.
     */
    public static Uni<Integer> takeForQueue(UUID agentId, UUID queueId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(TAKE, Integer.class)
                .setParameter("agent", agentId).setParameter("queue", queueId)
                .getSingleResultOrNull()
                .map(capacity -> capacity == null ? UNLIMITED : capacity));
    }

    /** An agent's capacity in a queue and their open owned conversations, read without a lock. */
    public record Room(int capacity, long open) {
        public boolean full() {
            return capacity != UNLIMITED && open >= capacity;
        }
    }

    private static final String ROOM = """
            select coalesce(a.max_conversations, q.max_per_agent, -1),
                   (select count(*) from conversation c where c.owner_id = a.id and c.status <> 'CLOSED')
            from agent a, inbox_queue q where a.id = :agent and q.id = :queue""";

    /** What {@link #full} would say now, for an answer that explains a refusal. */
    public static Uni<Room> room(UUID agentId, UUID queueId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ROOM, Object[].class)
                .setParameter("agent", agentId).setParameter("queue", queueId).getSingleResult()
                .map(row -> new Room(((Number) row[0]).intValue(), ((Number) row[1]).longValue())));
    }

    /** The agent's open owned conversations, as committed now. */
    public static Uni<Long> openOwned(UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OPEN_OWNED, Long.class)
                .setParameter("agent", agentId).getSingleResult());
    }

    /** Whether the agent already holds {@code capacity} open conversations (never when unlimited). */
    public static Uni<Boolean> full(UUID agentId, int capacity) {
        return capacity == UNLIMITED ? Uni.createFrom().item(false) : openOwned(agentId).map(open -> open >= capacity);
    }
}
