package io.switchboard.attention;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.attention.Bell.Affected;
import io.switchboard.auth.Caller;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.workspace.QueueMember;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What needs an agent's attention (R3, R14-R16): keeps the bell's derived state in step with every
 * conversation change, and answers the bell, the alerts and each agent's own flags. The domain
 * services call the hooks after their transaction commits.
 */
@ApplicationScoped
public class AttentionService {

    private final Bell bell;
    private final BellRebuild rebuild;
    private final ConversationViews views;

    public AttentionService(Bell bell, BellRebuild rebuild, ConversationViews views) {
        this.bell = bell;
        this.rebuild = rebuild;
        this.views = views;
    }

    // ---- hooks, called after the change committed ----

    /** A new unowned conversation waits in its queue: every member's bell goes up (R3). */
    public Uni<Void> waiting(Conversation conversation) {
        return bell.waitInQueue(conversation.workspaceId, conversation.queueId, conversation.id, conversation.createdAt)
                .chain(() -> refresh(conversation.workspaceId, Affected.queueAnd(conversation.queueId)));
    }

    /** A message from the contact on an owned conversation needs its owner, unless they muted it (R14, R16). */
    public Uni<Void> inbound(Conversation conversation) {
        if (conversation.ownerId == null) {
            return Uni.createFrom().voidItem();
        }
        return mutedBy(conversation.id, conversation.ownerId).chain(muted -> muted
                ? Uni.createFrom().voidItem()
                : bell.markUnread(conversation.workspaceId, conversation.ownerId, conversation.id)
                .chain(() -> refresh(conversation.workspaceId, Affected.agents(conversation.ownerId))));
    }

    /** Claimed: it stops waiting in the queue; the claimant has seen it (ClaimService marked it read). */
    public Uni<Void> claimed(Conversation conversation) {
        return bell.leaveQueue(conversation.workspaceId, conversation.queueId, conversation.id)
                .chain(() -> bell.markRead(conversation.workspaceId, conversation.ownerId, conversation.id))
                .chain(() -> refresh(conversation.workspaceId, Affected.queueAnd(conversation.queueId, conversation.ownerId)));
    }

    /** R6: out of the old queue or owner, into the new one; an assignee finds it unread. */
    public Uni<Void> transferred(Conversation conversation, UUID previousOwner, UUID previousQueue) {
        UUID ws = conversation.workspaceId;
        Set<UUID> agents = new HashSet<>();
        Set<UUID> queues = new HashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (previousOwner == null) {
            chain = chain.chain(() -> bell.leaveQueue(ws, previousQueue, conversation.id));
            queues.add(previousQueue);
        } else {
            chain = chain.chain(() -> bell.markRead(ws, previousOwner, conversation.id));
            agents.add(previousOwner);
        }
        if (conversation.ownerId == null) {
            chain = chain.chain(() -> bell.waitInQueue(ws, conversation.queueId, conversation.id, Instant.now()));
            queues.add(conversation.queueId);
        } else {
            chain = chain.chain(() -> mutedBy(conversation.id, conversation.ownerId)).chain(muted -> muted
                    ? Uni.createFrom().voidItem()
                    : bell.markUnread(ws, conversation.ownerId, conversation.id));
            agents.add(conversation.ownerId);
        }
        return chain.chain(() -> refresh(ws, new Affected(agents, queues)));
    }

    public Uni<Void> closed(Conversation conversation, UUID previousOwner) {
        UUID ws = conversation.workspaceId;
        Uni<Void> chain = bell.leaveQueue(ws, conversation.queueId, conversation.id);
        if (previousOwner != null) {
            chain = chain.chain(() -> bell.markRead(ws, previousOwner, conversation.id));
        }
        return chain.chain(() -> refresh(ws, new Affected(previousOwner == null ? List.of() : List.of(previousOwner),
                List.of(conversation.queueId))));
    }

    /** Queue membership changed: mirror it and recount everyone it touched. */
    public Uni<Void> membershipChanged(UUID workspaceId, UUID queueId, Collection<UUID> before, Collection<UUID> after) {
        Set<UUID> touched = new LinkedHashSet<>(before);
        touched.addAll(after);
        return bell.membership(workspaceId, queueId, before, after)
                .chain(() -> refresh(workspaceId, new Affected(touched, List.of())));
    }

    /** Recounts; when Redis lost the workspace's bell state, rebuilds it from PostgreSQL first. */
    private Uni<Map<UUID, Integer>> recount(UUID workspaceId, Affected affected) {
        return bell.refresh(workspaceId, affected)
                .onFailure(Bell.StateMissing.class).recoverWithUni(missing -> rebuild.rebuildShared(workspaceId)
                        .chain(() -> bell.refresh(workspaceId, affected)));
    }

    private Uni<Void> refresh(UUID workspaceId, Affected affected) {
        return recount(workspaceId, affected).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // Derived state: a failed update is corrected by the next change or a rebuild.
                    Log.warnf(failure, "Could not update bell counts in workspace %s", workspaceId);
                    return Uni.createFrom().voidItem();
                });
    }

    // ---- what the caller asks ----

    public Uni<Integer> bellCount(Caller caller) {
        return recount(caller.workspaceId(), Affected.agents(caller.agentId()))
                .map(counts -> counts.getOrDefault(caller.agentId(), 0));
    }

    /** R3, R14: waiting conversations of the caller's queues and their own unread ones, newest first, hidden ones left out. */
    public Uni<List<ConversationView>> alerts(Caller caller) {
        return Panache.withSession(() -> QueueMember.<QueueMember>list("agentId", caller.agentId())
                .chain(members -> bell.waitingIn(caller.workspaceId(), members.stream().map(m -> m.queueId).toList()))
                .chain(waiting -> bell.unreadOf(caller.workspaceId(), caller.agentId()).chain(unread -> {
                    Set<UUID> ids = new LinkedHashSet<>(waiting.keySet());
                    ids.addAll(unread);
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(List.<ConversationView>of());
                    }
                    return Conversation.<Conversation>list("id in ?1 and workspaceId = ?2", ids, caller.workspaceId())
                            .chain(conversations -> hiddenFor(caller.agentId(), ids).chain(hidden -> {
                                List<Conversation> visible = conversations.stream()
                                        .filter(c -> !c.isClosed() && !hidden.contains(c.id))
                                        .filter(c -> c.ownerId == null ? waiting.containsKey(c.id) : caller.agentId().equals(c.ownerId))
                                        .sorted(Comparator.comparing((Conversation c) -> c.lastMessageAt).reversed())
                                        .toList();
                                return viewsOf(caller, visible);
                            }));
                })));
    }

    private Uni<List<ConversationView>> viewsOf(Caller caller, List<Conversation> conversations) {
        return views.of(caller, conversations.stream().map(c -> c.id).toList());
    }

    private static Uni<Set<UUID>> hiddenFor(UUID agentId, Set<UUID> conversationIds) {
        return ConversationAgentState.<ConversationAgentState>list("agentId = ?1 and hidden = true and conversationId in ?2",
                agentId, conversationIds).map(states -> {
            Set<UUID> hidden = new HashSet<>();
            states.forEach(s -> hidden.add(s.conversationId));
            return hidden;
        });
    }

    private static Uni<Boolean> mutedBy(UUID conversationId, UUID agentId) {
        return Panache.withSession(() -> ConversationAgentState.count("conversationId = ?1 and agentId = ?2 and muted = true",
                conversationId, agentId)).map(n -> n > 0);
    }

    /** The caller's own flags (R15, R16). */
    public enum Flag { READ, UNREAD, HIDE, PIN, UNPIN, MUTE, UNMUTE, ARCHIVE, UNARCHIVE }

    public Uni<ConversationView> flag(Caller caller, UUID conversationId, Flag flag) {
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId)
                        .call(conversation -> AgentStates.set(conversationId, caller.agentId(), flag)))
                .call(conversation -> followBell(caller, conversation, flag))
                .chain(conversation -> Panache.withSession(() -> views.of(caller, conversation)));
    }

    private Uni<Void> followBell(Caller caller, Conversation conversation, Flag flag) {
        UUID ws = caller.workspaceId();
        boolean owner = caller.agentId().equals(conversation.ownerId);
        Uni<Void> change = switch (flag) {
            case READ, MUTE -> bell.markRead(ws, caller.agentId(), conversation.id);
            case UNREAD -> owner && !conversation.isClosed()
                    ? mutedBy(conversation.id, caller.agentId()).chain(muted -> muted ? Uni.createFrom().voidItem()
                    : bell.markUnread(ws, caller.agentId(), conversation.id))
                    : Uni.createFrom().voidItem();
            case UNMUTE -> owner && !conversation.isClosed()
                    ? Panache.withSession(() -> ConversationAgentState.count("conversationId = ?1 and agentId = ?2 and unread = true",
                    conversation.id, caller.agentId())).chain(n -> n > 0 ? bell.markUnread(ws, caller.agentId(), conversation.id)
                    : Uni.createFrom().voidItem())
                    : Uni.createFrom().voidItem();
            default -> null;
        };
        return change == null ? Uni.createFrom().voidItem() : change.chain(() -> refresh(ws, Affected.agents(caller.agentId())));
    }
}
