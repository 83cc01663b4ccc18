package io.switchboard.conversation.messaging;

import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.ArrivalRouting;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationEvents.Unsnoozed;
import io.switchboard.conversation.ConversationHistory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.conversation.TimelineEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.DeliveryPipeline;
import io.switchboard.contact.Contact;
import io.switchboard.contact.OptOuts;
import io.switchboard.contact.ContactView;
import io.switchboard.contact.Contacts;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.LiveEvent;
import io.switchboard.events.Recorder;
import io.switchboard.workspace.Sender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an incoming message into stored state and live events: contact found or created, the open
 * conversation of (sender, contact) found or started (R1, R3), the message stored once however
 * often the webhook is delivered. All rules hold in the database, so concurrent deliveries on
 * several instances agree.
 */
@ApplicationScoped
public class InboundService {

    public enum Outcome { STORED, DUPLICATE, UNKNOWN_SENDER }

    /** What one committed ingestion produced, for the events that follow it. */
    record Ingested(Conversation conversation, Contact contact, Message message, boolean started,
                    ConversationStatus previousStatus, boolean hasHistory, boolean woke, boolean replyQueued) {

        /** #21: a rating for a closed conversation's survey; it joins no open conversation and starts none. */
        static Ingested surveyAnswer(Contact contact, Message message) {
            return new Ingested(null, contact, message, false, null, false, false, false);
        }

        Ingested withHistory(boolean history) {
            return new Ingested(conversation, contact, message, started, previousStatus, history, woke, replyQueued);
        }

        /** R26: an automatic reply was queued, due now. */
        Ingested withReplyQueued(boolean queued) {
            return new Ingested(conversation, contact, message, started, previousStatus, hasHistory, woke, queued);
        }
    }

    /** Raised inside the transaction to roll it back when another delivery stored the message first. */
    static final class AlreadyStored extends RuntimeException {
        AlreadyStored() {
            super(null, null, false, false);
        }
    }

    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final ArrivalRouting routing;
    private final InboundShortPath shortPath;
    private final DeliveryPipeline delivery;

    public InboundService(EventPublisher events, OwnershipCache ownership, ArrivalRouting routing, InboundShortPath shortPath,
                          DeliveryPipeline delivery) {
        this.delivery = delivery;
        this.ownership = ownership;
        this.events = events;
        this.routing = routing;
        this.shortPath = shortPath;
    }

    /** The common cases on {@link InboundShortPath}; whatever it leaves (rolled back) on the full path. */
    public Uni<Outcome> receive(IncomingMessage incoming) {
        Recorder recorder = events.recorder();
        return shortPath.store(incoming, recorder)
                .chain(ingested -> committed(ingested, recorder))
                .onFailure(AlreadyStored.class).recoverWithItem(Outcome.DUPLICATE)
                .onFailure(NotShort.class).recoverWithUni(() -> receiveInFull(incoming));
    }

    /** Any message on the full path: a Hibernate session's transaction with every rule. */
    private Uni<Outcome> receiveInFull(IncomingMessage incoming) {
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> store(incoming, recorder).call(ingested -> announce(recorder, ingested)))
                .onFailure(AlreadyStored.class).recoverWithNull()
                .chain(ingested -> {
                    if (ingested == null) {
                        Log.debugf("Duplicate delivery of provider message %s ignored", incoming.providerMessageId());
                        return Uni.createFrom().item(Outcome.DUPLICATE);
                    }
                    if (ingested.message() == null) {
                        return Uni.createFrom().item(Outcome.UNKNOWN_SENDER);
                    }
                    return committed(ingested, recorder);
                });
    }

    /**
     * Once committed the message is ours: nothing after this fails the webhook (a retry would be a
     * duplicate); the bell follows the recorded events as they are relayed.
     */
    private Uni<Outcome> committed(Ingested ingested, Recorder recorder) {
        if (ingested.replyQueued()) {
            delivery.dueAt(Instant.now());
        }
        return (ingested.started() ? ready(ingested.conversation()) : Uni.createFrom().voidItem())
                .call(recorder::relay)
                .replaceWith(Outcome.STORED);
    }

    /**
     * Puts a new conversation in Redis before anyone hears of it, so the claims that follow the
     * alert find it there instead of all loading it from PostgreSQL at once. Best effort: a claim
     * that finds it missing loads it itself.
     */
    private Uni<Void> ready(Conversation conversation) {
        return ownership.repair(conversation)
                .onFailure().invoke(failure -> Log.warnf("Conversation %s not put in Redis: %s", conversation.id, failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * One transaction in as few round trips as the rules allow: the contact upserted, the open
     * conversation found (or inserted complete, so nothing is updated after), the message inserted
     * (a duplicate delivery meets the unique provider id there and rolls everything back).
     */
    private Uni<Ingested> store(IncomingMessage incoming, Recorder recorder) {
        return Sender.<Sender>find("number", incoming.to()).firstResult().chain(sender -> {
            if (sender == null) {
                Log.infof("Inbound message %s to unknown number %s dropped", incoming.providerMessageId(), Contacts.masked(incoming.to()));
                return Uni.createFrom().item(new Ingested(null, null, null, false, null, false, false, false));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return Contacts.receivedFrom(sender.workspaceId, incoming.from(), incoming.sentAt())
                    .call(contact -> noteInbound(contact, incoming))
                    .chain(contact -> SatisfactionSurvey.answered(sender.id, contact.id, incoming.text(), now).chain(answer -> answer != null
                            ? insertMessage(answer.conversation(), incoming, now)
                            .call(message -> SatisfactionSurvey.record(answer, message, recorder))
                            .map(message -> Ingested.surveyAnswer(contact, message))
                            : intoConversation(sender, contact, incoming, now)));
        });
    }

    /** The message in the open conversation of (sender, contact), or in a new one, with what follows for each. */
    private Uni<Ingested> intoConversation(Sender sender, Contact contact, IncomingMessage incoming, Instant now) {
        return openConversation(sender, contact, incoming, now)
                .chain(opened -> insertMessage(opened.conversation(), incoming, now)
                        .map(message -> record(opened, contact, message)))
                // A new conversation's event says whether the contact has history (R18): asked here, in the transaction.
                .chain(ingested -> ingested.started()
                        ? ConversationHistory.exists(ingested.conversation()).map(ingested::withHistory)
                        : Uni.createFrom().item(ingested))
                .call(ingested -> ingested.started() ? routeOnArrival(ingested.conversation(), now) : Uni.createFrom().voidItem())
                .chain(ingested -> ingested.started()
                        ? WaitingReplies.queue(sender, ingested.conversation(), ingested.contact(), now).map(ingested::withReplyQueued)
                        : Uni.createFrom().item(ingested))
                .call(ingested -> ingested.started() ? Uni.createFrom().voidItem()
                        : AgentStates.inbound(ingested.conversation().id, ingested.conversation().ownerId))
                .call(ingested -> {
                    List<TimelineEvent> changes = timeline(ingested);
                    return changes.isEmpty() ? Uni.createFrom().voidItem() : TimelineEvent.persist(changes);
                });
    }

    /** What the message changed, for the timeline: woken from a snooze (#21), UNANSWERED → ACTIVE (R2). */
    static List<TimelineEvent> timeline(Ingested ingested) {
        List<TimelineEvent> changes = new ArrayList<>();
        if (ingested.woke()) {
            changes.add(TimelineEvent.of(ingested.conversation(), "unsnoozed", null, Map.of("reason", Unsnoozed.BY_MESSAGE)));
        }
        if (ingested.previousStatus() != ingested.conversation().status && !ingested.started()) {
            changes.add(TimelineEvent.of(ingested.conversation(), "status_changed", null,
                    Map.of("from", ingested.previousStatus(), "to", ingested.conversation().status)));
        }
        return changes;
    }

    /** R22: a routed queue with someone eligible and nobody older waiting owns it at once; it never waits. */
    private Uni<Void> routeOnArrival(Conversation conversation, Instant now) {
        return routing.ownerOnArrival(conversation).chain(owner -> {
            if (owner == null) {
                return Uni.createFrom().voidItem();
            }
            conversation.ownerId = owner;
            conversation.claimedAt = now;
            conversation.version++;
            return TimelineEvent.of(conversation, "routed", null, Map.of("toOwnerId", owner)).persist().replaceWithVoid();
        });
    }

    private static Uni<Void> noteInbound(Contact contact, IncomingMessage incoming) {
        if (contact.name == null) {
            contact.name = incoming.contactName();
        }
        return OptOuts.follow(contact, incoming.text());
    }

    record Opened(Conversation conversation, boolean started) {
    }

    /**
     * The open conversation of (sender, contact), or a new unowned one in the sender's queue (R1,
     * R3), inserted already carrying this message's activity. When a concurrent delivery inserted
     * it first, the insert does nothing and that one is found (and waited for) instead.
     */
    private static Uni<Opened> openConversation(Sender sender, Contact contact, IncomingMessage incoming, Instant now) {
        return findOpen(sender.id, contact.id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(new Opened(existing, false));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into conversation (id, workspace_id, queue_id, sender_id, contact_id, contact_number, channel,
                                                      status, created_at, last_message_at, last_inbound_at, last_message_preview,
                                                      first_response_due_at)
                            values (:id, :workspace, :queue, :sender, :contact, :number, :channel, 'ACTIVE', :now, :now, :now, :preview,
                                    (select cast(:now as timestamptz) + make_interval(secs => q.first_response_seconds)
                                     from inbox_queue q where q.id = :queue))
                            on conflict (sender_id, contact_id) where status <> 'CLOSED' do nothing
                            returning *""", Conversation.class)
                            .setParameter("id", UUID.randomUUID())
                            .setParameter("workspace", sender.workspaceId)
                            .setParameter("queue", sender.queueId)
                            .setParameter("sender", sender.id)
                            .setParameter("contact", contact.id)
                            .setParameter("number", contact.number)
                            .setParameter("channel", sender.channel.name())
                            .setParameter("now", now)
                            .setParameter("preview", MessageView.preview(incoming.text(), incoming.mediaUrl()))
                            .getSingleResultOrNull())
                    .chain(inserted -> inserted != null ? Uni.createFrom().item(new Opened(inserted, true))
                            : findOpen(sender.id, contact.id).map(conversation -> new Opened(conversation, false)));
        });
    }

    /** Locks the open conversation's row, so a concurrent claim, transfer or close waits for this message. */
    private static Uni<Conversation> findOpen(UUID senderId, UUID contactId) {
        return Conversation.<Conversation>find("senderId = ?1 and contactId = ?2 and status <> ?3",
                        senderId, contactId, ConversationStatus.CLOSED)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The message as received into the conversation, not yet stored. */
    static Message received(Conversation conversation, IncomingMessage incoming, Instant now) {
        Message message = new Message();
        message.id = UUID.randomUUID();
        message.workspaceId = conversation.workspaceId;
        message.conversationId = conversation.id;
        message.direction = Message.Direction.IN;
        message.text = incoming.text();
        message.mediaUrl = incoming.mediaUrl();
        message.status = Message.Status.RECEIVED;
        message.providerMessageId = incoming.providerMessageId();
        message.createdAt = now;
        message.updatedAt = now;
        return message;
    }

    /** Inserts the message unless another delivery already did; that one's transaction wins. */
    private static Uni<Message> insertMessage(Conversation conversation, IncomingMessage incoming, Instant now) {
        Message message = received(conversation, incoming, now);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into message (id, workspace_id, conversation_id, direction, text, media_url, status,
                                             provider_message_id, created_at, updated_at)
                        values (:id, :workspace, :conversation, 'IN', :text, :media, 'RECEIVED', :provider, :now, :now)
                        on conflict (provider_message_id) do nothing""")
                        .setParameter("id", message.id)
                        .setParameter("workspace", message.workspaceId)
                        .setParameter("conversation", message.conversationId)
                        .setParameter("text", message.text)
                        .setParameter("media", message.mediaUrl)
                        .setParameter("provider", message.providerMessageId)
                        .setParameter("now", message.createdAt)
                        .executeUpdate())
                .map(inserted -> {
                    if (inserted == 0) {
                        throw new AlreadyStored();
                    }
                    return message;
                });
    }

    /** Moves the conversation on: last activity, preview, and UNANSWERED → ACTIVE when the contact replies (R2). */
    static Ingested record(Opened opened, Contact contact, Message message) {
        Conversation conversation = opened.conversation();
        ConversationStatus previous = conversation.status;
        conversation.lastMessageAt = message.createdAt;
        conversation.lastInboundAt = message.createdAt;
        conversation.lastMessagePreview = MessageView.preview(message.text, message.mediaUrl);
        if (conversation.status == ConversationStatus.UNANSWERED) {
            conversation.status = ConversationStatus.ACTIVE;
        }
        // #21: the contact wrote, so a snoozed conversation comes back now, whatever time it was set to.
        boolean woke = conversation.snoozed;
        conversation.snoozed = false;
        conversation.snoozedUntil = null;
        return new Ingested(conversation, contact, message, opened.started(), previous, false, woke, false);
    }

    /** Records the events of a stored message in its transaction. */
    private static Uni<Void> announce(Recorder recorder, Ingested ingested) {
        if (ingested.conversation() == null) {
            return Uni.createFrom().voidItem();
        }
        return recorder.record(ingested.started() ? startedEvents(ingested) : events(ingested));
    }

    /** The events of a message that started a conversation: created, and routed when it was (R22). */
    static LiveEvent[] startedEvents(Ingested ingested) {
        Conversation conversation = ingested.conversation();
        Log.infof("Conversation %s started in queue %s of workspace %s", conversation.id, conversation.queueId, conversation.workspaceId);
        ConversationView view = ConversationView.of(conversation, ContactView.of(ingested.contact()), List.of(), 1, ingested.hasHistory());
        MessageView message = MessageView.of(ingested.message());
        if (conversation.ownerId != null) {
            Log.infof("Conversation %s routed to %s on arrival", conversation.id, conversation.ownerId);
            return new LiveEvent[] {new ConversationEvents.Created(conversation.workspaceId, view, message, true),
                    new ConversationEvents.RoutedOnArrival(conversation.workspaceId, view, message)};
        }
        return new LiveEvent[] {new ConversationEvents.Created(conversation.workspaceId, view, message)};
    }

    /** The events of a message into a conversation that was already open. */
    static LiveEvent[] events(Ingested ingested) {
        Conversation conversation = ingested.conversation();
        List<LiveEvent> events = new ArrayList<>();
        if (ingested.previousStatus() != conversation.status) {
            events.add(new ConversationEvents.StatusChanged(conversation.workspaceId, conversation.id,
                    ingested.previousStatus(), conversation.status, Audience.conversation(conversation.queueId, conversation.ownerId)));
        }
        if (ingested.woke()) {
            events.add(new Unsnoozed(conversation.workspaceId, conversation.id, conversation.ownerId, Unsnoozed.BY_MESSAGE));
        }
        events.add(new ConversationEvents.MessageCreated(conversation.workspaceId, MessageView.of(ingested.message()),
                conversation.queueId, conversation.ownerId));
        return events.toArray(LiveEvent[]::new);
    }
}
