package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.attention.ConversationAgentState;
import io.switchboard.auth.Caller;
import io.switchboard.contact.Contact;
import io.switchboard.contact.ContactView;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Builds the conversation object as one caller sees it: their own unread count and flags (R15, R16). */
@ApplicationScoped
public class ConversationViews {

    @WithSession
    public Uni<ConversationView> of(Caller caller, Conversation conversation) {
        Uni<Contact> contact = Contact.findById(conversation.contactId);
        Uni<List<ConversationTag>> tags = ConversationTag.list("conversationId = ?1 order by tag", conversation.id);
        Uni<ConversationAgentState> state = ConversationAgentState.find("conversationId = ?1 and agentId = ?2",
                conversation.id, caller.agentId()).firstResult();
        return contact.chain(c -> tags.chain(t -> state.chain(s -> unreadCount(conversation, s).chain(unread ->
                ConversationHistory.exists(conversation).map(history -> new ConversationView(
                conversation.id, conversation.queueId, conversation.senderId, conversation.channel, ContactView.of(c),
                conversation.status, conversation.ownerId, conversation.createdAt, conversation.lastMessageAt,
                conversation.lastMessagePreview, unread, t.stream().map(tag -> tag.tag).toList(),
                s != null && s.pinned, s != null && s.muted, s != null && s.archived, history))))));
    }

    /** Inbound messages since the caller last read it; at least 1 when marked unread (R15, R6). */
    private static Uni<Integer> unreadCount(Conversation conversation, ConversationAgentState state) {
        Instant since = state != null && state.lastReadAt != null ? state.lastReadAt : Instant.EPOCH;
        return Message.count("conversationId = ?1 and direction = ?2 and createdAt > ?3",
                        conversation.id, Message.Direction.IN, since)
                .map(count -> (int) Math.max(count, state != null && state.unread ? 1 : 0));
    }
}
