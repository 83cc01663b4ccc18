package io.switchboard.workspace;

import io.switchboard.events.Audience;
import io.switchboard.events.EventTypes;
import io.switchboard.events.LiveEvent;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The live events of people and queues, one record per type. */
public final class WorkspaceEvents {

    private WorkspaceEvents() {
    }

    /** An agent's presence changed (R5, R21): supervisors and wallboards hear of it. */
    public record PresenceChanged(UUID workspaceId, UUID agentId, String status) implements LiveEvent {
        public String type() {
            return EventTypes.AGENT_PRESENCE;
        }

        public Object data() {
            return Map.of("agentId", agentId, "status", status);
        }

        public Audience audience() {
            return Audience.supervisorsOnly();
        }
    }

    /**
     * A queue's members changed: told to those affected and supervisors. Live routing and replay
     * entitlement follow it on every instance.
     */
    public record MembersChanged(UUID workspaceId, UUID queueId, Collection<UUID> memberIds, Collection<UUID> addedIds,
                                 Collection<UUID> removedIds, Set<UUID> affected) implements LiveEvent {
        public String type() {
            return EventTypes.QUEUE_MEMBERS_CHANGED;
        }

        public Object data() {
            return Map.of("queueId", queueId, "memberIds", memberIds, "addedIds", addedIds, "removedIds", removedIds);
        }

        public Audience audience() {
            return new Audience(null, affected, true);
        }

        public Set<UUID> queues() {
            return Set.of(queueId);
        }
    }
}
