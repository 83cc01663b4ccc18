package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.Channel;
import io.switchboard.contact.Classification;
import io.switchboard.contact.ContactView;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Builds the conversation object as one caller sees it, with their own unread count and flags
 * (R15, R16), in one query for any number of conversations. {@code hasHistory} counts only the
 * earlier conversations the caller may open: all for supervisors and admins, those they last owned
 * for an agent (R4), so the flag and the history list agree. A waiting conversation gets its place
 * in its queue and estimated wait (R26, {@code queue_wait_estimate} in V13); one with a first-response
 * target its due time and SLA state (R27, {@code sla_state} in V14). A snoozed one says until when
 * (#21). It reads committed data: call it after the change it shows has committed, or inside that
 * change's transaction.
 */
@ApplicationScoped
public class ConversationViews {

    private static final String DRESS = """
            select c.id, c.queue_id, c.sender_id, c.channel, c.status, c.owner_id, c.created_at, c.last_message_at,
                   c.last_message_preview, ct.id, ct.number, ct.name, ct.classification,
                   coalesce(s.pinned, false), coalesce(s.muted, false), coalesce(s.archived, false),
                   greatest((select count(*) from message m where m.conversation_id = c.id and m.direction = 'IN'
                              and m.created_at > coalesce(s.last_read_at, '-infinity')),
                            case when coalesce(s.unread, false) then 1 else 0 end),
                   array(select t.tag from conversation_tag t where t.conversation_id = c.id order by t.tag),
                   exists(select 1 from conversation h where h.contact_id = c.contact_id and h.status = 'CLOSED' and h.id <> c.id
                                 and ($3 or h.last_owner_id = $2)),
                   w.place, queue_wait_estimate(c.queue_id, w.place),
                   c.first_response_due_at, sla_state(c.created_at, c.first_response_due_at, c.first_response_at),
                   c.snoozed, c.snoozed_until
            from unnest($1::uuid[]) with ordinality as p(id, n)
            join conversation c on c.id = p.id
            join contact ct on ct.id = c.contact_id
            left join conversation_agent_state s on s.conversation_id = c.id and s.agent_id = $2
            left join lateral (select count(*) as place from conversation o
                               where c.owner_id is null and c.status <> 'CLOSED'
                                 and o.queue_id = c.queue_id and o.owner_id is null and o.status <> 'CLOSED'
                                 and (o.created_at, o.id) <= (c.created_at, c.id)) w on c.owner_id is null and c.status <> 'CLOSED'
            order by p.n""";

    private final Pool pool;

    public ConversationViews(Pool pool) {
        this.pool = pool;
    }

    public Uni<ConversationView> of(Caller caller, Conversation conversation) {
        return of(pool, caller, conversation.id);
    }

    /** One conversation read through {@code client}: in a transaction, as that transaction's writes left it. */
    public Uni<ConversationView> of(SqlClient client, Caller caller, UUID id) {
        return of(client, caller, List.of(id)).map(views -> {
            if (views.isEmpty()) {
                throw ConversationErrors.notFound();
            }
            return views.get(0);
        });
    }

    /** The conversations in the order given. */
    public Uni<List<ConversationView>> of(Caller caller, List<UUID> ids) {
        return of(pool, caller, ids);
    }

    private static Uni<List<ConversationView>> of(SqlClient client, Caller caller, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(DRESS).execute(Tuple.of(ids.toArray(UUID[]::new), caller.agentId(), caller.seesAll()))
                .map(rows -> {
                    List<ConversationView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    private static ConversationView view(Row row) {
        String classification = row.getString(12);
        ContactView contact = new ContactView(row.getUUID(9), row.getString(10), row.getString(11),
                classification == null ? null : Classification.valueOf(classification));
        return new ConversationView(row.getUUID(0), row.getUUID(1), row.getUUID(2), Channel.valueOf(row.getString(3)),
                contact, ConversationStatus.valueOf(row.getString(4)), row.getUUID(5),
                instant(row, 6), instant(row, 7), row.getString(8),
                row.getLong(16).intValue(), Arrays.asList(row.getArrayOfStrings(17)),
                row.getBoolean(13), row.getBoolean(14), row.getBoolean(15), row.getBoolean(18),
                row.getLong(19), row.getInteger(20),
                instant(row, 21), row.getString(22), row.getBoolean(23), instant(row, 24));
    }

    private static Instant instant(Row row, int column) {
        return row.getOffsetDateTime(column) == null ? null : row.getOffsetDateTime(column).toInstant();
    }
}
