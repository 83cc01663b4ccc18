package io.switchboard.conversation.timeline;

import io.smallrye.mutiny.Multi;
import io.switchboard.common.ApiException;
import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.Note;
import io.switchboard.conversation.NoteView;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
import io.switchboard.workspace.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Internal notes (R12): written by anyone who may see an open conversation, pushed as note.created
 * to those same people, and never handed to the delivery pipeline. {@code @username} mentions
 * (#21) tell each named user ({@code note.mentioned}) and put the conversation in their bell until
 * they read it; a note naming anyone who may not see the conversation, or nobody of the workspace,
 * is refused whole (422 {@code mention_not_allowed}), the same answer for both so it tells nothing
 * of who exists or what they may see.
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
                    return mentioned(caller, conversation, note.text)
                            .call(() -> note.persist())
                            .call(people -> recorder.record(new ConversationEvents.NoteCreated(conversation.workspaceId, view,
                                    Audience.conversation(conversation.queueId, conversation.ownerId))))
                            .call(people -> Multi.createFrom().iterable(people)
                                    .onItem().transformToUniAndConcatenate(person -> AgentStates.mentioned(conversation.id, person.id)
                                            .chain(() -> recorder.record(new ConversationEvents.Mentioned(conversation.workspaceId, person.id, view))))
                                    .collect().last())
                            .replaceWith(view);
                }));
    }

    /** The people the note names, each of whom may see the conversation; the author naming themselves is no mention. */
    private static Uni<List<Agent>> mentioned(Caller caller, Conversation conversation, String text) {
        Set<String> names = Mentions.in(text);
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Agent.<Agent>list("workspaceId = ?1 and username in ?2 and active = true", caller.workspaceId(), names)
                .chain(people -> Multi.createFrom().iterable(people)
                        .onItem().transformToUniAndConcatenate(person -> ConversationAccess.canSee(
                                new Caller(person.id, person.workspaceId, person.role, person.username), conversation)
                                .map(sees -> sees ? person : null))
                        .collect().asList()
                        .map(allowed -> {
                            Set<String> refused = new TreeSet<>(names);
                            allowed.stream().filter(Objects::nonNull).forEach(person -> refused.remove(person.username));
                            if (!refused.isEmpty()) {
                                throw new ApiException(422, "mention_not_allowed",
                                        "A note may mention only people of this workspace who may see the conversation",
                                        Map.of("usernames", List.copyOf(refused)));
                            }
                            return allowed.stream().filter(person -> !person.id.equals(caller.agentId())).toList();
                        }));
    }
}
