package io.switchboard.conversation.inbox;

import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.Db;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.contact.ContactMatch;
import io.switchboard.conversation.inbox.ConversationQuery.Filter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
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


    private final Pool pool;
    private final ConversationViews views;

    public ConversationSearch(Pool pool, ConversationViews views) {
        this.pool = pool;
        this.views = views;
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
                .chain(found -> (found.ids().isEmpty() ? Uni.createFrom().item(List.<ConversationView>of()) : views.of(caller, found.ids()))
                        .map(items -> Page.of(items, page, found.total())));
    }

    private record Found(List<UUID> ids, long total) {
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
                case MINE -> sql.and("c.owner_id = " + sql.caller() + " and c.status <> 'CLOSED' and not c.snoozed");
                case SNOOZED -> sql.and("c.snoozed and c.status <> 'CLOSED'" + (caller.seesAll() ? "" : " and c.owner_id = " + sql.caller()));
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
        if (filter.ownerId() != null) {
            String owner = sql.param(filter.ownerId());
            sql.and("(c.owner_id = " + owner + " or (c.status = 'CLOSED' and c.last_owner_id = " + owner + "))");
        }
        if (filter.tag() != null) {
            sql.and("exists (select 1 from conversation_tag t where t.conversation_id = c.id and t.tag = " + sql.param(filter.tag()) + ")");
        }
        if (filter.sla() != null) {
            sql.and("sla_state(c.created_at, c.first_response_due_at, c.first_response_at) = " + sql.param(filter.sla().state()));
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
