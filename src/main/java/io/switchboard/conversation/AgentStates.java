package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.UUID;

/** Writes to agents' own state of a conversation (R15, R16). Each runs inside the caller's transaction. */
public final class AgentStates {

    /** What an agent may set on a conversation for themselves (R15, R16). */
    public enum Flag { READ, UNREAD, HIDE, PIN, UNPIN, MUTE, UNMUTE, ARCHIVE, UNARCHIVE }

    /** Read: what is set on an agent's row, and the column and value of a new one. */
    private static final String READ_SET = "unread = false, last_read_at = now(), mentioned_at = null";
    private static final String READ_COLUMN = "last_read_at";
    private static final String READ_VALUE = "now()";

    private AgentStates() {
    }

    /** Marks the conversation unread for the agent, e.g. when it is assigned to them (R6). */
    public static Uni<Void> markUnread(UUID conversationId, UUID agentId) {
        return upsert(conversationId, agentId, "unread = true, archived = false", "unread", "true");
    }

    /** #21: mentioned in a note, so unread for the agent until they read it, owner or not. */
    public static Uni<Void> mentioned(UUID conversationId, UUID agentId) {
        return upsert(conversationId, agentId, "unread = true, mentioned_at = now()", "unread, mentioned_at", "true, now()");
    }

    /** Marks it read for the agent, e.g. when they claim it: they have just seen the alert. */
    public static Uni<Void> markRead(UUID conversationId, UUID agentId) {
        return set(conversationId, agentId, Flag.READ);
    }

    /** {@link #markRead} in a transaction of the reactive SQL client. */
    public static Uni<Void> markRead(SqlClient transaction, UUID conversationId, UUID agentId) {
        return transaction.preparedQuery(upsertSql(READ_SET, READ_COLUMN, READ_VALUE, "$1", "$2"))
                .execute(Tuple.of(conversationId, agentId)).replaceWithVoid();
    }

    /** A new inbound message: it is unread again for its owner, and comes back for whoever archived or hid it (R16). */
    public static Uni<Void> inbound(UUID conversationId, UUID ownerIdOrNull) {
        Uni<Void> everyone = Panache.getSession().chain(session -> session.createNativeQuery(
                        "update conversation_agent_state set archived = false, hidden = false where conversation_id = :c and (archived or hidden)")
                .setParameter("c", conversationId).executeUpdate()).replaceWithVoid();
        return ownerIdOrNull == null ? everyone : everyone.chain(() -> markUnread(conversationId, ownerIdOrNull));
    }

    /**
     * {@link #inbound} in one statement of the reactive SQL client: the others' rows come back (the
     * owner's is left to the upsert, as one statement must not change a row twice), and the owner's is
     * unread and back too.
     */
    public static Uni<Void> inbound(SqlClient transaction, UUID conversationId, UUID ownerIdOrNull) {
        String backForEveryone = "update conversation_agent_state set archived = false, hidden = false "
                + "where conversation_id = $1 and (archived or hidden)";
        if (ownerIdOrNull == null) {
            return transaction.preparedQuery(backForEveryone).execute(Tuple.of(conversationId)).replaceWithVoid();
        }
        return transaction.preparedQuery("with others as (" + backForEveryone + " and agent_id <> $2) "
                        + "insert into conversation_agent_state (conversation_id, agent_id, unread) values ($1, $2, true) "
                        + "on conflict (conversation_id, agent_id) do update set unread = true, archived = false, hidden = false")
                .execute(Tuple.of(conversationId, ownerIdOrNull)).replaceWithVoid();
    }

    public static Uni<Void> set(UUID conversationId, UUID agentId, Flag flag) {
        return switch (flag) {
            case READ -> upsert(conversationId, agentId, READ_SET, READ_COLUMN, READ_VALUE);
            case UNREAD -> upsert(conversationId, agentId, "unread = true", "unread", "true");
            case HIDE -> upsert(conversationId, agentId, "hidden = true", "hidden", "true");
            case PIN -> upsert(conversationId, agentId, "pinned = true", "pinned", "true");
            case UNPIN -> upsert(conversationId, agentId, "pinned = false", "pinned", "false");
            case MUTE -> upsert(conversationId, agentId, "muted = true", "muted", "true");
            case UNMUTE -> upsert(conversationId, agentId, "muted = false", "muted", "false");
            case ARCHIVE -> upsert(conversationId, agentId, "archived = true", "archived", "true");
            case UNARCHIVE -> upsert(conversationId, agentId, "archived = false", "archived", "false");
        };
    }

    /** Flags written whether or not the agent had a state row yet (columns and values for a new row); the SQL pieces are constants of this class. */
    private static Uni<Void> upsert(UUID conversationId, UUID agentId, String update, String column, String value) {
        return Panache.getSession().chain(session -> session.createNativeQuery(upsertSql(update, column, value, ":c", ":a"))
                .setParameter("c", conversationId)
                .setParameter("a", agentId)
                .executeUpdate()).replaceWithVoid();
    }

    private static String upsertSql(String update, String column, String value, String conversationParameter, String agentParameter) {
        return "insert into conversation_agent_state (conversation_id, agent_id, " + column + ") values ("
                + conversationParameter + ", " + agentParameter + ", " + value + ") "
                + "on conflict (conversation_id, agent_id) do update set " + update;
    }
}
