package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;

/** Whether a contact has closed conversations before this one (R18), so agents know to look at the history. */
public final class ConversationHistory {

    private ConversationHistory() {
    }

    public static Uni<Boolean> exists(Conversation conversation) {
        return Conversation.count("contactId = ?1 and status = ?2 and id <> ?3",
                conversation.contactId, ConversationStatus.CLOSED, conversation.id).map(n -> n > 0);
    }
}
