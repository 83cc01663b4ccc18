package io.switchboard.wallboard;

import java.util.Map;
import java.util.UUID;

/**
 * A queue's wallboard snapshot (R20). Times in seconds; today is the UTC day. {@code estimatedWaitSeconds}
 * is what the next arrival would wait (R26), null when it cannot be told; {@code slaAtRisk} and
 * {@code slaBreached} count the open conversations nearing and past their first-response target (R27).
 * #21: {@code surveysToday} satisfaction surveys were sent today, {@code surveyResponseRate} of them
 * (0 to 1) were answered, averaging {@code csatAverage} (1 to 5); null while none was sent or answered.
 */
public record QueueStats(UUID queueId, long waiting, long active, Long oldestWaitingSeconds, Map<String, Long> agentsByPresence,
                         long claimedToday, long closedToday, Double medianTimeToClaimSeconds, Integer estimatedWaitSeconds,
                         long slaAtRisk, long slaBreached, long surveysToday, Double surveyResponseRate,
                         Double csatAverage) {
}
