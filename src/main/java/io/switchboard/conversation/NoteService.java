package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.realtime.Audience;
import io.switchboard.realtime.EventPublisher;
import io.switchboard.realtime.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

/**
 * Internal notes (R12): written by anyone who may see an open conversation, pushed as note.created
 * to those same people, and never handed to the delivery pipeline.
 */
@ApplicationScoped
public class NoteService {

    public record NewNote(@NotBlank @Size(max = 4000) String text) {
    }

    private final EventPublisher events;

    public NoteService(EventPublisher events) {
        this.events = events;
    }

    public Uni<NoteView> add(Caller caller, UUID conversationId, NewNote request) {
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId).chain(conversation -> {
                    if (conversation.isClosed()) {
                        throw ConversationErrors.closed();
                    }
                    Note note = new Note();
                    note.id = UUID.randomUUID();
                    note.workspaceId = conversation.workspaceId;
                    note.conversationId = conversation.id;
                    note.authorId = caller.agentId();
                    note.text = request.text().strip();
                    note.createdAt = Instant.now();
                    return note.persist().replaceWith(new Noted(conversation, NoteView.of(note)));
                }))
                .call(noted -> events.publish(caller.workspaceId(), EventTypes.NOTE_CREATED, noted.note(),
                        Audience.conversation(noted.conversation().queueId, noted.conversation().ownerId)))
                .map(Noted::note);
    }

    private record Noted(Conversation conversation, NoteView note) {
    }
}
