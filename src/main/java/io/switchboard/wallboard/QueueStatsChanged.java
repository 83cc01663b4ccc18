package io.switchboard.wallboard;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.util.UUID;

/** queue.stats (R20): a queue's figures, for supervisors' wallboards. */
public record QueueStatsChanged(UUID workspaceId, QueueStats data) implements LiveEvent {

    public String type() {
        return EventTypes.QUEUE_STATS;
    }

    public Audience audience() {
        return Audience.supervisorsOnly();
    }
}
