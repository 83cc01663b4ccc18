package io.switchboard.conversation.snooze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.conversation.AgentStates;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.ConversationEvents.Snoozed;
import io.switchboard.conversation.ConversationEvents.Unsnoozed;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationView;
import io.switchboard.conversation.ConversationViews;
import io.switchboard.conversation.TimelineEvent;
import io.switchboard.events.EventPublisher;
import io.switchboard.events.Recorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * #21: the owner puts a conversation aside until a time or until the contact writes, and may wake
 * it early. Snoozing marks it read for the owner, so it leaves their bell and alerts; the list
 * leaves it out of "mine" and shows it under {@code view=snoozed}. Each change is one conditional
 * update on the owner's open conversation, so it cannot race a transfer or close into a snooze of
 * a conversation someone else now owns. {@link SnoozeAlarm} and an inbound message wake it.
 */
@ApplicationScoped
public class SnoozeService {

    /** Further ahead than this is a mistake rather than a plan. */
    static final Duration LONGEST = Duration.ofDays(366);

    public record SnoozeRequest(Instant until) {
    }

    private final EventPublisher events;
    private final ConversationViews views;

    public SnoozeService(EventPublisher events, ConversationViews views) {
        this.events = events;
        this.views = views;
    }

    public Uni<ConversationView> snooze(Caller caller, UUID conversationId, SnoozeRequest request) {
        // As PostgreSQL keeps it, so the answer, the event and later reads agree.
        Instant until = request == null || request.until() == null ? null : request.until().truncatedTo(ChronoUnit.MICROS);
        Instant now = Instant.now();
        if (until != null && (!until.isAfter(now) || until.isAfter(now.plus(LONGEST)))) {
            throw ApiException.badRequest("invalid_field", "until", "until must be in the future and within a year");
        }
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId)
                        .chain(conversation -> Conversation.update("""
                                        snoozed = true, snoozedUntil = ?1
                                        where id = ?2 and ownerId = ?3 and status <> ?4""",
                                until, conversation.id, caller.agentId(), ConversationStatus.CLOSED)
                                .chain(updated -> ConversationAccess.reloaded(conversation).invoke(current -> {
                                    if (updated == 0) {
                                        throw current.isClosed() ? ConversationErrors.closed() : ownerOnly();
                                    }
                                })))
                        .call(conversation -> AgentStates.markRead(conversation.id, caller.agentId()))
                        .call(conversation -> {
                            Map<String, Object> data = new HashMap<>();
                            data.put("until", until);
                            return TimelineEvent.of(conversation, "snoozed", caller.agentId(), data).persist();
                        })
                        .call(conversation -> recorder.record(new Snoozed(conversation.workspaceId, conversation.id, caller.agentId(), until))))
                .call(recorder::relay)
                .chain(conversation -> views.of(caller, conversation));
    }

    /** The owner wakes it before its time; waking one that is not snoozed changes nothing. */
    public Uni<ConversationView> unsnooze(Caller caller, UUID conversationId) {
        Recorder recorder = events.recorder();
        return Panache.withTransaction(() -> ConversationAccess.visible(caller, conversationId)
                        .chain(conversation -> {
                            if (!caller.agentId().equals(conversation.ownerId)) {
                                throw ownerOnly();
                            }
                            return Conversation.update("snoozed = false, snoozedUntil = null where id = ?1 and ownerId = ?2 and snoozed",
                                            conversation.id, caller.agentId())
                                    .chain(updated -> ConversationAccess.reloaded(conversation)
                                            .call(now -> updated == 0 ? Uni.createFrom().voidItem() : woken(now, caller.agentId(), recorder)));
                        }))
                .call(recorder::relay)
                .chain(conversation -> views.of(caller, conversation));
    }

    private static Uni<Void> woken(Conversation conversation, UUID ownerId, Recorder recorder) {
        return TimelineEvent.of(conversation, "unsnoozed", ownerId, Map.of("reason", Unsnoozed.BY_OWNER)).persist()
                .chain(() -> recorder.record(new Unsnoozed(conversation.workspaceId, conversation.id, ownerId, Unsnoozed.BY_OWNER)));
    }

    private static ApiException ownerOnly() {
        return new ApiException(403, "forbidden", "Only the conversation's owner may snooze or wake it");
    }
}
