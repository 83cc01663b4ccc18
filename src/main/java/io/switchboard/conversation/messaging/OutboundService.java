package io.switchboard.conversation.messaging;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.ConversationHistory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.OwnershipCache;
import io.switchboard.conversation.template.MessageTemplate;
import io.switchboard.conversation.template.TemplateText;
import java.util.List;
import io.switchboard.contact.ContactView;
import io.switchboard.channel.MessageStatusChanged;
import io.switchboard.events.Recorder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.DeliveryPipeline;
import io.switchboard.channel.OutboxEntry;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.contact.Contact;
import io.switchboard.contact.OptOuts;
import io.switchboard.contact.Contacts;
import io.switchboard.contact.PhoneNumbers;
import io.switchboard.events.Audience;
import io.switchboard.events.EventPublisher;
import io.switchboard.workspace.QueueService;
import io.switchboard.workspace.Sender;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

/**
 * Agents writing to contacts (R8-R11): a reply or a new conversation is checked against the rules,
 * stored QUEUED together with its outbox entry, and answered at once; the delivery pipeline sends it.
 */
@ApplicationScoped
public class OutboundService {

    /** What an agent sends: text, an image, or a template (a quick reply or an approved WhatsApp template). */
    /** {@code templateParameters}: the values of the template's {{1}}, {{2}}, ... in order. */
    public record Draft(String text, String mediaUrl, UUID templateId, List<String> templateParameters) {
    }

    /** Starts a conversation with a number or a known contact, through a sender or a queue's best sender. */
    public record NewConversation(UUID senderId, UUID queueId, String to, UUID contactId, String text, String mediaUrl, UUID templateId,
                                  List<String> templateParameters) {
        Draft draft() {
            return new Draft(text, mediaUrl, templateId, templateParameters);
        }
    }

    private record Queued(Conversation conversation, Message message, Instant notBefore) {
    }

    private record Undone(Conversation conversation, Message message) {
    }

    private final SwitchboardConfig config;
    private final EventPublisher events;
    private final OwnershipCache ownership;
    private final ConversationViews views;
    private final SendShortPath shortPath;
    private final DeliveryPipeline delivery;

    public OutboundService(SwitchboardConfig config, EventPublisher events, OwnershipCache ownership, ConversationViews views,
                           SendShortPath shortPath, DeliveryPipeline delivery) {
        this.shortPath = shortPath;
        this.delivery = delivery;
        this.config = config;
        this.events = events;
        this.ownership = ownership;
        this.views = views;
    }

    /** A reply in an open conversation, by its owner, a supervisor or an admin: the common ones on {@link SendShortPath}. */
    public Uni<MessageView> send(Caller caller, UUID conversationId, Draft draft) {
        return shortPath.send(caller, conversationId, draft)
                .onFailure(NotShort.class).recoverWithUni(() -> sendInFull(caller, conversationId, draft));
    }

    /** Any reply, or its refusal, in a Hibernate session's transaction with every rule. */
    private Uni<MessageView> sendInFull(Caller caller, UUID conversationId, Draft draft) {
        return events.transaction(recorder -> ConversationAccess.visible(caller, conversationId).chain(conversation -> {
                    if (conversation.isClosed()) {
                        throw ConversationErrors.closed();
                    }
                    if (!caller.seesAll() && !caller.agentId().equals(conversation.ownerId)) {
                        throw new ApiException(403, "forbidden", "Only the owner, a supervisor or an admin may write here");
                    }
                    return Sender.<Sender>findById(conversation.senderId)
                            .chain(sender -> Contact.<Contact>findById(conversation.contactId)
                                    .chain(contact -> queue(caller, conversation, sender, contact, draft))
                                    .call(queued -> recorder.record(new ConversationEvents.MessageCreated(caller.workspaceId(),
                                            MessageView.of(queued.message()), conversation.queueId, conversation.ownerId)))
                                    .call(queued -> DailyLimits.take(sender, queued.message().id, queued.message().createdAt)));
                }))
                .invoke(queued -> delivery.dueAt(queued.notBefore()))
                .map(queued -> MessageView.of(queued.message()));
    }

    /** R1, R2, R9: a new conversation owned by the caller, UNANSWERED until the contact replies. */
    public Uni<ConversationView> start(Caller caller, NewConversation request) {
        if ((request.senderId() == null) == (request.queueId() == null)) {
            throw ApiException.badRequest("invalid_field", "senderId", "Give either senderId or queueId");
        }
        if (request.to() == null && request.contactId() == null) {
            throw ApiException.badRequest("invalid_field", "to", "Give the number to write to");
        }
        Instant now = Instant.now();
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> contactFor(caller, request)
                        .chain(contact -> chooseSender(caller, request, contact, now)
                                .chain(sender -> open(caller, sender, contact)
                                        .chain(conversation -> queue(caller, conversation, sender, contact, request.draft()))
                                        .call(queued -> announceStarted(recorder, queued, contact))
                                        .call(queued -> DailyLimits.take(sender, queued.message().id, now)))))
                .onFailure(f -> Db.isUniqueViolation(f, "conversation_one_open_idx"))
                .transform(f -> new ApiException(409, "conversation_exists", "An open conversation with this contact exists"))
                // In Redis before anyone hears of it, so the claims and sends that follow find it there.
                .call(queued -> ownership.repair(queued.conversation()))
                .call(recorder::relay)
                .invoke(queued -> delivery.dueAt(queued.notBefore()))
                .chain(queued -> views.of(caller, queued.conversation()));
    }

    private static Uni<Void> announceStarted(Recorder recorder, Queued queued, Contact contact) {
        Conversation conversation = queued.conversation();
        return ConversationHistory.exists(conversation)
                .map(history -> ConversationView.of(conversation, ContactView.of(contact), List.of(), 0, history))
                .chain(view -> recorder.record(new ConversationEvents.Created(conversation.workspaceId, view,
                        MessageView.of(queued.message()))));
    }

    /** R11: undoes a send still QUEUED within the undo window; afterwards 409 already_sent. */
    public Uni<Void> undo(Caller caller, UUID messageId) {
        return events.transaction(recorder -> Message.<Message>find("id = ?1 and workspaceId = ?2", messageId, caller.workspaceId())
                        .firstResult()
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Message"))
                        .call(message -> ConversationAccess.visible(caller, message.conversationId))
                        .call(message -> {
                            if (message.direction != Message.Direction.OUT) {
                                throw ApiException.notFound("Message");
                            }
                            if (!caller.seesAll() && !caller.agentId().equals(message.authorId)) {
                                throw new ApiException(403, "forbidden", "Only the author, a supervisor or an admin may undo a send");
                            }
                            boolean inWindow = message.createdAt.plus(config.undoWindow()).isAfter(Instant.now());
                            if (message.status != Message.Status.QUEUED || !inWindow) {
                                throw alreadySent();
                            }
                            // The pipeline holds a lease while sending; only an untouched entry can be withdrawn.
                            return OutboxEntry.delete("messageId = ?1 and lockedUntil is null", message.id).invoke(deleted -> {
                                if (deleted == 0) {
                                    throw alreadySent();
                                }
                                message.status = Message.Status.UNDONE;
                                message.updatedAt = Instant.now();
                            }).call(() -> DailyLimits.undone(message.conversationId, message.createdAt));
                        })
                        .chain(message -> Conversation.<Conversation>findById(message.conversationId).map(c -> new Undone(c, message)))
                        .call(undone -> recorder.record(new MessageStatusChanged(caller.workspaceId(), messageId,
                                undone.message().conversationId, Message.Status.UNDONE.name(),
                                Audience.conversation(undone.conversation().queueId, undone.conversation().ownerId)))))
                .invoke(undone -> Log.infof("Message %s undone by %s", messageId, caller.agentId()))
                .replaceWithVoid();
    }

    private static ApiException alreadySent() {
        return new ApiException(409, "already_sent", "The message has left or the undo window has passed");
    }

    /** Checks and queues the message; the caller counts it against the daily limit last (DailyLimits). */
    private Uni<Queued> queue(Caller caller, Conversation conversation, Sender sender, Contact contact, Draft draft) {
        Instant now = Instant.now();
        // R10 for the conversation's own number, which a contact edit cannot change.
        String number = conversation.contactNumber != null ? conversation.contactNumber : contact.number;
        return OptOuts.requireOptedIn(conversation.workspaceId, number).chain(() -> template(caller, draft)).chain(template -> {
            boolean ownText = draft.text() != null && !draft.text().isBlank();
            // A template's variables are filled from templateParameters (the text is the template's then).
            List<String> parameters = template == null || ownText ? null : TemplateText.requireValues(template.text, draft.templateParameters());
            String text = ownText ? draft.text() : template != null ? TemplateText.fill(template.text, parameters) : null;
            if ((text == null || text.isBlank()) && draft.mediaUrl() == null) {
                throw ApiException.badRequest("invalid_field", "text", "text, mediaUrl or templateId is required");
            }
            OutboundRules.requireMediaUrl(draft.mediaUrl());
            if (text != null && text.length() > config.message().maxLength()) {
                throw ApiException.badRequest("invalid_field", "text", "text may hold at most " + config.message().maxLength() + " characters");
            }
            boolean whatsappTemplate = template != null && template.whatsappTemplateName != null;
            Message message = Message.queuedOut(conversation, OutboundRules.withAppendix(text, sender), caller.agentId(), now);
            message.mediaUrl = draft.mediaUrl();
            message.templateId = template != null ? template.id : null;
            message.templateParameters = parameters == null || parameters.isEmpty() ? null : Map.of("values", parameters);
            return OutboundRules.requireWhatsappWindow(sender, conversation.contactId, whatsappTemplate, now)
                    .chain(() -> OutboundRules.notBefore(sender, now.plus(config.undoWindow())))
                    .call(message::persist)
                    .call(notBefore -> OutboxEntry.due(message.id, notBefore).persist())
                    .invoke(() -> {
                        if (conversation.firstResponseDueAt != null && conversation.firstResponseAt == null) {
                            conversation.firstResponseAt = now; // R27: the first reply meets (or misses) its target
                        }
                        conversation.lastMessageAt = now;
                        conversation.lastMessagePreview = MessageView.preview(message.text, message.mediaUrl);
                    })
                    .map(notBefore -> new Queued(conversation, message, notBefore));
        });
    }

    private static Uni<MessageTemplate> template(Caller caller, Draft draft) {
        if (draft.templateId() == null) {
            return Uni.createFrom().nullItem();
        }
        return MessageTemplate.<MessageTemplate>find("id = ?1 and workspaceId = ?2", draft.templateId(), caller.workspaceId())
                .firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Template"));
    }

    private static Uni<Contact> contactFor(Caller caller, NewConversation request) {
        if (request.contactId() != null) {
            return Contact.<Contact>find("id = ?1 and workspaceId = ?2", request.contactId(), caller.workspaceId()).firstResult()
                    .onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
        }
        return Contacts.findOrCreate(caller.workspaceId(), PhoneNumbers.require(request.to(), "to"));
    }

    /**
     * The sender named, or R9's choice among the queue's senders: the contact's country first, then
     * the most remaining daily capacity; 422 daily_limit_reached when none has any left.
     */
    private static Uni<Sender> chooseSender(Caller caller, NewConversation request, Contact contact, Instant now) {
        if (request.senderId() != null) {
            return Sender.<Sender>find("id = ?1 and workspaceId = ?2", request.senderId(), caller.workspaceId()).firstResult()
                    .onItem().ifNull().failWith(() -> ApiException.notFound("Sender"))
                    .call(sender -> requireMember(caller, sender.queueId));
        }
        return QueueService.find(caller.workspaceId(), request.queueId())
                .call(queue -> requireMember(caller, queue.id))
                .chain(queue -> Sender.<Sender>list("queueId = ?1 order by number", queue.id))
                .chain(senders -> {
                    if (senders.isEmpty()) {
                        throw new ApiException(422, "no_sender", "The queue has no sender");
                    }
                    // One session runs one query at a time: count sender by sender.
                    return Multi.createFrom().iterable(senders)
                            .onItem().transformToUniAndConcatenate(s -> OutboundRules.sentToday(s, now)
                                    .map(sent -> new Candidate(s, s.dailyLimit == null ? Long.MAX_VALUE : s.dailyLimit - sent)))
                            .collect().asList();
                })
                .map(candidates -> candidates.stream()
                        .filter(c -> c.remaining() > 0)
                        .max(Comparator.comparing((Candidate c) -> c.sender().country != null && c.sender().country.equals(contact.country))
                                .thenComparing(Candidate::remaining))
                        .map(Candidate::sender)
                        .orElseThrow(() -> new ApiException(422, "daily_limit_reached", "Every sender of the queue reached its daily limit")));
    }

    private record Candidate(Sender sender, long remaining) {
    }

    private static Uni<Void> requireMember(Caller caller, UUID queueId) {
        if (caller.seesAll()) {
            return Uni.createFrom().voidItem();
        }
        return ConversationAccess.isMember(queueId, caller.agentId()).invoke(member -> {
            if (!member) {
                throw ConversationErrors.notQueueMember();
            }
        }).replaceWithVoid();
    }

    /** The new conversation, or 409 conversation_exists naming the open one (R1). */
    private static Uni<Conversation> open(Caller caller, Sender sender, Contact contact) {
        return Conversation.<Conversation>find("senderId = ?1 and contactId = ?2 and status <> ?3",
                        sender.id, contact.id, ConversationStatus.CLOSED).firstResult()
                .chain(existing -> {
                    if (existing != null) {
                        throw new ApiException(409, "conversation_exists", "An open conversation with this contact exists",
                                Map.of("conversationId", existing.id.toString()));
                    }
                    Conversation conversation = new Conversation();
                    conversation.id = UUID.randomUUID();
                    conversation.workspaceId = caller.workspaceId();
                    conversation.queueId = sender.queueId;
                    conversation.senderId = sender.id;
                    conversation.contactId = contact.id;
                    conversation.contactNumber = contact.number;
                    conversation.channel = sender.channel;
                    conversation.status = ConversationStatus.UNANSWERED;
                    conversation.ownerId = caller.agentId();
                    conversation.createdAt = Instant.now();
                    conversation.lastMessageAt = conversation.createdAt;
                    conversation.claimedAt = conversation.createdAt;
                    return conversation.<Conversation>persist().call(c -> c.flush());
                });
    }
}
