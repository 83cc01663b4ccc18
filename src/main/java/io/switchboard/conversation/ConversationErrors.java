package io.switchboard.conversation;

import io.switchboard.common.ApiException;

import java.util.Map;
import java.util.UUID;

/** The contract's conversation error answers, in one place. */
public final class ConversationErrors {

    private ConversationErrors() {
    }

    public static ApiException notFound() {
        return ApiException.notFound("Conversation");
    }

    public static ApiException closed() {
        return new ApiException(409, "conversation_closed", "The conversation is closed and read-only");
    }

    public static ApiException alreadyClaimed(Object ownerId) {
        return new ApiException(409, "already_claimed", "Another agent claimed the conversation first",
                Map.of("ownerId", ownerId.toString()));
    }

    public static ApiException notAccepting(String presence) {
        return new ApiException(409, "not_accepting", "Your presence " + presence + " does not accept new conversations");
    }

    public static ApiException atCapacity(UUID agentId, int capacity) {
        return new ApiException(409, "at_capacity", "The agent already has " + capacity + " open conversations, their maximum",
                Map.of("agentId", agentId.toString(), "maxConversations", capacity));
    }

    public static ApiException notQueueMember() {
        return new ApiException(403, "not_queue_member", "You are not a member of this conversation's queue");
    }

    public static ApiException notOwner() {
        return new ApiException(403, "forbidden", "Only the owner, a supervisor or an admin may do this");
    }

    public static ApiException changedMeanwhile(UUID conversationId) {
        return new ApiException(409, "conflict", "The conversation changed meanwhile; reload it and try again",
                Map.of("conversationId", conversationId.toString()));
    }
}
