package io.switchboard.conversation;

import io.switchboard.channel.Channel;
import io.switchboard.contact.ContactView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract's conversation object; unreadCount, pinned, muted and archived are the caller's own.
 * {@code hasHistory} (an addition) tells whether earlier closed conversations with the contact exist (R18).
 * {@code queuePosition} (1 = next) and {@code estimatedWaitSeconds} are set while it waits unowned (R26);
 * events leave them out (they change with every move of the queue; clients number their alerts).
 * {@code firstResponseDueAt} and {@code slaState} (ok, at_risk, breached, met) are set when its queue
 * has a first-response target (R27); events carry the due time and leave the state to {@code conversation.sla}.
 * {@code snoozed} and {@code snoozedUntil} (null: until the contact writes) say its owner put it aside (#21).
 */
public record ConversationView(UUID id, UUID queueId, UUID senderId, Channel channel, ContactView contact,
                               ConversationStatus status, UUID ownerId, Instant createdAt, Instant lastMessageAt,
                               String lastMessagePreview, int unreadCount, List<String> tags,
                               boolean pinned, boolean muted, boolean archived, boolean hasHistory,
                               Long queuePosition, Integer estimatedWaitSeconds, Instant firstResponseDueAt, String slaState,
                               boolean snoozed, Instant snoozedUntil) {

    /** The view before any one agent's flags apply, as pushed in events. */
    public static ConversationView of(Conversation conversation, ContactView contact, List<String> tags, int unreadCount,
                                      boolean hasHistory) {
        return new ConversationView(conversation.id, conversation.queueId, conversation.senderId, conversation.channel,
                contact, conversation.status, conversation.ownerId, conversation.createdAt, conversation.lastMessageAt,
                conversation.lastMessagePreview, unreadCount, tags, false, false, false, hasHistory, null, null,
                conversation.firstResponseDueAt, null, conversation.snoozed, conversation.snoozedUntil);
    }

    /** The same conversation as events show it to everyone: no one agent's unread count or flags. */
    public ConversationView withoutCallersFlags() {
        return new ConversationView(id, queueId, senderId, channel, contact, status, ownerId, createdAt, lastMessageAt,
                lastMessagePreview, 0, tags, false, false, false, hasHistory, queuePosition, estimatedWaitSeconds,
                firstResponseDueAt, slaState, snoozed, snoozedUntil);
    }
}
