package io.switchboard.conversation.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny.Session;
import io.switchboard.common.ApiException;
import io.switchboard.workspace.Sender;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * R9: a sender's daily limit, exact without making its sends wait for each other. A counter per
 * sender and day (in the sender's time zone) is raised by one atomic statement, the last of the
 * send's transaction: concurrent sends through one sender wait for each other only between that
 * statement and their commit, not for the whole transaction, and a send that rolls back takes its
 * count with it. A day's counter starts from the messages already sent that day (a limit set at
 * noon counts the morning). Automatic replies count without being refused; an undo gives its count
 * back. All in the caller's transaction.
 */
final class DailyLimits {

    /** One more send of the day, if the day's counter exists and has room (parameters: sender, day, limit). */
    private static final String TAKE_SQL = "update sender_daily_count set sent = sent + 1 where sender_id = %s and day = %s and sent < %s";
    private static final String TAKE = TAKE_SQL.formatted(":sender", ":day", ":limit");
    private static final String TAKE_COUNTED = TAKE_SQL.formatted("$1", "$2", "$3");

    /** The day's counter, started from what was sent that day (but the send being counted) unless it exists. */
    private static final String START_DAY = """
            insert into sender_daily_count (sender_id, day, sent)
            select :sender, :day, count(*) from message m join conversation c on c.id = m.conversation_id
            where c.sender_id = :sender and m.direction = 'OUT' and m.status <> 'UNDONE' and m.created_at >= :startOfDay
              and m.id <> :message
            on conflict (sender_id, day) do nothing""";

    private DailyLimits() {
    }

    /**
     * Counts one send of the sender's day, or fails with 422 daily_limit_reached; nothing for a
     * sender without a limit. Call it last in the transaction: it holds the counter's row lock until
     * the commit.
     */
    static Uni<Void> take(Sender sender, UUID messageId, Instant now) {
        if (sender.dailyLimit == null) {
            return Uni.createFrom().voidItem();
        }
        LocalDate day = dayOf(sender, now);
        // The session's pending writes (the conversation's row among them) go first, so every path
        // locks the conversation before the counter, as SendShortPath does: never crosswise.
        return Panache.getSession().chain(Session::flush)
                .chain(() -> execute(TAKE, sender, day))
                .chain(taken -> taken == 1 ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(session -> session.createNativeQuery(START_DAY)
                                .setParameter("sender", sender.id).setParameter("day", day).setParameter("message", messageId)
                                .setParameter("startOfDay", day.atStartOfDay(ZoneId.of(sender.timeZone)).toInstant())
                                .executeUpdate())
                        .chain(() -> execute(TAKE, sender, day))
                        .invoke(retaken -> {
                            if (retaken == 0) {
                                throw new ApiException(422, "daily_limit_reached", "The sender reached its daily limit of " + sender.dailyLimit);
                            }
                        })
                        .replaceWithVoid());
    }

    /**
     * {@link #take} in a transaction of the reactive SQL client, for a day whose counter exists:
     * false when it does not yet, or has no room (the full path then starts it, or refuses).
     */
    static Uni<Boolean> takeCounted(SqlClient transaction, UUID senderId, int limit, ZoneId zone, Instant now) {
        return transaction.preparedQuery(TAKE_COUNTED)
                .execute(Tuple.of(senderId, dayOf(zone, now), limit))
                .map(rows -> rows.rowCount() == 1);
    }

    /** An automatic reply is never refused, but it counts (once the day's counter exists; until then, its message does). */
    static Uni<Void> countAutomatic(Sender sender, Instant now) {
        if (sender.dailyLimit == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("update sender_daily_count set sent = sent + 1 where sender_id = :sender and day = :day")
                        .setParameter("sender", sender.id).setParameter("day", dayOf(sender, now))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** An undone send gives back its count of the day it was queued. */
    static Uni<Void> undone(UUID conversationId, Instant queuedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update sender_daily_count d set sent = d.sent - 1
                        from conversation c join sender s on s.id = c.sender_id
                        where c.id = :conversation and d.sender_id = s.id
                          and d.day = (cast(:queuedAt as timestamptz) at time zone s.time_zone)::date and d.sent > 0""")
                        .setParameter("conversation", conversationId).setParameter("queuedAt", queuedAt)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Integer> execute(String sql, Sender sender, LocalDate day) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("sender", sender.id).setParameter("day", day).setParameter("limit", sender.dailyLimit)
                .executeUpdate());
    }

    private static LocalDate dayOf(Sender sender, Instant now) {
        return dayOf(ZoneId.of(sender.timeZone), now);
    }

    private static LocalDate dayOf(ZoneId zone, Instant now) {
        return LocalDate.ofInstant(now, zone);
    }
}
