package io.switchboard.conversation;

import java.time.Instant;
import java.util.UUID;

/** An internal note as the API and note.created show it (R12). */
public record NoteView(UUID id, UUID conversationId, UUID authorId, String text, Instant createdAt) {

    public static NoteView of(Note note) {
        return new NoteView(note.id, note.conversationId, note.authorId, note.text, note.createdAt);
    }
}
