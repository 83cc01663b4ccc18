package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.workspace.QueueMember;

import java.util.UUID;

/**
 * Who may see a conversation (R4, roles): supervisors and admins every one of their workspace;
 * an agent those they own, the unowned open ones of their queues, and the closed ones they last
 * owned. Anything else is 404, as if it did not exist.
 */
public final class ConversationAccess {

    private ConversationAccess() {
    }

    /** The workspace's conversation, whatever the caller may see of it; 404 across workspaces. */
    public static Uni<Conversation> load(Caller caller, UUID id) {
        return Conversation.<Conversation>find("id = ?1 and workspaceId = ?2", id, caller.workspaceId()).firstResult()
                .onItem().ifNull().failWith(ConversationErrors::notFound);
    }

    /** The conversation if the caller may see it, else 404. */
    public static Uni<Conversation> visible(Caller caller, UUID id) {
        return load(caller, id).call(conversation -> canSee(caller, conversation).invoke(seen -> {
            if (!seen) {
                throw ConversationErrors.notFound();
            }
        }));
    }

    public static Uni<Boolean> canSee(Caller caller, Conversation conversation) {
        if (caller.seesAll() || caller.agentId().equals(conversation.ownerId)) {
            return Uni.createFrom().item(true);
        }
        if (conversation.isClosed()) {
            return Uni.createFrom().item(caller.agentId().equals(conversation.lastOwnerId));
        }
        if (conversation.ownerId != null) {
            return Uni.createFrom().item(false);
        }
        return isMember(conversation.queueId, caller.agentId());
    }

    /** The conversation as committed now, after a conditional update changed (or did not change) its row. */
    public static Uni<Conversation> reloaded(Conversation conversation) {
        return Panache.getSession()
                .invoke(session -> session.detach(conversation))
                .chain(() -> Conversation.<Conversation>findById(conversation.id));
    }

    public static Uni<Boolean> isMember(UUID queueId, UUID agentId) {
        return QueueMember.count("queueId = ?1 and agentId = ?2", queueId, agentId).map(n -> n > 0);
    }
}
