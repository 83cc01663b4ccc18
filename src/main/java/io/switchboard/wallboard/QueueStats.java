package io.switchboard.wallboard;

import java.util.Map;
import java.util.UUID;

/** A queue's wallboard snapshot (R20). Times in seconds; today is the UTC day. */
public record QueueStats(UUID queueId, long waiting, long active, Long oldestWaitingSeconds, Map<String, Long> agentsByPresence,
                         long claimedToday, long closedToday, Double medianTimeToClaimSeconds) {
}
