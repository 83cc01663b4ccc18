package io.switchboard.conversation.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.channel.Channel;
import io.switchboard.contact.Classification;
import io.switchboard.contact.Contact;
import io.switchboard.contact.OptOuts;
import io.switchboard.contact.PhoneNumbers;
import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.messaging.InboundService.AlreadyStored;
import io.switchboard.conversation.messaging.InboundService.Ingested;
import io.switchboard.conversation.messaging.InboundService.Opened;
import io.switchboard.events.Recorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The two common inbound messages on the reactive SQL client, without a Hibernate session: a known
 * contact writing into their open conversation, and a first message that starts a conversation in a
 * queue that neither routes it on arrival (R22) nor answers it by itself (waiting and closed-hours
 * replies). One transaction of three or four round trips, where the full path takes about ten.
 * Anything else (an opt-out keyword, a rating that may answer a survey, an unknown sender, a queue
 * that routes or replies, a concurrent first message) fails with {@link NotShort}, rolled back, for
 * the full path. The rules kept are the full path's, and the same tests hold them.
 */
@ApplicationScoped
class InboundShortPath {

    /**
     * The contact's last inbound time moved forward and its name filled in (as {@code Contacts.receivedFrom}
     * does, locking the contact first as it does), then the open conversation of (sender, contact) locked.
     */
    private static final String OPEN_CONVERSATION = """
            with k as (update contact k set last_inbound_at = greatest(k.last_inbound_at, $3), name = coalesce(k.name, $4)
                       from sender s where s.number = $1 and k.workspace_id = s.workspace_id and k.number = $2
                       returning k.id, s.id as sender_id)
            select c.id, c.workspace_id, c.queue_id, c.owner_id, c.status, c.snoozed
            from conversation c join k on c.contact_id = k.id and c.sender_id = k.sender_id
            where c.status <> 'CLOSED'
            for update of c""";

    private static final String MOVE_ON = """
            update conversation set last_message_at = $2, last_inbound_at = $2, last_message_preview = $3, status = $4,
                                    snoozed = false, snoozed_until = null
            where id = $1""";

    /**
     * The contact upserted as {@code Contacts.receivedFrom} does (opted out if their number is, name
     * filled in), then a new conversation in the sender's queue, as the full path inserts it, unless
     * the queue routes on arrival (as {@code RoutedQueues.assignsOnArrival}: routed, without offers) or
     * the sender replies by itself. No row: one of those, an unknown sender, or a conversation another
     * delivery opened first.
     */
    private static final String NEW_CONVERSATION = """
            with s as (select s.id, s.workspace_id, s.queue_id, s.channel, q.first_response_seconds
                       from sender s join inbox_queue q on q.id = s.queue_id
                       where s.number = $1 and s.waiting_reply is null and s.closed_hours_reply is null
                         and (q.routing_mode = 'MANUAL' or q.offer_seconds is not null)),
            k as (insert into contact (id, workspace_id, number, country, created_at, last_inbound_at, name, opted_out)
                  select $2, s.workspace_id, $3, $4, $5, $6, $7,
                         exists (select 1 from opt_out o where o.workspace_id = s.workspace_id and o.number = $3)
                  from s
                  on conflict (workspace_id, number)
                  do update set last_inbound_at = greatest(contact.last_inbound_at, excluded.last_inbound_at),
                                name = coalesce(contact.name, excluded.name)
                  returning id, name, classification),
            c as (insert into conversation (id, workspace_id, queue_id, sender_id, contact_id, contact_number, channel, status,
                                            created_at, last_message_at, last_inbound_at, last_message_preview, first_response_due_at)
                  select $8, s.workspace_id, s.queue_id, s.id, k.id, $3, s.channel, 'ACTIVE', $5, $5, $5, $9,
                         $5 + make_interval(secs => s.first_response_seconds)
                  from s, k
                  on conflict (sender_id, contact_id) where status <> 'CLOSED' do nothing
                  returning workspace_id, queue_id, sender_id, channel, first_response_due_at, contact_id)
            select c.workspace_id, c.queue_id, c.sender_id, c.channel, c.first_response_due_at, k.id, k.name, k.classification,
                   exists (select 1 from conversation h where h.contact_id = k.id and h.status = 'CLOSED')
            from c join k on k.id = c.contact_id""";

    /**
     * The message into its conversation, read in the transaction: for a first message, the one
     * {@link #NEW_CONVERSATION} inserted just before it (none if it did not). A repeated provider id
     * inserts nothing.
     */
    private static final String INSERT_MESSAGE = """
            insert into message (id, workspace_id, conversation_id, direction, text, media_url, status,
                                 provider_message_id, created_at, updated_at)
            select $1, c.workspace_id, c.id, 'IN', $2, $3, 'RECEIVED', $4, $5, $5 from conversation c where c.id = $6
            on conflict (provider_message_id) do nothing""";

    private final Pool pool;

    InboundShortPath(Pool pool) {
        this.pool = pool;
    }

    /** Stores the message and records its events with {@code recorder}, committed; or fails with {@link NotShort} or {@link AlreadyStored}. */
    Uni<Ingested> store(IncomingMessage incoming, Recorder recorder) {
        if (OptOuts.isKeyword(incoming.text())) {
            return Uni.createFrom().failure(new NotShort());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Tuple found = Tuple.of(incoming.to(), incoming.from(), utc(incoming.sentAt()), incoming.contactName());
        return pool.withTransaction(tx -> tx.preparedQuery(OPEN_CONVERSATION).execute(found).chain(rows -> rows.rowCount() > 0
                ? intoOpen(tx, openConversation(rows.iterator().next()), incoming, now, recorder)
                : intoNew(tx, incoming, now, recorder)));
    }

    /** The message, the conversation's move, the agents' states, the timeline and the events, sent together. */
    private static Uni<Ingested> intoOpen(SqlClient tx, Conversation conversation, IncomingMessage incoming, Instant now,
                                          Recorder recorder) {
        Message message = InboundService.received(conversation, incoming, now);
        Ingested ingested = InboundService.record(new Opened(conversation, false), null, message);
        List<Uni<Void>> writes = new ArrayList<>(List.of(
                insertMessage(tx, message.id, incoming, now, conversation.id)
                        .invoke(InboundShortPath::insertedOrAlreadyStored).replaceWithVoid(),
                tx.preparedQuery(MOVE_ON).execute(Tuple.of(conversation.id, utc(now), conversation.lastMessagePreview,
                        conversation.status.name())).replaceWithVoid(),
                AgentStates.inbound(tx, conversation.id, conversation.ownerId),
                recorder.record(tx, InboundService.events(ingested))));
        InboundService.timeline(ingested).forEach(event -> writes.add(event.insert(tx)));
        // Sent together, so the connection pipelines them: one round trip, not five.
        return Uni.combine().all().unis(writes).discardItems().replaceWith(ingested);
    }

    /**
     * A new conversation and its first message, sent together (the message's insert finds the
     * conversation the first statement inserted), then its events.
     */
    private static Uni<Ingested> intoNew(SqlClient tx, IncomingMessage incoming, Instant now, Recorder recorder) {
        if (SatisfactionSurvey.rating(incoming.text()) != null) {
            // #21: it may answer a closed conversation's survey rather than start one.
            return Uni.createFrom().failure(new NotShort());
        }
        UUID conversationId = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        String preview = MessageView.preview(incoming.text(), incoming.mediaUrl());
        Uni<RowSet<Row>> started = tx.preparedQuery(NEW_CONVERSATION).execute(Tuple.from(Arrays.asList(incoming.to(),
                UUID.randomUUID(), incoming.from(), PhoneNumbers.countryOf(incoming.from()), utc(now), utc(incoming.sentAt()),
                incoming.contactName(), conversationId, preview)));
        Uni<RowSet<Row>> first = insertMessage(tx, messageId, incoming, now, conversationId);
        return Uni.combine().all().unis(started, first).asTuple().chain(both -> {
            if (both.getItem1().rowCount() == 0) {
                throw new NotShort();
            }
            insertedOrAlreadyStored(both.getItem2());
            Row row = both.getItem1().iterator().next();
            Conversation conversation = newConversation(conversationId, row, incoming.from(), preview, now);
            Message message = InboundService.received(conversation, incoming, now);
            message.id = messageId;
            Ingested ingested = new Ingested(conversation, contact(row, conversation.workspaceId, incoming.from()), message, true,
                    ConversationStatus.ACTIVE, row.getBoolean(8), false, false);
            return recorder.record(tx, InboundService.startedEvents(ingested)).replaceWith(ingested);
        });
    }

    private static Uni<RowSet<Row>> insertMessage(SqlClient tx, UUID id, IncomingMessage incoming, Instant now, UUID conversationId) {
        return tx.preparedQuery(INSERT_MESSAGE).execute(Tuple.from(Arrays.asList(id, incoming.text(), incoming.mediaUrl(),
                incoming.providerMessageId(), utc(now), conversationId)));
    }

    private static void insertedOrAlreadyStored(RowSet<Row> inserted) {
        if (inserted.rowCount() == 0) {
            throw new AlreadyStored();
        }
    }

    private static Conversation openConversation(Row row) {
        Conversation conversation = new Conversation();
        conversation.id = row.getUUID(0);
        conversation.workspaceId = row.getUUID(1);
        conversation.queueId = row.getUUID(2);
        conversation.ownerId = row.getUUID(3);
        conversation.status = ConversationStatus.valueOf(row.getString(4));
        conversation.snoozed = row.getBoolean(5);
        return conversation;
    }

    /** The conversation {@link #NEW_CONVERSATION} inserted, as the full path's insert returns it. */
    private static Conversation newConversation(UUID id, Row row, String number, String preview, Instant now) {
        Conversation conversation = new Conversation();
        conversation.id = id;
        conversation.workspaceId = row.getUUID(0);
        conversation.queueId = row.getUUID(1);
        conversation.senderId = row.getUUID(2);
        conversation.channel = Channel.valueOf(row.getString(3));
        conversation.firstResponseDueAt = row.getOffsetDateTime(4) == null ? null : row.getOffsetDateTime(4).toInstant();
        conversation.contactId = row.getUUID(5);
        conversation.contactNumber = number;
        conversation.status = ConversationStatus.ACTIVE;
        conversation.createdAt = now;
        conversation.lastMessageAt = now;
        conversation.lastInboundAt = now;
        conversation.lastMessagePreview = preview;
        return conversation;
    }

    private static Contact contact(Row row, UUID workspaceId, String number) {
        Contact contact = new Contact();
        contact.id = row.getUUID(5);
        contact.workspaceId = workspaceId;
        contact.number = number;
        contact.name = row.getString(6);
        contact.classification = row.getString(7) == null ? null : Classification.valueOf(row.getString(7));
        return contact;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
