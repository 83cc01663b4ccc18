package io.switchboard.channel;

import io.switchboard.events.Recorder;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Delivery receipts (R8): a status moves only forward (QUEUED, SUBMITTED, DELIVERED, READ; REJECTED
 * and FAILED end it unless it was already delivered), so late or repeated receipts change nothing
 * and push nothing.
 */
@ApplicationScoped
public class DeliveryReceipts {

    public enum Outcome { CHANGED, UNCHANGED, UNKNOWN_MESSAGE }

    /** A status's place in the order; SQL below repeats it so the database decides atomically. */
    private static final String RANK = """
            case %s when 'QUEUED' then 0 when 'SUBMITTED' then 1 when 'DELIVERED' then 2 when 'REJECTED' then 2
                    when 'FAILED' then 2 when 'READ' then 3 else 9 end""";

    private final Pool pool;
    private final EventPublisher events;

    public DeliveryReceipts(Pool pool, EventPublisher events) {
        this.pool = pool;
        this.events = events;
    }

    /** Vonage's status word as ours: submitted, delivered, read, rejected, undeliverable. */
    public static String statusOf(String vonageStatus) {
        return switch (vonageStatus.toLowerCase()) {
            case "submitted" -> "SUBMITTED";
            case "delivered" -> "DELIVERED";
            case "read" -> "READ";
            case "rejected" -> "REJECTED";
            case "undeliverable", "failed" -> "FAILED";
            default -> null;
        };
    }

    /** Applies a receipt found by our message id (client_ref) or Vonage's message_uuid. */
    public Uni<Outcome> apply(UUID clientRef, String providerMessageId, String status) {
        Recorder recorder = events.recorder();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        update message m set status = $3, updated_at = now(),
                               provider_message_id = coalesce(m.provider_message_id, $2)
                        from conversation c
                        where c.id = m.conversation_id
                          and (m.id = $1 or m.provider_message_id = $2)
                          and m.direction = 'OUT'
                          and %s < %s
                        returning m.id, m.workspace_id, m.conversation_id, c.queue_id, c.owner_id"""
                        .formatted(RANK.formatted("m.status"), RANK.formatted("$3::text")))
                .execute(Tuple.of(clientRef, providerMessageId, status))
                .call(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row r = rows.iterator().next();
                    return recorder.record(tx, new MessageStatusChanged(r.getUUID(1), r.getUUID(0), r.getUUID(2), status,
                            Audience.conversation(r.getUUID(3), r.getUUID(4))));
                }))
                .call(recorder::relay)
                .chain(rows -> {
                    if (rows.rowCount() > 0) {
                        return Uni.createFrom().item(Outcome.CHANGED);
                    }
                    return pool.preparedQuery("select 1 from message where id = $1 or provider_message_id = $2")
                            .execute(Tuple.of(clientRef, providerMessageId))
                            .map(found -> found.rowCount() > 0 ? Outcome.UNCHANGED : Outcome.UNKNOWN_MESSAGE)
                            .invoke(outcome -> {
                                if (outcome == Outcome.UNKNOWN_MESSAGE) {
                                    Log.infof("Receipt for unknown message %s ignored", providerMessageId);
                                }
                            });
                });
    }
}
