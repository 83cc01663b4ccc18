package io.switchboard.conversation.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationHistory;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.Tags;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.contact.Contact;
import io.switchboard.contact.ContactView;
import io.switchboard.events.Recorder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.events.EventPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Tags on conversations: replaced as a set by anyone who may see an open conversation; "tagged" joins the timeline (R13). */
@ApplicationScoped
public class TagService {

    /** A tag in use in the workspace, with how many conversations carry it. */
    public record TagUse(String name, long conversations) {
    }

    private final EventPublisher events;
    private final ConversationViews views;
    private final Pool pool;

    public TagService(EventPublisher events, ConversationViews views, Pool pool) {
        this.events = events;
        this.views = views;
        this.pool = pool;
    }

    private record Retagged(Conversation conversation, boolean changed) {
    }

    public Uni<ConversationView> replace(Caller caller, UUID conversationId, List<String> requested) {
        TreeSet<String> wanted = Tags.normalizeAll(requested);
        return events.transaction(recorder -> ConversationAccess.visible(caller, conversationId)
                        // Serializes concurrent retagging of one conversation (the tag rows' primary key).
                        .call(conversation -> Panache.getSession().chain(session -> session.lock(conversation, LockModeType.PESSIMISTIC_WRITE)))
                        .chain(conversation -> {
                            if (conversation.isClosed()) {
                                throw ConversationErrors.closed();
                            }
                            return ConversationTag.<ConversationTag>list("conversationId", conversationId)
                                    .chain(existing -> apply(caller, conversation, existing, wanted));
                        })
                        .call(retagged -> retagged.changed() ? announce(recorder, retagged.conversation(), List.copyOf(wanted))
                                : Uni.createFrom().voidItem()))
                .chain(retagged -> views.of(caller, retagged.conversation()));
    }

    private static Uni<Retagged> apply(Caller caller, Conversation conversation, List<ConversationTag> existing, Set<String> wanted) {
        Set<String> before = new TreeSet<>();
        existing.forEach(tag -> before.add(tag.tag));
        List<String> added = wanted.stream().filter(tag -> !before.contains(tag)).toList();
        List<String> removed = before.stream().filter(tag -> !wanted.contains(tag)).toList();
        List<String> after = new ArrayList<>(wanted);
        if (added.isEmpty() && removed.isEmpty()) {
            return Uni.createFrom().item(new Retagged(conversation, false));
        }
        Uni<Void> chain = removed.isEmpty() ? Uni.createFrom().voidItem()
                : ConversationTag.delete("conversationId = ?1 and tag in ?2", conversation.id, removed).replaceWithVoid();
        for (String tag : added) {
            ConversationTag row = new ConversationTag();
            row.conversationId = conversation.id;
            row.tag = tag;
            chain = chain.chain(() -> row.persist().replaceWithVoid());
        }
        return chain.chain(() -> TimelineEvent.of(conversation, "tagged", caller.agentId(),
                        Map.of("tags", after, "added", added, "removed", removed)).persist())
                .replaceWith(new Retagged(conversation, true));
    }

    /** conversation.updated with the shared view (no one agent's flags), recorded with the new tags. */
    private static Uni<Void> announce(Recorder recorder, Conversation conversation, List<String> tags) {
        Log.debugf("Conversation %s tagged %s", conversation.id, tags);
        return Contact.<Contact>findById(conversation.contactId)
                .chain(contact -> ConversationHistory.exists(conversation)
                        .map(history -> ConversationView.of(conversation, ContactView.of(contact), tags, 0, history)))
                .chain(view -> recorder.record(new ConversationEvents.Updated(conversation.workspaceId, view)));
    }

    /** The workspace's tags in use, by name. */
    public Uni<List<TagUse>> inUse(Caller caller) {
        return pool.preparedQuery("""
                        select t.tag, count(*) from conversation_tag t join conversation c on c.id = t.conversation_id
                        where c.workspace_id = $1 group by t.tag order by t.tag""")
                .execute(Tuple.of(caller.workspaceId()))
                .map(rows -> {
                    List<TagUse> tags = new ArrayList<>();
                    rows.forEach(row -> tags.add(new TagUse(row.getString(0), row.getLong(1))));
                    return tags;
                });
    }
}
