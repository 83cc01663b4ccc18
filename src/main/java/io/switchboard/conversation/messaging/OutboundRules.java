package io.switchboard.conversation.messaging;

import io.switchboard.conversation.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.BusinessHours;
import io.switchboard.channel.Channel;
import io.switchboard.common.ApiException;
import io.switchboard.workspace.Sender;
import io.switchboard.workspace.SenderHours;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** The rules an outbound message must pass before it is queued (R9, R10). */
final class OutboundRules {

    static final Duration WHATSAPP_WINDOW = Duration.ofHours(24);

    private OutboundRules() {
    }

    static final int MEDIA_URL_MAX_LENGTH = 2048;

    /** A media URL is fetched by Vonage and shown to agents: an https address of bounded length only. */
    static void requireMediaUrl(String mediaUrl) {
        if (mediaUrl == null) {
            return;
        }
        boolean valid = mediaUrl.length() <= MEDIA_URL_MAX_LENGTH;
        if (valid) {
            try {
                URI uri = new URI(mediaUrl);
                valid = "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isBlank();
            } catch (URISyntaxException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw ApiException.badRequest("invalid_field", "mediaUrl",
                    "mediaUrl must be an https address of at most " + MEDIA_URL_MAX_LENGTH + " characters");
        }
    }

    /**
     * R10: WhatsApp free text only within 24 h of the contact's last WhatsApp message to this
     * sender (the window belongs to the sender and the contact; an SMS opens nothing); templates any time.
     */
    static Uni<Void> requireWhatsappWindow(Sender sender, UUID contactId, boolean template, Instant now) {
        if (sender.channel != Channel.WHATSAPP || template) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                        .createSelectionQuery("select max(c.lastInboundAt) from Conversation c where c.senderId = :sender and c.contactId = :contact",
                                Instant.class)
                        .setParameter("sender", sender.id).setParameter("contact", contactId)
                        .getSingleResultOrNull())
                .invoke(lastInbound -> {
                    if (lastInbound == null || lastInbound.isBefore(now.minus(WHATSAPP_WINDOW))) {
                        throw new ApiException(422, "whatsapp_window_closed",
                                "The contact has not written to this WhatsApp number in the last 24 hours; only an approved template may be sent");
                    }
                })
                .replaceWithVoid();
    }

    /** Outbound messages of the sender since the start of its day, in its own time zone: R9's choice of a sender (DailyLimits keeps the limit). */
    static Uni<Long> sentToday(Sender sender, Instant now) {
        Instant startOfDay = LocalDate.ofInstant(now, ZoneId.of(sender.timeZone)).atStartOfDay(ZoneId.of(sender.timeZone)).toInstant();
        return Message.count("""
                        direction = ?1 and status <> ?2 and createdAt >= ?3
                        and conversationId in (select c.id from Conversation c where c.senderId = ?4)""",
                Message.Direction.OUT, Message.Status.UNDONE, startOfDay, sender.id);
    }

    /** When the message may leave: after the undo window (R11), within business hours (R10). */
    static Uni<Instant> notBefore(Sender sender, Instant earliest) {
        return SenderHours.<SenderHours>list("senderId", sender.id).map(rows -> new BusinessHours(ZoneId.of(sender.timeZone),
                        rows.stream().map(h -> new BusinessHours.Interval(DayOfWeek.of(h.dayOfWeek), h.opensAt, h.closesAt)).toList())
                .nextOpening(earliest));
    }

    /** R9: the sender's appended message ends every outbound text. */
    static String withAppendix(String text, Sender sender) {
        return withAppendix(text, sender.appendedMessage);
    }

    static String withAppendix(String text, String appendedMessage) {
        if (appendedMessage == null || text == null) {
            return text;
        }
        return text + "\n" + appendedMessage;
    }
}
