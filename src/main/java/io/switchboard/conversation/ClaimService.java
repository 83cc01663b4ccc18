package io.switchboard.conversation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.attention.AgentStates;
import io.switchboard.attention.AttentionService;
import io.switchboard.auth.Caller;
import io.switchboard.realtime.Audience;
import io.switchboard.realtime.EventPublisher;
import io.switchboard.realtime.EventTypes;
import io.switchboard.workspace.Agent;
import io.switchboard.workspace.PresenceStatusService;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * R4, R5: an agent of the conversation's queue takes an unowned conversation. Redis decides the
 * race in one Lua compare-and-set, so losers are answered without touching PostgreSQL; the winner
 * then writes ownership with a conditional update, which PostgreSQL may still refuse (it is the
 * truth), and then Redis is repaired from it.
 */
@ApplicationScoped
public class ClaimService {

    private final OwnershipCache ownership;
    private final PresenceStatusService presence;
    private final EventPublisher events;
    private final ConversationViews views;
    private final AttentionService attention;

    public ClaimService(OwnershipCache ownership, PresenceStatusService presence, EventPublisher events, ConversationViews views,
                        AttentionService attention) {
        this.attention = attention;
        this.ownership = ownership;
        this.presence = presence;
        this.events = events;
        this.views = views;
    }

    private record Claimed(Conversation conversation, boolean changed) {
    }

    public Uni<ConversationView> claim(Caller caller, UUID conversationId) {
        return ownership.claim(caller.workspaceId(), conversationId, caller.agentId()).chain(owner -> {
            if (OwnershipCache.CLOSED.equals(owner)) {
                return Uni.createFrom().failure(ConversationErrors.closed());
            }
            if (!owner.equals(caller.agentId().toString())) {
                return Uni.createFrom().failure(ConversationErrors.alreadyClaimed(owner));
            }
            return Panache.withTransaction(() -> claimInDatabase(caller, conversationId))
                    .onFailure().call(failure -> reconcile(caller, conversationId))
                    .call(claimed -> claimed.changed()
                            ? announce(caller, claimed.conversation()).chain(() -> attention.claimed(claimed.conversation()))
                            : Uni.createFrom().voidItem())
                    .chain(claimed -> views.of(caller, claimed.conversation()));
        });
    }

    private Uni<Claimed> claimInDatabase(Caller caller, UUID conversationId) {
        UUID me = caller.agentId();
        return ConversationAccess.load(caller, conversationId).chain(conversation -> {
            if (conversation.isClosed()) {
                throw ConversationErrors.closed();
            }
            if (me.equals(conversation.ownerId)) {
                return Uni.createFrom().item(new Claimed(conversation, false));
            }
            if (conversation.ownerId != null) {
                throw ConversationErrors.alreadyClaimed(conversation.ownerId);
            }
            return ConversationAccess.isMember(conversation.queueId, me)
                    .invoke(member -> {
                        if (!member) {
                            throw ConversationErrors.notQueueMember();
                        }
                    })
                    .chain(() -> Agent.<Agent>findById(me))
                    .call(agent -> presence.acceptsNewConversations(caller.workspaceId(), agent.presence).invoke(accepts -> {
                        if (!accepts) {
                            throw ConversationErrors.notAccepting(agent.presence);
                        }
                    }))
                    .chain(() -> Conversation.update("""
                                    ownerId = ?1, claimedAt = ?2, version = version + 1
                                    where id = ?3 and version = ?4 and ownerId is null and status <> ?5 and queueId = ?6""",
                            me, Instant.now(), conversation.id, conversation.version, ConversationStatus.CLOSED, conversation.queueId))
                    .chain(updated -> {
                        if (updated == 0) {
                            return refreshed(conversation).<Claimed>map(now -> {
                                throw now.isClosed() ? ConversationErrors.closed()
                                        : now.ownerId != null ? ConversationErrors.alreadyClaimed(now.ownerId)
                                        : ConversationErrors.changedMeanwhile(conversationId);
                            });
                        }
                        return refreshed(conversation)
                                .call(now -> TimelineEvent.of(now, "claimed", me, Map.of("ownerId", me)).persist())
                                .call(now -> AgentStates.markRead(now.id, me))
                                .map(now -> new Claimed(now, true));
                    });
        });
    }

    /** After a failed claim, makes Redis say what PostgreSQL says, releasing this claimant's hold. */
    private Uni<Void> reconcile(Caller caller, UUID conversationId) {
        return Panache.withSession(() -> Conversation.<Conversation>find("id = ?1 and workspaceId = ?2",
                        conversationId, caller.workspaceId()).firstResult())
                .chain(truth -> truth == null || (truth.ownerId == null && !truth.isClosed())
                        ? ownership.release(caller.workspaceId(), conversationId, caller.agentId())
                        : ownership.repair(truth))
                .onFailure().recoverWithUni(failure -> {
                    Log.warnf(failure, "Could not reconcile the owner of conversation %s in Redis", conversationId);
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> announce(Caller caller, Conversation conversation) {
        Log.infof("Conversation %s claimed by %s", conversation.id, caller.agentId());
        return events.publish(conversation.workspaceId, EventTypes.CONVERSATION_CLAIMED,
                Map.of("conversationId", conversation.id, "ownerId", conversation.ownerId),
                Audience.queue(conversation.queueId)).replaceWithVoid();
    }

    /** The conversation as the database has it now, after a conditional update changed it behind the session's back. */
    static Uni<Conversation> refreshed(Conversation conversation) {
        return Panache.getSession()
                .invoke(session -> session.detach(conversation))
                .chain(() -> Conversation.<Conversation>findById(conversation.id));
    }
}
