package io.switchboard.workspace;

import java.util.UUID;

/**
 * A local CDI event: something that is not itself a live event may have made an agent eligible
 * for routing (R22), such as a queue's routing or capacity set, or an agent's own capacity raised.
 *
 * @param queueId the queue to route, or null for every routed queue of the workspace
 */
public record RoutingNeeded(UUID workspaceId, UUID queueId) {
}
