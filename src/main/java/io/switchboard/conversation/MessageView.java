package io.switchboard.conversation;

import java.time.Instant;
import java.util.UUID;

/** The contract's message object. */
public record MessageView(UUID id, UUID conversationId, Message.Direction direction, String text, String mediaUrl,
                          Message.Status status, UUID authorId, Instant createdAt, String providerMessageId) {

    public static MessageView of(Message message) {
        return new MessageView(message.id, message.conversationId, message.direction, message.text, message.mediaUrl,
                message.status, message.authorId, message.createdAt, message.providerMessageId);
    }

    /** A short line for lists: the text's start, or what kind of media it is. */
    public static String preview(String text, String mediaUrl) {
        if (text != null && !text.isBlank()) {
            String line = text.strip().replaceAll("\\s+", " ");
            return line.length() <= 120 ? line : line.substring(0, 119) + "…";
        }
        return mediaUrl != null ? "[media]" : "";
    }
}
