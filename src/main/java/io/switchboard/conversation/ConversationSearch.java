package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.Channel;
import io.switchboard.common.Db;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.contact.Classification;
import io.switchboard.contact.ContactMatch;
import io.switchboard.contact.ContactView;
import io.switchboard.conversation.ConversationQuery.Filter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Conversation lists (R17) in SQL: one query picks the page by the list indexes, a second counts
 * the total, and the page's ten to two hundred rows are then dressed with the caller's own flags,
 * unread count and tags. Search {@code q} matches contact names and message texts anywhere (trigram
 * indexes, V1) and numbers by their first or last digits (btree, V4), each as its own index lookup
 * rather than one scan over every row.
 */
@ApplicationScoped
public class ConversationSearch {

    private static final String DRESS = """
            select c.id, c.queue_id, c.sender_id, c.channel, c.status, c.owner_id, c.created_at, c.last_message_at,
                   c.last_message_preview, ct.id, ct.number, ct.name, ct.classification,
                   coalesce(s.pinned, false), coalesce(s.muted, false), coalesce(s.archived, false),
                   greatest((select count(*) from message m where m.conversation_id = c.id and m.direction = 'IN'
                              and m.created_at > coalesce(s.last_read_at, '-infinity')),
                            case when coalesce(s.unread, false) then 1 else 0 end),
                   array(select t.tag from conversation_tag t where t.conversation_id = c.id order by t.tag),
                   exists(select 1 from conversation h where h.contact_id = c.contact_id and h.status = 'CLOSED' and h.id <> c.id)
            from unnest($1::uuid[]) with ordinality as p(id, n)
            join conversation c on c.id = p.id
            join contact ct on ct.id = c.contact_id
            left join conversation_agent_state s on s.conversation_id = c.id and s.agent_id = $2
            order by p.n""";

    private final Pool pool;

    public ConversationSearch(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<ConversationView>> list(Caller caller, Filter filter, PageRequest page) {
        Sql sql = where(caller, filter);
        boolean pinnedFirst = filter.view() == ConversationQuery.View.MINE;
        boolean byContact = filter.sort() == ConversationQuery.Sort.CONTACT_ASC || filter.sort() == ConversationQuery.Sort.CONTACT_DESC;
        // Joins only where a sort or filter needs them, so the common lists walk one index in order.
        String joins = (byContact ? "join contact ct on ct.id = c.contact_id and ct.workspace_id = $1\n" : "")
                + (pinnedFirst || filter.unreadOnly()
                ? "left join conversation_agent_state s on s.conversation_id = c.id and s.agent_id = " + sql.caller() + "\n" : "");
        String from = "from conversation c\n" + joins + sql.text;
        String order = (pinnedFirst ? "coalesce(s.pinned, false) desc, " : "") + filter.sort().orderBy;
        List<Object> pageArgs = new ArrayList<>(sql.params);
        pageArgs.add(page.size());
        pageArgs.add(page.offset());
        String select = "select c.id " + from + "\norder by " + order
                + " limit $" + (pageArgs.size() - 1) + " offset $" + pageArgs.size();
        return Db.withCustomPlans(pool, connection -> connection.preparedQuery(select).execute(Tuple.from(pageArgs))
                        .chain(rows -> {
                            List<UUID> ids = new ArrayList<>();
                            rows.forEach(row -> ids.add(row.getUUID(0)));
                            // A page shorter than asked at offset 0 is the whole list: no count needed.
                            return page.offset() == 0 && ids.size() < page.size()
                                    ? Uni.createFrom().item(new Found(ids, ids.size()))
                                    : connection.preparedQuery("select count(*) " + from).execute(Tuple.from(sql.params))
                                    .map(count -> new Found(ids, count.iterator().next().getLong(0)));
                        }))
                .chain(found -> (found.ids().isEmpty() ? Uni.createFrom().item(List.<ConversationView>of()) : dress(caller, found.ids()))
                        .map(items -> Page.of(items, page, found.total())));
    }

    private record Found(List<UUID> ids, long total) {
    }

    private Uni<List<ConversationView>> dress(Caller caller, List<UUID> ids) {
        return pool.preparedQuery(DRESS).execute(Tuple.of(ids.toArray(UUID[]::new), caller.agentId()))
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
                row.getOffsetDateTime(6).toInstant(), row.getOffsetDateTime(7).toInstant(), row.getString(8),
                row.getLong(16).intValue(), Arrays.asList(row.getArrayOfStrings(17)),
                row.getBoolean(13), row.getBoolean(14), row.getBoolean(15), row.getBoolean(18));
    }

    /**
     * The where clause: the workspace, the view, what the caller may see (R4, roles) and each filter.
     * Each view already keeps an agent to what they may see; only a contact's history (no view)
     * needs the visibility rule spelled out.
     */
    private static Sql where(Caller caller, Filter filter) {
        Sql sql = new Sql(caller);
        if (filter.view() == null) {
            if (!caller.seesAll()) {
                sql.and("(c.owner_id = " + sql.caller() + " or (c.owner_id is null and c.status <> 'CLOSED' and c.queue_id in " + sql.callersQueues()
                        + ") or (c.status = 'CLOSED' and c.last_owner_id = " + sql.caller() + "))");
            }
        } else {
            switch (filter.view()) {
                case MINE -> sql.and("c.owner_id = " + sql.caller() + " and c.status <> 'CLOSED'");
                case QUEUE -> sql.and("c.owner_id is null and c.status <> 'CLOSED'"
                        + (caller.seesAll() && filter.queueId() != null ? "" : " and c.queue_id in " + sql.callersQueues()));
                case ALL -> sql.and("c.status <> 'CLOSED'");
                case CLOSED -> sql.and("c.status = 'CLOSED'" + (caller.seesAll() ? "" : " and c.last_owner_id = " + sql.caller()));
            }
            // R16: archived conversations leave the caller's lists, and are listed alone with archived=true.
            sql.and((filter.archived() ? "" : "not ") + "exists (select 1 from conversation_agent_state a where a.conversation_id = c.id"
                    + " and a.agent_id = " + sql.caller() + " and a.archived)");
        }
        if (filter.status() != null) {
            sql.and("c.status = " + sql.param(filter.status().name()));
        }
        if (filter.queueId() != null) {
            sql.and("c.queue_id = " + sql.param(filter.queueId()));
        }
        if (filter.contactId() != null) {
            sql.and("c.contact_id = " + sql.param(filter.contactId()));
        }
        if (filter.channel() != null) {
            sql.and("c.channel = " + sql.param(filter.channel().name()));
        }
        if (filter.tag() != null) {
            sql.and("exists (select 1 from conversation_tag t where t.conversation_id = c.id and t.tag = " + sql.param(filter.tag()) + ")");
        }
        if (filter.unreadOnly()) {
            sql.and("(coalesce(s.unread, false) or c.last_inbound_at > coalesce(s.last_read_at, '-infinity'))");
        }
        if (filter.text() != null) {
            // The matching ids come from the indexes first; the list then only looks those up.
            sql.and("c.id in (select h.id from conversation h join contact x on x.id = h.contact_id"
                    + " where x.workspace_id = $1 and " + ContactMatch.condition("x", filter.text(), sql::param)
                    + " union select m.conversation_id from message m where m.workspace_id = $1 and m.text ilike "
                    + sql.param(ContactMatch.anywhere(filter.text())) + ")");
        }
        return sql;
    }

    /** A where clause being built with its positional parameters; the caller's id is added once, when first used. */
    private static final class Sql {
        final List<Object> params = new ArrayList<>();
        private final Caller caller;
        private String callerParam;
        String text = "where c.workspace_id = $1";

        Sql(Caller caller) {
            this.caller = caller;
            params.add(caller.workspaceId());
        }

        void and(String condition) {
            text += "\n  and " + condition;
        }

        String param(Object value) {
            params.add(value);
            return "$" + params.size();
        }

        /** PostgreSQL cannot type a parameter no clause uses, so the caller's id is only added with its first use. */
        String callersQueues() {
            return "(select queue_id from queue_member where agent_id = " + caller() + ")";
        }

        String caller() {
            if (callerParam == null) {
                callerParam = param(caller.agentId());
            }
            return callerParam;
        }
    }
}
