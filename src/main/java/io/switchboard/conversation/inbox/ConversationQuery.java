package io.switchboard.conversation.inbox;

import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Tags;
import io.switchboard.auth.Caller;
import io.switchboard.channel.Channel;
import io.switchboard.common.ApiException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import java.util.Locale;
import java.util.UUID;

/**
 * The list query of R17 as the contract spells it ({@code view}, {@code status}, {@code queueId},
 * {@code tag}, {@code channel}, {@code unread=true}, {@code q}, {@code sort}), plus {@code archived=true}
 * to list the caller's archived conversations (R16) and {@code sla=at_risk|breached} (R27). Parsed by hand so that every bad value is a 400
 * naming its parameter.
 */
public class ConversationQuery {

    /**
     * mine: open ones the caller owns, snoozed ones left out; queue: unowned open ones of the caller's
     * queues; all: every open one; closed; snoozed: the caller's snoozed ones (every snoozed one for
     * supervisors and admins, #21).
     */
    public enum View { MINE, QUEUE, ALL, CLOSED, SNOOZED }

    public enum Sort {
        LAST_MESSAGE_DESC("c.last_message_at desc, c.id desc"),
        LAST_MESSAGE_ASC("c.last_message_at asc, c.id asc"),
        CONTACT_ASC("lower(coalesce(ct.name, ct.number)) asc, c.id asc"),
        CONTACT_DESC("lower(coalesce(ct.name, ct.number)) desc, c.id desc");

        final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /** R27: conversations nearing or past their first-response target. */
    public enum Sla {
        AT_RISK, BREACHED;

        /** As {@code sla_state()} (V14) names it. */
        String state() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What to list, checked: null fields do not filter. */
    public record Filter(View view, ConversationStatus status, UUID queueId, String tag, Channel channel,
                         boolean unreadOnly, boolean archived, String text, UUID contactId, Sla sla, Sort sort, UUID ownerId) {

        /** Every conversation of a contact the caller may see, closed ones included (R18 history). */
        static Filter historyOf(UUID contactId) {
            return new Filter(null, null, null, null, null, false, false, null, contactId, null, Sort.LAST_MESSAGE_DESC, null);
        }
    }

    @QueryParam("view")
    @DefaultValue("mine")
    String view;

    @QueryParam("status")
    String status;

    @QueryParam("queueId")
    String queueId;

    @QueryParam("tag")
    String tag;

    @QueryParam("channel")
    String channel;

    @QueryParam("unread")
    String unread;

    @QueryParam("archived")
    String archived;

    @QueryParam("q")
    String q;

    @QueryParam("sla")
    String sla;

    /** #20: whose conversations (a closed one's last owner): a supervisor finds a departed colleague's to reassign them. */
    @QueryParam("ownerId")
    String ownerId;

    @QueryParam("sort")
    @DefaultValue("lastMessageAt,desc")
    String sort;

    public Filter toFilter(Caller caller) {
        View parsedView = parse(View.class, view, "view");
        if (parsedView == View.ALL && !caller.seesAll()) {
            throw ApiException.forbidden("Only supervisors and admins may list all open conversations");
        }
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 100) {
            throw ApiException.badRequest("invalid_field", "q", "q must be at most 100 characters");
        }
        String cleanTag = tag == null || tag.isBlank() ? null : Tags.normalize(tag);
        return new Filter(parsedView, status == null ? null : parse(ConversationStatus.class, status, "status"),
                queueId == null ? null : uuid(queueId, "queueId"), cleanTag,
                channel == null ? null : parse(Channel.class, channel, "channel"),
                flag(unread, "unread"), flag(archived, "archived"), text, null,
                sla == null ? null : parse(Sla.class, sla, "sla"), sort(sort), ownerId == null ? null : uuid(ownerId, "ownerId"));
    }

    private static Sort sort(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT).replace(" ", "")) {
            case "lastmessageat,desc", "lastmessageat" -> Sort.LAST_MESSAGE_DESC;
            case "lastmessageat,asc" -> Sort.LAST_MESSAGE_ASC;
            case "contact,asc", "contact" -> Sort.CONTACT_ASC;
            case "contact,desc" -> Sort.CONTACT_DESC;
            default -> throw ApiException.badRequest("invalid_field", "sort",
                    "sort must be lastMessageAt,desc, lastMessageAt,asc, contact,asc or contact,desc");
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String raw, String name) {
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", name, name + " has no value '" + raw + "'");
        }
    }

    private static UUID uuid(String raw, String name) {
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", name, name + " must be an id");
        }
    }

    private static boolean flag(String raw, String name) {
        if (raw == null || raw.isBlank() || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest("invalid_field", name, name + " must be true or false");
    }
}
