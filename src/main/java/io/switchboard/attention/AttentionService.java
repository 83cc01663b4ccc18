package io.switchboard.attention;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.AgentStates.Flag;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAgentState;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.events.DerivedState;
import io.switchboard.events.LiveEvent;
import io.switchboard.events.Recount;
import io.switchboard.workspace.WorkspaceEvents;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.workspace.QueueMember;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What needs an agent's attention (R3, R14-R16, and #21's snoozes and mentions): keeps the bell's derived state in step with every
 * conversation change by following the committed events ({@link DerivedState}), and answers the
 * bell, the alerts and each agent's own flags.
 */
@ApplicationScoped
public class AttentionService implements DerivedState {

    private final Bell bell;
    private final BellRebuild rebuild;
    private final ConversationViews views;
    private final Pool pool;

    public AttentionService(Bell bell, BellRebuild rebuild, ConversationViews views, Pool pool) {
        this.bell = bell;
        this.rebuild = rebuild;
        this.views = views;
        this.pool = pool;
    }

    // ---- the bell follows committed changes ----

    @Override
    public Uni<Recount> follow(LiveEvent event) {
        if (event instanceof ConversationEvents.Created created && created.conversation().ownerId() == null) {
            ConversationView c = created.conversation();
            return waiting(created.workspaceId(), c.queueId(), c.id(), c.createdAt());
        }
        if (event instanceof ConversationEvents.MessageCreated message && message.data().direction() == Message.Direction.IN) {
            return inbound(message.workspaceId(), message.data().conversationId(), message.ownerId());
        }
        if (event instanceof ConversationEvents.RoutedOnArrival routed) {
            // Routed as it arrived: it never waited in the queue, and is new and unread for its owner.
            ConversationView c = routed.conversation();
            return bell.markUnread(routed.workspaceId(), c.ownerId(), c.id()).replaceWith(Recount.agents(c.ownerId()));
        }
        if (event instanceof ConversationEvents.Claimed claimed) {
            return claimed(claimed.workspaceId(), claimed.conversationId(), claimed.queueId(), claimed.ownerId());
        }
        if (event instanceof ConversationEvents.Assigned assigned) {
            return transferred(assigned);
        }
        if (event instanceof ConversationEvents.Closed closed) {
            return closed(closed.workspaceId(), closed.conversationId(), closed.queueId(), closed.previousOwnerId());
        }
        if (event instanceof ConversationEvents.Mentioned mentioned) {
            UUID conversationId = mentioned.note().conversationId();
            return unreadUnlessMuted(mentioned.workspaceId(), mentioned.mentionedId(), conversationId)
                    .replaceWith(Recount.agents(mentioned.mentionedId()));
        }
        if (event instanceof ConversationEvents.Snoozed snoozed) {
            // Put aside: it leaves the owner's bell until it wakes (#21).
            return bell.markRead(snoozed.workspaceId(), snoozed.ownerId(), snoozed.conversationId())
                    .replaceWith(Recount.agents(snoozed.ownerId()));
        }
        if (event instanceof ConversationEvents.Unsnoozed woke && woke.unread()) {
            return unreadUnlessMuted(woke.workspaceId(), woke.ownerId(), woke.conversationId())
                    .replaceWith(Recount.agents(woke.ownerId()));
        }
        if (event instanceof WorkspaceEvents.MembersChanged members) {
            Set<UUID> before = new LinkedHashSet<>(members.memberIds());
            before.removeAll(members.addedIds());
            before.addAll(members.removedIds());
            return membershipChanged(members.workspaceId(), members.queueId(), before, members.memberIds());
        }
        return Uni.createFrom().item(Recount.NONE);
    }

    /** Redis lost the workspace's bell state: rebuild it from PostgreSQL and push the counts the change moved. */
    @Override
    public Uni<Void> missing(UUID workspaceId, Recount recount) {
        return rebuild.rebuildShared(workspaceId).chain(() -> refresh(workspaceId, recount));
    }

    /** A new unowned conversation waits in its queue: every member's bell goes up (R3). */
    private Uni<Recount> waiting(UUID ws, UUID queueId, UUID conversationId, Instant createdAt) {
        return bell.waitInQueue(ws, queueId, conversationId, createdAt).replaceWith(Recount.queueAnd(queueId));
    }

    /** A message from the contact on an owned conversation needs its owner, unless they muted it (R14, R16). */
    private Uni<Recount> inbound(UUID ws, UUID conversationId, UUID ownerId) {
        if (ownerId == null) {
            return Uni.createFrom().item(Recount.NONE);
        }
        return mutedBy(conversationId, ownerId).chain(muted -> muted
                ? Uni.createFrom().item(Recount.NONE)
                : bell.markUnread(ws, ownerId, conversationId).replaceWith(Recount.agents(ownerId)));
    }

    /** Claimed: it stops waiting in the queue; the claimant has seen it (ClaimService marked it read). */
    private Uni<Recount> claimed(UUID ws, UUID conversationId, UUID queueId, UUID ownerId) {
        return bell.leaveQueue(ws, queueId, conversationId)
                .chain(() -> bell.markRead(ws, ownerId, conversationId))
                .replaceWith(Recount.queueAnd(queueId, ownerId));
    }

    /** R6: out of the old queue or owner, into the new one; an assignee finds it unread. */
    private Uni<Recount> transferred(ConversationEvents.Assigned moved) {
        UUID ws = moved.workspaceId();
        UUID conversationId = moved.conversationId();
        Set<UUID> agents = new HashSet<>();
        Set<UUID> queues = new HashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (moved.previousOwnerId() == null) {
            chain = chain.chain(() -> bell.leaveQueue(ws, moved.previousQueueId(), conversationId));
            queues.add(moved.previousQueueId());
        } else {
            chain = chain.chain(() -> bell.markRead(ws, moved.previousOwnerId(), conversationId));
            agents.add(moved.previousOwnerId());
        }
        if (moved.ownerId() == null) {
            chain = chain.chain(() -> bell.waitInQueue(ws, moved.queueId(), conversationId, Instant.now()));
            queues.add(moved.queueId());
        } else {
            chain = chain.chain(() -> unreadUnlessMuted(ws, moved.ownerId(), conversationId));
            agents.add(moved.ownerId());
        }
        return chain.replaceWith(new Recount(agents, queues));
    }

    private Uni<Recount> closed(UUID ws, UUID conversationId, UUID queueId, UUID previousOwner) {
        Uni<Void> chain = bell.leaveQueue(ws, queueId, conversationId);
        if (previousOwner != null) {
            chain = chain.chain(() -> bell.markRead(ws, previousOwner, conversationId));
        }
        return chain.replaceWith(previousOwner == null ? Recount.queueAnd(queueId) : Recount.queueAnd(queueId, previousOwner));
    }

    /** Queue membership changed: mirror it and recount everyone it touched. */
    private Uni<Recount> membershipChanged(UUID workspaceId, UUID queueId, Collection<UUID> before, Collection<UUID> after) {
        Set<UUID> touched = new LinkedHashSet<>(before);
        touched.addAll(after);
        return bell.membership(workspaceId, queueId, before, after).replaceWith(Recount.agents(touched));
    }

    /** Recounts; when Redis lost the workspace's bell state, rebuilds it from PostgreSQL first. */
    private Uni<Map<UUID, Integer>> recount(UUID workspaceId, Recount recount) {
        return bell.refresh(workspaceId, recount)
                .onFailure(Bell.StateMissing.class).recoverWithUni(missing -> rebuild.rebuildShared(workspaceId)
                        .chain(() -> bell.refresh(workspaceId, recount)));
    }

    private Uni<Void> refresh(UUID workspaceId, Recount recount) {
        return recount(workspaceId, recount).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // Derived state: a failed update is corrected by the next change or a rebuild.
                    Log.warnf(failure, "Could not update bell counts in workspace %s", workspaceId);
                    return Uni.createFrom().voidItem();
                });
    }

    // ---- what the caller asks ----

    public Uni<Integer> bellCount(Caller caller) {
        return recount(caller.workspaceId(), Recount.agents(caller.agentId()))
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
                                        // Someone else's: only a supervisor's, when a note mentioned them (#21).
                                        .filter(c -> c.ownerId == null ? waiting.containsKey(c.id)
                                                : caller.agentId().equals(c.ownerId) || caller.seesAll())
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

    /** The conversation counts as unread in the agent's bell, unless they muted it (R14, R16). */
    private Uni<Void> unreadUnlessMuted(UUID ws, UUID agentId, UUID conversationId) {
        return mutedBy(conversationId, agentId).chain(muted -> muted
                ? Uni.createFrom().voidItem()
                : bell.markUnread(ws, agentId, conversationId));
    }

    /**
     * Asked for every inbound message of an owned conversation, so on the reactive Pool: as a
     * Hibernate session with an HQL count (whose count query Hibernate derives anew each time) it
     * was most of the Hibernate work left in the owned-message storm (loadtest/README.md).
     */
    private Uni<Boolean> mutedBy(UUID conversationId, UUID agentId) {
        return pool.preparedQuery("select exists (select 1 from conversation_agent_state where conversation_id = $1 and agent_id = $2 and muted)")
                .execute(Tuple.of(conversationId, agentId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The caller's own flags (R15, R16). */
    public Uni<ConversationView> flag(Caller caller, UUID conversationId, Flag flag) {
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId)
                        .call(conversation -> AgentStates.set(conversationId, caller.agentId(), flag)))
                .call(conversation -> followBell(caller, conversation, flag))
                .chain(conversation -> Panache.withSession(() -> views.of(caller, conversation)));
    }

    /**
     * Seed 003: a supervisor or admin marks an owned conversation unread on its owner's behalf
     * (R15 keeps everyone's own "unread" their own, so this is an explicit action): the owner finds
     * it unread and their bell rings, unless they muted it; the timeline says who did it.
     */
    public Uni<ConversationView> unreadForOwner(Caller caller, UUID conversationId) {
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId).call(conversation -> {
                    if (conversation.isClosed() || conversation.ownerId == null) {
                        throw new ApiException(409, "not_owned", "Only an open conversation with an owner can be marked unread for its owner");
                    }
                    return AgentStates.set(conversation.id, conversation.ownerId, Flag.UNREAD)
                            .chain(() -> TimelineEvent.of(conversation, "marked_unread_for_owner", caller.agentId(),
                                    Map.of("ownerId", conversation.ownerId)).persist());
                }))
                .call(conversation -> unreadUnlessMuted(caller.workspaceId(), conversation.ownerId, conversation.id)
                        .chain(() -> refresh(caller.workspaceId(), Recount.agents(conversation.ownerId))))
                .chain(conversation -> Panache.withSession(() -> views.of(caller, conversation)));
    }

    private Uni<Void> followBell(Caller caller, Conversation conversation, Flag flag) {
        UUID ws = caller.workspaceId();
        boolean owner = caller.agentId().equals(conversation.ownerId);
        Uni<Void> change = switch (flag) {
            case READ, MUTE -> bell.markRead(ws, caller.agentId(), conversation.id);
            case UNREAD -> owner && !conversation.isClosed()
                    ? unreadUnlessMuted(ws, caller.agentId(), conversation.id)
                    : Uni.createFrom().voidItem();
            case UNMUTE -> owner && !conversation.isClosed()
                    ? Panache.withSession(() -> ConversationAgentState.count("conversationId = ?1 and agentId = ?2 and unread = true",
                    conversation.id, caller.agentId())).chain(n -> n > 0 ? bell.markUnread(ws, caller.agentId(), conversation.id)
                    : Uni.createFrom().voidItem())
                    : Uni.createFrom().voidItem();
            default -> null;
        };
        return change == null ? Uni.createFrom().voidItem() : change.chain(() -> refresh(ws, Recount.agents(caller.agentId())));
    }
}
