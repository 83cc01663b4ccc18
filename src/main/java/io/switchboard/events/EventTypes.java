package io.switchboard.events;

/** The event names of API.md's live stream, in one place. */
public final class EventTypes {

    public static final String CONVERSATION_CREATED = "conversation.created";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String MESSAGE_STATUS = "message.status";
    public static final String CONVERSATION_CLAIMED = "conversation.claimed";
    public static final String CONVERSATION_ASSIGNED = "conversation.assigned";
    public static final String CONVERSATION_STATUS_CHANGED = "conversation.status_changed";
    public static final String CONVERSATION_CLOSED = "conversation.closed";
    public static final String CONVERSATION_UPDATED = "conversation.updated";
    public static final String NOTE_CREATED = "note.created";
    /** R24: a conversation offered to one agent, and the end of that offer. */
    public static final String CONVERSATION_OFFERED = "conversation.offered";
    public static final String CONVERSATION_OFFER_ENDED = "conversation.offer_ended";
    /** R27: a conversation crossed 80 % (at_risk) or 100 % (breached) of its first-response target. */
    public static final String CONVERSATION_SLA = "conversation.sla";
    /** #21: the owner put a conversation aside, and it came back (its time came, the contact wrote, or the owner woke it). */
    public static final String CONVERSATION_SNOOZED = "conversation.snoozed";
    public static final String CONVERSATION_UNSNOOZED = "conversation.unsnoozed";
    /** #21: an internal note named someone ("@username"); to that person alone. */
    public static final String NOTE_MENTIONED = "note.mentioned";
    /** #21: a conversation waited longer than its queue allows: moved to the overflow queue, or flagged. */
    public static final String CONVERSATION_WAIT_EXCEEDED = "conversation.wait_exceeded";
    /** #21: the contact rated a closed conversation in its satisfaction survey. */
    public static final String CONVERSATION_RATED = "conversation.rated";
    public static final String BELL_UPDATED = "bell.updated";
    public static final String AGENT_PRESENCE = "agent.presence";
    public static final String QUEUE_STATS = "queue.stats";
    /** Ours: a queue's members changed; live routing follows it and clients may reload their queues. */
    public static final String QUEUE_MEMBERS_CHANGED = "queue.members_changed";

    /** Control frames, not stored events. */
    public static final String RESYNC_REQUIRED = "{\"type\":\"resync.required\"}";
    public static final String PONG = "{\"type\":\"pong\"}";

    private EventTypes() {
    }
}
