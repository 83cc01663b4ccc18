package io.switchboard.conversation;

/** R2: UNANSWERED -> ACTIVE -> CLOSED, never backwards. */
public enum ConversationStatus {
    UNANSWERED, ACTIVE, CLOSED
}
