package io.switchboard.conversation.timeline;

import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.Note;
import io.switchboard.conversation.NoteView;
import io.switchboard.conversation.TimelineEvent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.switchboard.conversation.timeline.TimelineEntry.EventEntry;
import io.switchboard.conversation.timeline.TimelineEntry.MessageEntry;
import io.switchboard.conversation.timeline.TimelineEntry.NoteEntry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A conversation's timeline (R13): messages, notes and events merged in time order, oldest first,
 * a page at a time so long conversations stay cheap. Undone sends (R11) are left out: they never happened.
 */
@ApplicationScoped
public class TimelineService {

    private static final String ENTRIES = """
            select kind, id from (
              select 'message' as kind, id, created_at from message where conversation_id = $1 and status <> 'UNDONE'
              union all select 'note', id, created_at from note where conversation_id = $1
              union all select 'event', id, created_at from timeline_event where conversation_id = $1
            ) entries order by created_at, kind, id limit $2 offset $3""";

    private static final String COUNT = """
            select (select count(*) from message where conversation_id = $1 and status <> 'UNDONE')
                 + (select count(*) from note where conversation_id = $1)
                 + (select count(*) from timeline_event where conversation_id = $1)""";

    private final Pool pool;

    public TimelineService(Pool pool) {
        this.pool = pool;
    }

    @WithSession
    public Uni<Page<TimelineEntry>> page(Caller caller, UUID conversationId, PageRequest page) {
        return ConversationAccess.visible(caller, conversationId)
                .chain(conversation -> entries(conversation.id, page.size(), page.offset()))
                .chain(items -> pool.preparedQuery(COUNT).execute(Tuple.of(conversationId))
                        .map(rows -> Page.of(items, page, rows.iterator().next().getLong(0))));
    }

    /** Up to {@code limit} entries from {@code offset}, in time order; runs inside a session. */
    Uni<List<TimelineEntry>> entries(UUID conversationId, int limit, int offset) {
        return pool.preparedQuery(ENTRIES).execute(Tuple.of(conversationId, limit, offset)).chain(rows -> {
            List<String[]> order = new ArrayList<>();
            Map<String, List<UUID>> idsByKind = new HashMap<>();
            rows.forEach(row -> {
                order.add(new String[]{row.getString(0), row.getUUID(1).toString()});
                idsByKind.computeIfAbsent(row.getString(0), kind -> new ArrayList<>()).add(row.getUUID(1));
            });
            Map<String, TimelineEntry> byId = new HashMap<>();
            return load(idsByKind.get("message"), ids -> Message.<Message>list("id in ?1", ids),
                    (Message m) -> byId.put(m.id.toString(), new MessageEntry(MessageView.of(m))))
                    .chain(() -> load(idsByKind.get("note"), ids -> Note.<Note>list("id in ?1", ids),
                            (Note n) -> byId.put(n.id.toString(), new NoteEntry(NoteView.of(n)))))
                    .chain(() -> load(idsByKind.get("event"), ids -> TimelineEvent.<TimelineEvent>list("id in ?1", ids),
                            (TimelineEvent e) -> byId.put(e.id.toString(), new EventEntry(e))))
                    .map(ignored -> order.stream().map(entry -> byId.get(entry[1])).toList());
        });
    }

    private static <T> Uni<Void> load(List<UUID> ids, Function<List<UUID>, Uni<List<T>>> query,
                                      Consumer<T> into) {
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return query.apply(ids).invoke(found -> found.forEach(into)).replaceWithVoid();
    }
}
