package io.switchboard.conversation.messaging;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.OutboxEntry;
import io.switchboard.contact.Contact;
import io.switchboard.contact.OptOuts;
import io.switchboard.workspace.Sender;

import java.time.Instant;

/**
 * R26: as a new conversation starts, the sender's out-of-hours reply when its business hours are
 * closed (R10), else its waiting reply when the conversation waits in its queue, with the place in
 * line and the estimated wait filled in ({@code {position}}, {@code {minutes}}; "a few" when the
 * wait cannot be told). Queued once, in the transaction that stores the conversation (a repeated
 * webhook rolls back with its duplicate); never to an opted-out number; sent at once, whatever the
 * hours (it is the answer to a message just received).
 */
final class WaitingReplies {

    private static final String PLACE = """
            select count(*), queue_wait_estimate(:queue, count(*)) from conversation
            where queue_id = :queue and owner_id is null and status <> 'CLOSED' and (created_at, id) <= (:createdAt, :id)""";

    private WaitingReplies() {
    }

    /** Answers whether a reply was queued (due at {@code now}), so the caller can wake delivery once committed. */
    static Uni<Boolean> queue(Sender sender, Conversation started, Contact contact, Instant now) {
        boolean waits = started.ownerId == null;
        if (sender.closedHoursReply == null && (sender.waitingReply == null || !waits)) {
            return Uni.createFrom().item(false);
        }
        return OptOuts.isOptedOut(sender.workspaceId, contact.number).chain(optedOut -> optedOut ? Uni.createFrom().item(false)
                : closed(sender, now).chain(closed -> {
                    if (closed && sender.closedHoursReply != null) {
                        return send(sender, started, sender.closedHoursReply, now);
                    }
                    if (!waits || sender.waitingReply == null) {
                        return Uni.createFrom().item(false);
                    }
                    return place(started).chain(place -> send(sender, started, fill(sender.waitingReply, place), now));
                }));
    }

    /** The text with its place in line and minutes of wait. */
    static String fill(String template, Place place) {
        String minutes = place.waitSeconds() == null ? "a few" : String.valueOf(Math.max(1, (place.waitSeconds() + 59) / 60));
        return template.replace("{position}", String.valueOf(place.position())).replace("{minutes}", minutes);
    }

    record Place(long position, Integer waitSeconds) {
    }

    private static Uni<Boolean> closed(Sender sender, Instant now) {
        return OutboundRules.notBefore(sender, now).map(opens -> opens.isAfter(now));
    }

    private static Uni<Place> place(Conversation started) {
        return Panache.getSession().chain(session -> session.createNativeQuery(PLACE, Object[].class)
                .setParameter("queue", started.queueId).setParameter("createdAt", started.createdAt).setParameter("id", started.id)
                .getSingleResult()
                .map(row -> new Place(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).intValue())));
    }

    private static Uni<Boolean> send(Sender sender, Conversation conversation, String text, Instant now) {
        Message message = Message.queuedOut(conversation, OutboundRules.withAppendix(text, sender), null, now);
        return message.persist().chain(() -> OutboxEntry.due(message.id, now).persist())
                .chain(() -> DailyLimits.countAutomatic(sender, now))
                .replaceWith(true);
    }
}
