package io.switchboard.conversation.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.BusinessHours;
import io.switchboard.channel.Channel;
import io.switchboard.channel.DeliveryPipeline;
import io.switchboard.common.ApiException;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvents;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.switchboard.conversation.messaging.OutboundService.Draft;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.Recorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The common reply on the reactive SQL client, without a Hibernate session: the owner (or a
 * supervisor or admin) writing text or an image, not a template, into an open conversation whose
 * contact has not opted out, through a sender whose WhatsApp window is open and whose day's counter
 * has room. One transaction of two round trips (what the rules read, then the writes pipelined),
 * where the full path takes about ten. The rules kept are the full path's: R9's appendix and daily
 * limit, R10's opt-out, window and business hours, R11's undo window, R27's first response. Any
 * request that would be refused, and the day's first limited send (which starts the counter), fails
 * with {@link NotShort}, rolled back, and the full path answers it; the same tests hold both.
 */
@ApplicationScoped
class SendShortPath {

    /** The conversation if the caller may write in it, with what the rules read; no row leaves it to the full path. */
    private static final String CONVERSATION = """
            select c.workspace_id, c.queue_id, c.owner_id, s.id, s.channel, s.appended_message, s.daily_limit, s.time_zone,
                   exists (select 1 from opt_out o where o.workspace_id = c.workspace_id
                                                   and o.number = coalesce(c.contact_number, k.number)),
                   (select max(x.last_inbound_at) from conversation x where x.sender_id = s.id and x.contact_id = c.contact_id)
            from conversation c join sender s on s.id = c.sender_id join contact k on k.id = c.contact_id
            where c.id = $1 and c.workspace_id = $2 and c.status <> 'CLOSED' and ($3 or c.owner_id = $4)""";

    private static final String HOURS = """
            select h.day_of_week, h.opens_at, h.closes_at
            from sender_hours h join conversation c on c.sender_id = h.sender_id where c.id = $1""";

    private static final String INSERT_MESSAGE = """
            insert into message (id, workspace_id, conversation_id, direction, text, media_url, status, author_id, created_at, updated_at)
            values ($1, $2, $3, 'OUT', $4, $5, 'QUEUED', $6, $7, $7)""";

    /** The conversation moves on, and R27: its first reply meets (or misses) its first-response target. */
    private static final String MOVE_ON = """
            update conversation set last_message_at = $2, last_message_preview = $3,
                   first_response_at = case when first_response_due_at is not null and first_response_at is null
                                            then $2 else first_response_at end
            where id = $1""";

    private final Pool pool;
    private final EventPublisher events;
    private final SwitchboardConfig config;
    private final DeliveryPipeline delivery;

    SendShortPath(Pool pool, EventPublisher events, SwitchboardConfig config, DeliveryPipeline delivery) {
        this.delivery = delivery;
        this.pool = pool;
        this.events = events;
        this.config = config;
    }

    /** Queues the reply, committed and its event relayed; or fails with {@link NotShort}. */
    Uni<MessageView> send(Caller caller, UUID conversationId, Draft draft) {
        if (!plain(draft)) {
            return Uni.createFrom().failure(new NotShort());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Recorder recorder = events.recorder();
        Tuple found = Tuple.of(conversationId, caller.workspaceId(), caller.seesAll(), caller.agentId());
        return pool.withTransaction(tx -> Uni.combine().all()
                        .unis(tx.preparedQuery(CONVERSATION).execute(found), tx.preparedQuery(HOURS).execute(Tuple.of(conversationId)))
                        .asTuple()
                        .chain(read -> queue(tx, caller, conversationId, draft, target(read.getItem1(), read.getItem2(), now), now,
                                recorder)))
                .call(recorder::relay)
                .invoke(queued -> delivery.dueAt(queued.notBefore()))
                .map(queued -> MessageView.of(queued.message()));
    }

    /** A draft the short path can take: own text or an image, no template, nothing the full path would refuse. */
    private boolean plain(Draft draft) {
        if (draft.templateId() != null) {
            return false;
        }
        boolean hasText = draft.text() != null && !draft.text().isBlank();
        if ((!hasText && draft.mediaUrl() == null) || (hasText && draft.text().length() > config.message().maxLength())) {
            return false;
        }
        try {
            OutboundRules.requireMediaUrl(draft.mediaUrl());
            return true;
        } catch (ApiException invalid) {
            return false;
        }
    }

    /** What the rules read of the conversation and its sender. */
    private record Target(Conversation conversation, UUID senderId, String appendedMessage, Integer dailyLimit, ZoneId zone,
                          BusinessHours hours) {
    }

    /** The conversation and its sender, if every rule lets the reply through now. */
    private static Target target(RowSet<Row> rows, RowSet<Row> hours, Instant now) {
        if (rows.rowCount() == 0) {
            throw new NotShort();
        }
        Row row = rows.iterator().next();
        Instant lastInbound = row.getOffsetDateTime(9) == null ? null : row.getOffsetDateTime(9).toInstant();
        boolean windowClosed = Channel.valueOf(row.getString(4)) == Channel.WHATSAPP
                && (lastInbound == null || lastInbound.isBefore(now.minus(OutboundRules.WHATSAPP_WINDOW)));
        if (row.getBoolean(8) || windowClosed) {
            throw new NotShort();
        }
        Conversation conversation = new Conversation();
        conversation.workspaceId = row.getUUID(0);
        conversation.queueId = row.getUUID(1);
        conversation.ownerId = row.getUUID(2);
        ZoneId zone = ZoneId.of(row.getString(7));
        List<BusinessHours.Interval> intervals = new ArrayList<>();
        hours.forEach(h -> intervals.add(new BusinessHours.Interval(DayOfWeek.of(h.getInteger(0)), h.getLocalTime(1), h.getLocalTime(2))));
        return new Target(conversation, row.getUUID(3), row.getString(5), row.getInteger(6), zone, new BusinessHours(zone, intervals));
    }

    private record Queued(Message message, Instant notBefore) {
    }

    /** The message, its outbox entry, the conversation's move, its event and the day's count, sent together. */
    private Uni<Queued> queue(SqlClient tx, Caller caller, UUID conversationId, Draft draft, Target target, Instant now,
                               Recorder recorder) {
        Conversation conversation = target.conversation();
        conversation.id = conversationId;
        boolean hasText = draft.text() != null && !draft.text().isBlank();
        Message message = Message.queuedOut(conversation,
                OutboundRules.withAppendix(hasText ? draft.text() : null, target.appendedMessage()), caller.agentId(), now);
        message.mediaUrl = draft.mediaUrl();
        Instant notBefore = target.hours().nextOpening(now.plus(config.undoWindow()));
        Uni<Boolean> counted = target.dailyLimit() == null ? Uni.createFrom().item(true)
                : DailyLimits.takeCounted(tx, target.senderId(), target.dailyLimit(), target.zone(), now);
        return Uni.combine().all().unis(
                        tx.preparedQuery(INSERT_MESSAGE).execute(Tuple.from(Arrays.asList(message.id, message.workspaceId, conversationId,
                                message.text, message.mediaUrl, caller.agentId(), utc(now)))),
                        tx.preparedQuery("insert into outbox (message_id, not_before) values ($1, $2)")
                                .execute(Tuple.of(message.id, utc(notBefore))),
                        tx.preparedQuery(MOVE_ON).execute(Tuple.of(conversationId, utc(now), MessageView.preview(message.text, message.mediaUrl))),
                        recorder.record(tx, new ConversationEvents.MessageCreated(message.workspaceId, MessageView.of(message),
                                conversation.queueId, conversation.ownerId)),
                        // Last, as on the full path: the counter's row lock is held only until the commit.
                        counted)
                .with(results -> {
                    if (!(Boolean) results.get(4)) {
                        throw new NotShort();
                    }
                    return new Queued(message, notBefore);
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
