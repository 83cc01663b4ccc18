package io.switchboard.conversation.timeline;

import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.Note;
import io.switchboard.conversation.NoteView;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
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
        return events.transaction(recorder -> ConversationAccess.visible(caller, conversationId).chain(conversation -> {
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
                    NoteView view = NoteView.of(note);
                    return note.persist()
                            .call(() -> recorder.record(new ConversationEvents.NoteCreated(conversation.workspaceId, view,
                                    Audience.conversation(conversation.queueId, conversation.ownerId))))
                            .replaceWith(view);
                }));
    }
}
