package io.switchboard.conversation.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.Channel;
import io.switchboard.channel.OutboxEntry;
import io.switchboard.contact.OptOuts;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.events.Recorder;
import io.switchboard.workspace.InboxQueue;
import io.switchboard.workspace.Sender;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * #21: a queue's satisfaction survey. As its conversation closes, the contact is asked on the
 * conversation's channel to rate 1-5 (never an opted-out number, never outside WhatsApp's window,
 * only a contact who wrote in it). While the question is open, a reply that is a rating is recorded
 * on the closed conversation (the last one counts) and opens no new conversation; any other reply
 * starts one as usual. Runs in the caller's transaction.
 */
public final class SatisfactionSurvey {

    /** "5", "4/5", "3 stars", "2." and the like; anything more is a message, not a rating. */
    private static final Pattern RATING = Pattern.compile("^\\s*([1-5])\\s*(?:/\\s*5|stars?|★+)?\\s*[.!]?\\s*$",
            Pattern.CASE_INSENSITIVE);

    private SatisfactionSurvey() {
    }

    /** The survey a reply answers: the closed conversation, locked, and the rating given. */
    record Answer(Conversation conversation, int rating) {
    }

    /**
     * Asks the question of a conversation that has just closed, when its queue wants it; answers
     * whether it was queued (due at {@code now}), so the caller can wake delivery once committed.
     */
    public static Uni<Boolean> ask(Conversation closed, Instant now) {
        if (closed.lastInboundAt == null
                || closed.channel == Channel.WHATSAPP && closed.lastInboundAt.isBefore(now.minus(OutboundRules.WHATSAPP_WINDOW))) {
            return Uni.createFrom().item(false);
        }
        return InboxQueue.<InboxQueue>findById(closed.queueId).chain(queue -> queue == null || !queue.surveyEnabled
                ? Uni.createFrom().item(false)
                : OptOuts.isOptedOut(closed.workspaceId, closed.contactNumber).chain(optedOut -> optedOut
                ? Uni.createFrom().item(false)
                : Sender.<Sender>findById(closed.senderId).chain(sender -> send(closed, queue, sender, now))));
    }

    private static Uni<Boolean> send(Conversation closed, InboxQueue queue, Sender sender, Instant now) {
        Message question = Message.queuedOut(closed, OutboundRules.withAppendix(queue.surveyQuestionOrDefault(), sender), null, now);
        return question.persist()
                .chain(() -> OutboxEntry.due(question.id, now).persist())
                .chain(() -> DailyLimits.countAutomatic(sender, now))
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                update conversation set survey_sent_at = :now,
                                       survey_expires_at = cast(:now as timestamptz) + make_interval(mins => :minutes)
                                where id = :id""")
                        .setParameter("now", now).setParameter("minutes", queue.surveyAnswerMinutes).setParameter("id", closed.id)
                        .executeUpdate()))
                .replaceWith(true);
    }

    /** The rating in a reply, or null when the reply is not one. */
    static Integer rating(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = RATING.matcher(text);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : null;
    }

    /**
     * The open survey a reply of (sender, contact) answers, or null: the reply must be a rating, the
     * pair must have no open conversation (a reply there belongs to it) and its latest survey must
     * still take answers. Locks that conversation, so two answers are recorded one after the other.
     */
    static Uni<Answer> answered(UUID senderId, UUID contactId, String text, Instant now) {
        Integer rating = rating(text);
        if (rating == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select * from conversation c
                        where c.sender_id = :sender and c.contact_id = :contact and c.survey_expires_at > :now
                          and not exists (select 1 from conversation o
                                          where o.sender_id = :sender and o.contact_id = :contact and o.status <> 'CLOSED')
                        order by c.survey_expires_at desc limit 1
                        for update of c""", Conversation.class)
                        .setParameter("sender", senderId).setParameter("contact", contactId).setParameter("now", now)
                        .getSingleResultOrNull())
                .map(conversation -> conversation == null ? null : new Answer(conversation, rating));
    }

    /** Records the rating carried by {@code reply} on its conversation, in its timeline and on the live stream. */
    static Uni<Void> record(Answer answer, Message reply, Recorder recorder) {
        Conversation conversation = answer.conversation();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                update conversation set survey_rating = :rating, survey_answered_at = :now where id = :id""")
                        .setParameter("rating", answer.rating()).setParameter("now", reply.createdAt).setParameter("id", conversation.id)
                        .executeUpdate())
                .chain(() -> TimelineEvent.of(conversation, "survey_answered", null,
                        Map.of("rating", answer.rating(), "messageId", reply.id)).persist())
                .chain(() -> recorder.record(new SurveyAnswered(conversation.workspaceId, conversation.id, conversation.queueId,
                        conversation.lastOwnerId, answer.rating())));
    }
}
