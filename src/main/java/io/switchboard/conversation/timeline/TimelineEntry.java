package io.switchboard.conversation.timeline;

import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.NoteView;
import io.switchboard.conversation.TimelineEvent;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One line of a conversation's timeline (R13): {@code {"kind": "message"|"note"|"event", "at", ...}}. */
public sealed interface TimelineEntry {

    String kind();

    Instant at();

    /** A message, its fields beside kind and at. */
    record MessageEntry(String kind, Instant at, @JsonUnwrapped MessageView message) implements TimelineEntry {
        MessageEntry(MessageView message) {
            this("message", message.createdAt(), message);
        }
    }

    /** An internal note (R12), its fields beside kind and at. */
    record NoteEntry(String kind, Instant at, @JsonUnwrapped NoteView note) implements TimelineEntry {
        NoteEntry(NoteView note) {
            this("note", note.createdAt(), note);
        }
    }

    /** Something that happened: type claimed, transferred, status_changed, tagged, closed or marked_unread_for_owner, by actorId. */
    record EventEntry(String kind, Instant at, UUID id, String type, UUID actorId, Map<String, Object> data) implements TimelineEntry {
        EventEntry(TimelineEvent event) {
            this("event", event.createdAt, event.id, event.kind, event.actorId, event.data);
        }
    }
}
