package io.switchboard.channel;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.Audience;
import io.switchboard.events.Recorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.json.JsonArray;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The delivery side of the outbox, in plain SQL on the reactive pool: leasing due entries with
 * SKIP LOCKED (so instances never send the same message at once) and recording each outcome.
 */
@ApplicationScoped
public class Outbox {

    private final Pool pool;

    public Outbox(Pool pool) {
        this.pool = pool;
    }

    /** Takes up to {@code limit} due entries for {@code lease}; answers their message ids. */
    public Uni<List<UUID>> lease(int limit, Duration lease) {
        return pool.preparedQuery("""
                        update outbox o set locked_until = now() + $1 * interval '1 millisecond', attempts = o.attempts + 1
                        from (select message_id from outbox
                              where not_before <= now() and attempt_started_at is null
                                and (locked_until is null or locked_until < now())
                              order by not_before limit $2 for update skip locked) due
                        where o.message_id = due.message_id
                        returning o.message_id""")
                .execute(Tuple.of(lease.toMillis(), limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getUUID(0)).toList());
    }

    /** Gives a lease back untouched (the pipeline could not take it now). */
    public Uni<Void> release(UUID messageId) {
        return pool.preparedQuery("update outbox set locked_until = null, attempt_started_at = null, attempts = greatest(attempts - 1, 0) where message_id = $1")
                .execute(Tuple.of(messageId)).replaceWithVoid();
    }

    /** What to send, if the message is still QUEUED and leased; empty means there is nothing to do. */
    public Uni<Optional<Outgoing>> load(UUID messageId, Recorder recorder) {
        return pool.preparedQuery("""
                        select m.id, m.workspace_id, m.conversation_id, c.queue_id, c.owner_id, s.channel, s.number,
                               coalesce(c.contact_number, k.number),
                               m.text, m.media_url, t.whatsapp_template_name, o.attempts, m.status,
                               exists (select 1 from opt_out x where x.workspace_id = m.workspace_id
                                                            and x.number = coalesce(c.contact_number, k.number)),
                               t.whatsapp_language, (m.template_parameters -> 'values')::text
                        from outbox o
                        join message m on m.id = o.message_id
                        join conversation c on c.id = m.conversation_id
                        join sender s on s.id = c.sender_id
                        join contact k on k.id = c.contact_id
                        left join message_template t on t.id = m.template_id
                        where o.message_id = $1""")
                .execute(Tuple.of(messageId))
                .map(Outbox::loaded)
                .chain(loaded -> {
                    if (loaded.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Outgoing>empty());
                    }
                    Loaded l = loaded.get();
                    if (!"QUEUED".equals(l.status())) {
                        // Sent or undone meanwhile: the entry is stale, never send twice.
                        return forget(messageId).replaceWith(Optional.<Outgoing>empty());
                    }
                    if (l.optedOut()) {
                        return failed(l.outgoing(), "contact_opted_out", recorder).replaceWith(Optional.<Outgoing>empty());
                    }
                    return Uni.createFrom().item(Optional.of(l.outgoing()));
                });
    }

    private record Loaded(Outgoing outgoing, String status, boolean optedOut) {
    }

    private static Optional<Loaded> loaded(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Row r = it.next();
        return Optional.of(new Loaded(new Outgoing(r.getUUID(0), r.getUUID(1), r.getUUID(2), r.getUUID(3), r.getUUID(4),
                Channel.valueOf(r.getString(5)), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                r.getString(10), r.getString(14), parameters(r.getString(15)), r.getInteger(11)), r.getString(12), r.getBoolean(13)));
    }

    private static List<String> parameters(String json) {
        if (json == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        new JsonArray(json).forEach(value -> values.add(String.valueOf(value)));
        return values;
    }

    /** Records Vonage's id; answers true when this moved the message from QUEUED to SUBMITTED. */
    public Uni<Boolean> sent(Outgoing message, String providerMessageId, Recorder recorder) {
        UUID messageId = message.messageId();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                                update message m set provider_message_id = coalesce(m.provider_message_id, $2),
                                       status = case when m.status = 'QUEUED' then 'SUBMITTED' else m.status end, updated_at = now()
                                from (select id, status from message where id = $1 for update) before
                                where m.id = before.id
                                returning before.status as previous""")
                        .execute(Tuple.of(messageId, providerMessageId))
                        .call(() -> tx.preparedQuery("delete from outbox where message_id = $1").execute(Tuple.of(messageId)))
                        .map(rows -> rows.iterator().hasNext() && "QUEUED".equals(rows.iterator().next().getString(0)))
                        .call(submitted -> submitted ? recorder.record(tx, message.statusChanged("SUBMITTED")) : Uni.createFrom().voidItem()));
    }

    /** A transient failure that proves nothing went out: try again after {@code delay}. */
    public Uni<Void> retryLater(UUID messageId, Duration delay, String error) {
        return pool.preparedQuery("""
                        update outbox set not_before = $2, locked_until = null, attempt_started_at = null, last_error = $3
                        where message_id = $1""")
                .execute(Tuple.of(messageId, OffsetDateTime.now(ZoneOffset.UTC).plus(delay), error))
                .replaceWithVoid();
    }

    /** A permanent failure: the message is FAILED and leaves the outbox. Answers true if this changed its status. */
    public Uni<Boolean> failed(Outgoing message, String error, Recorder recorder) {
        UUID messageId = message.messageId();
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "update message set status = 'FAILED', error = $2, updated_at = now() where id = $1 and status = 'QUEUED'")
                        .execute(Tuple.of(messageId, error))
                        .call(() -> tx.preparedQuery("delete from outbox where message_id = $1").execute(Tuple.of(messageId)))
                        .map(rows -> rows.rowCount() == 1)
                        .call(changed -> changed ? recorder.record(tx, message.statusChanged("FAILED")) : Uni.createFrom().voidItem()));
    }

    /** Marks the send as leaving now; false when another attempt already did (never send twice). */
    public Uni<Boolean> attemptStarting(UUID messageId) {
        return pool.preparedQuery("update outbox set attempt_started_at = now() where message_id = $1 and attempt_started_at is null")
                .execute(Tuple.of(messageId)).map(rows -> rows.rowCount() == 1);
    }

    /** The send may have reached Vonage but its answer did not come back: wait for a receipt, never resend. */
    public Uni<Void> awaitReceipt(UUID messageId, String error) {
        return pool.preparedQuery("update outbox set locked_until = null, last_error = $2 where message_id = $1")
                .execute(Tuple.of(messageId, error)).replaceWithVoid();
    }

    /** A message whose outcome stayed unknown, now FAILED. */
    public record Unconfirmed(UUID messageId, UUID workspaceId, UUID conversationId, UUID queueId, UUID ownerId) {

        MessageStatusChanged failed() {
            return new MessageStatusChanged(workspaceId, messageId, conversationId, "FAILED", Audience.conversation(queueId, ownerId));
        }
    }

    /**
     * Settles sends whose outcome was unknown: entries a receipt confirmed leave the outbox; those
     * still QUEUED after {@code confirmWithin} become FAILED with a reason the agent can act on.
     */
    public Uni<List<Unconfirmed>> settleUnconfirmed(Duration confirmWithin, Recorder recorder) {
        // One statement (it runs at every poll): both deletes see the same snapshot, and a row they
        // both pick is failed only if its message is still QUEUED.
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        with confirmed as (
                            delete from outbox o using message m
                            where m.id = o.message_id and o.attempt_started_at is not null and m.status <> 'QUEUED'),
                        expired as (
                            delete from outbox o
                            where o.attempt_started_at < now() - $1 * interval '1 millisecond'
                              and (o.locked_until is null or o.locked_until < now())
                            returning o.message_id)
                        update message m set status = 'FAILED', updated_at = now(),
                               error = 'unconfirmed: Vonage did not confirm the send; it may not have reached the contact. Resend it if needed.'
                        from expired e, conversation c
                        where m.id = e.message_id and m.status = 'QUEUED' and c.id = m.conversation_id
                        returning m.id, m.workspace_id, m.conversation_id, c.queue_id, c.owner_id""")
                .execute(Tuple.of(confirmWithin.toMillis()))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(r -> new Unconfirmed(r.getUUID(0), r.getUUID(1), r.getUUID(2), r.getUUID(3), r.getUUID(4)))
                        .toList())
                .call(failed -> Multi.createFrom().iterable(failed)
                        .onItem().transformToUniAndConcatenate(unconfirmed -> recorder.record(tx, unconfirmed.failed()))
                        .collect().last()));
    }

    private Uni<Void> forget(UUID messageId) {
        return pool.preparedQuery("delete from outbox where message_id = $1").execute(Tuple.of(messageId)).replaceWithVoid();
    }
}
