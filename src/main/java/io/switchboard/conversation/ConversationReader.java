package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Reading conversations as the caller may see them. */
@ApplicationScoped
public class ConversationReader {

    private final ConversationViews views;

    public ConversationReader(ConversationViews views) {
        this.views = views;
    }

    @WithSession
    public Uni<ConversationView> get(Caller caller, UUID id) {
        return ConversationAccess.visible(caller, id).chain(conversation -> views.of(caller, conversation));
    }
}
