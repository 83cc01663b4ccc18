package io.switchboard.routing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.FreshContext;
import io.switchboard.common.Repeat;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.contact.Contact;
import io.switchboard.contact.ContactView;
import io.switchboard.conversation.Capacity;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.Recorder;
import io.switchboard.events.WorkspaceRecorders;
import io.switchboard.workspace.ClaimEligibility;
import io.switchboard.workspace.WorkspaceEvents;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R24: a queue with {@code offerSeconds} offers each conversation to one agent at a time instead
 * of assigning it. The offer is a row ({@code conversation_offer}, one per conversation and one per
 * agent); accepting and expiring both delete it, so exactly one of them happens, whichever instance
 * runs them, and an offer outlives the instance that made it. Declined and expired offers go to
 * the next eligible agent (never back to one who declined or let it lapse); an agent who lets
 * {@code missedOffersBeforeAway} offers in a row lapse is set to
 * {@code switchboard.routing.missed-offers-presence} and supervisors see that presence change.
 * Locks go agent first, then offer, as capacity's do.
 */
@ApplicationScoped
public class Offers {

    private static final long EXPIRY_CHECK_MILLIS = 500;

    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final ConversationViews views;
    private final ClaimEligibility eligibility;
    private final Vertx vertx;
    private final String awayPresence;
    private volatile boolean running;

    public Offers(EventPublisher events, OwnershipCache ownership, ConversationViews views, ClaimEligibility eligibility,
                  Vertx vertx, SwitchboardConfig config) {
        this.events = events;
        this.ownership = ownership;
        this.views = views;
        this.eligibility = eligibility;
        this.vertx = vertx;
        this.awayPresence = config.routing().missedOffersPresence();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Repeat.every(vertx, EXPIRY_CHECK_MILLIS, () -> running, "Expiring offers",
                () -> FreshContext.run(vertx.getDelegate(), this::expire));
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Offers the conversation (locked by the router) to the agent (locked too), in the router's transaction. */
    Uni<Void> offer(Conversation conversation, UUID agentId, int seconds, Recorder recorder) {
        Instant expiresAt = Instant.now().plusSeconds(seconds);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into conversation_offer (conversation_id, workspace_id, queue_id, agent_id, expires_at)
                                values (:conversation, :workspace, :queue, :agent, :expires)""")
                        .setParameter("conversation", conversation.id).setParameter("workspace", conversation.workspaceId)
                        .setParameter("queue", conversation.queueId).setParameter("agent", agentId).setParameter("expires", expiresAt)
                        .executeUpdate())
                .chain(() -> Contact.<Contact>findById(conversation.contactId))
                .chain(contact -> recorder.record(new OfferEvents.Offered(conversation.workspaceId, agentId,
                        ConversationView.of(conversation, ContactView.of(contact), List.of(), 1, false), expiresAt)))
                .invoke(() -> Log.infof("Conversation %s offered to %s for %d s", conversation.id, agentId, seconds));
    }

    /** {@code POST /api/conversations/{id}/accept}: the caller's unexpired offer makes them the owner. */
    public Uni<ConversationView> accept(Caller caller, UUID conversationId) {
        UUID me = caller.agentId();
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> offerOf(conversationId, me).chain(offer -> {
                    if (offer == null) {
                        return declinedBefore(conversationId, me).map(before -> {
                            throw before ? offerExpired() : notOffered();
                        });
                    }
                    UUID queueId = (UUID) offer[0];
                    return Capacity.takeForQueue(me, queueId)
                            .chain(capacity -> Capacity.full(me, capacity).invoke(full -> {
                                if (full) {
                                    throw new ApiException(409, "at_capacity", "You already have " + capacity + " open conversations, your maximum");
                                }
                            }))
                            .chain(() -> update("""
                                    delete from conversation_offer where conversation_id = :conversation and agent_id = :agent
                                    and expires_at > now()""", conversationId, me))
                            .chain(deleted -> deleted == 0 ? Uni.createFrom().failure(offerExpired())
                                    : Conversation.<Conversation>findById(conversationId))
                            .chain(conversation -> {
                                if (conversation.ownerId != null || conversation.isClosed()) {
                                    throw offerExpired(); // claimed or closed meanwhile: the offer lapses with it
                                }
                                return Router.routeTo(conversation, me, recorder)
                                        .call(() -> recorder.record(new OfferEvents.Ended(conversation.workspaceId, me, conversation.id,
                                                conversation.queueId, OfferEvents.Ended.ACCEPTED)))
                                        .call(() -> execute("update agent set missed_offers = 0 where id = :agent", Map.of("agent", me)))
                                        .replaceWith(conversation);
                            });
                }))
                .call(conversation -> ownership.repair(conversation))
                .call(recorder::relay)
                .chain(conversation -> views.of(caller, conversation));
    }

    /** {@code POST /api/conversations/{id}/decline}: the offer goes to the next eligible agent. */
    public Uni<Void> decline(Caller caller, UUID conversationId) {
        UUID me = caller.agentId();
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                delete from conversation_offer where conversation_id = :conversation and agent_id = :agent
                                returning workspace_id, queue_id""", Object[].class)
                        .setParameter("conversation", conversationId).setParameter("agent", me).getSingleResultOrNull())
                .chain(offer -> {
                    if (offer == null) {
                        return declinedBefore(conversationId, me).<Void>map(before -> {
                            throw before ? offerExpired() : notOffered();
                        });
                    }
                    // A decline is an answer: the agent is there, so it ends a run of lapsed offers.
                    return remember(conversationId, me)
                            .call(() -> execute("update agent set missed_offers = 0 where id = :agent", Map.of("agent", me)))
                            .call(() -> recorder.record(new OfferEvents.Ended((UUID) offer[0], me, conversationId, (UUID) offer[1],
                                    OfferEvents.Ended.DECLINED)));
                }))
                .call(recorder::relay)
                .replaceWithVoid();
    }

    /**
     * Ends the offers past their time: each agent's row locked first (skipping agents a claim or an
     * accept holds right now), then their lapsed offer deleted, a miss counted, and at the queue's
     * limit their presence set to one that accepts nothing new. Answers how many lapsed.
     */
    Uni<Integer> expire() {
        WorkspaceRecorders recorders = events.recorders();
        List<UUID[]> away = new ArrayList<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select a.id from agent a
                                where exists (select 1 from conversation_offer o where o.agent_id = a.id and o.expires_at <= now())
                                for update of a skip locked""", UUID.class).getResultList())
                        .chain(agents -> agents.isEmpty() ? Uni.createFrom().item(List.<Object[]>of())
                                : Panache.getSession().chain(session -> session.createNativeQuery("""
                                        delete from conversation_offer o where o.agent_id in (:agents) and o.expires_at <= now()
                                        returning o.conversation_id, o.workspace_id, o.queue_id, o.agent_id,
                                          (select q.missed_offers_before_away from inbox_queue q where q.id = o.queue_id),
                                          exists (select 1 from conversation c where c.id = o.conversation_id
                                                  and c.owner_id is null and c.status <> 'CLOSED')""", Object[].class)
                                .setParameter("agents", agents).getResultList()))
                        .chain(lapsed -> Multi.createFrom().iterable(lapsed)
                                .onItem().transformToUniAndConcatenate(row -> lapse(row, recorders, away))
                                .collect().asList().map(done -> lapsed.size())))
                .call(() -> Multi.createFrom().iterable(away)
                        .onItem().transformToUniAndConcatenate(agent -> eligibility.presenceChanged(agent[0], agent[1], awayPresence, false))
                        .collect().last())
                .call(recorders::relay);
    }

    private Uni<Void> lapse(Object[] row, WorkspaceRecorders recorders, List<UUID[]> away) {
        UUID conversationId = (UUID) row[0];
        UUID workspaceId = (UUID) row[1];
        UUID queueId = (UUID) row[2];
        UUID agentId = (UUID) row[3];
        int limit = ((Number) row[4]).intValue();
        boolean stillWaiting = Boolean.TRUE.equals(row[5]);
        Recorder recorder = recorders.of(workspaceId);
        Uni<Void> ended = remember(conversationId, agentId)
                .call(() -> recorder.record(new OfferEvents.Ended(workspaceId, agentId, conversationId, queueId, OfferEvents.Ended.EXPIRED)));
        if (!stillWaiting) {
            return ended; // someone claimed it meanwhile: not the agent's miss
        }
        return ended.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "update agent set missed_offers = missed_offers + 1 where id = :agent returning missed_offers", Integer.class)
                        .setParameter("agent", agentId).getSingleResult()))
                .chain(missed -> missed < limit ? Uni.createFrom().voidItem()
                        : execute("update agent set presence = :presence, missed_offers = 0 where id = :agent",
                                Map.of("presence", awayPresence, "agent", agentId))
                        .call(() -> recorder.record(new WorkspaceEvents.PresenceChanged(workspaceId, agentId, awayPresence)))
                        .invoke(() -> {
                            away.add(new UUID[] {workspaceId, agentId});
                            Log.infof("Agent %s let %d offers in a row lapse: presence %s", agentId, missed, awayPresence);
                        })
                        .replaceWithVoid());
    }

    /** The agent declined or let the offer lapse: they are not offered this conversation again. */
    private static Uni<Void> remember(UUID conversationId, UUID agentId) {
        return update("""
                insert into conversation_offer_declined (conversation_id, agent_id) values (:conversation, :agent)
                on conflict do nothing""", conversationId, agentId).replaceWithVoid();
    }

    private static Uni<Object[]> offerOf(UUID conversationId, UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select queue_id, expires_at from conversation_offer where conversation_id = :conversation and agent_id = :agent""",
                        Object[].class)
                .setParameter("conversation", conversationId).setParameter("agent", agentId).getSingleResultOrNull());
    }

    private static Uni<Boolean> declinedBefore(UUID conversationId, UUID agentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select exists (select 1 from conversation_offer_declined where conversation_id = :conversation and agent_id = :agent)""",
                        Boolean.class)
                .setParameter("conversation", conversationId).setParameter("agent", agentId).getSingleResult());
    }

    private static Uni<Integer> update(String sql, UUID conversationId, UUID agentId) {
        return execute(sql, Map.of("conversation", conversationId, "agent", agentId));
    }

    private static Uni<Integer> execute(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        });
    }

    private static ApiException offerExpired() {
        return new ApiException(409, "offer_expired", "The offer ended before you accepted it");
    }

    private static ApiException notOffered() {
        return new ApiException(409, "not_offered", "This conversation is not offered to you");
    }
}
