package io.switchboard.conversation.inbox;

import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViewers;
import io.switchboard.conversation.ConversationViews;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.conversation.ConversationViewers.Viewer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reading conversations as the caller may see them. */
@ApplicationScoped
public class ConversationReader {

    /** One conversation as {@code GET /api/conversations/{id}} answers it: with who is viewing it now (R25). */
    public record Detail(@JsonUnwrapped ConversationView conversation, List<Viewer> viewers) {
    }

    private final ConversationViews views;
    private final ConversationViewers viewers;

    public ConversationReader(ConversationViews views, ConversationViewers viewers) {
        this.views = views;
        this.viewers = viewers;
    }

    @WithSession
    public Uni<Detail> get(Caller caller, UUID id) {
        return ConversationAccess.visible(caller, id).chain(conversation -> views.of(caller, conversation))
                .chain(view -> viewers.of(caller.workspaceId(), id).map(now -> new Detail(view, now)));
    }
}
