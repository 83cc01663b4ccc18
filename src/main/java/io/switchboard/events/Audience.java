package io.switchboard.events;

import java.util.Set;
import java.util.UUID;

/**
 * Who may receive an event: the members of a queue (while a conversation waits there unowned),
 * named agents (owner, previous owner, assignee, the one whose bell changed), and/or every
 * supervisor and admin of the workspace.
 */
public record Audience(UUID queueId, Set<UUID> agentIds, boolean supervisors) {

    public Audience {
        agentIds = agentIds == null ? Set.of() : Set.copyOf(agentIds);
    }

    /** Queue members and supervisors: an unowned conversation's events (R3). */
    public static Audience queue(UUID queueId) {
        return new Audience(queueId, Set.of(), true);
    }

    /** Named agents and supervisors: an owned conversation's events (R4). */
    public static Audience agentsAndSupervisors(Set<UUID> agentIds) {
        return new Audience(null, agentIds, true);
    }

    /** One agent only, e.g. their bell count. */
    public static Audience agent(UUID agentId) {
        return new Audience(null, Set.of(agentId), false);
    }

    /** Supervisors and admins only, e.g. presence and wallboards. */
    public static Audience supervisorsOnly() {
        return new Audience(null, Set.of(), true);
    }

    /** Who sees a conversation: its queue while unowned, else its owner; supervisors always. */
    public static Audience conversation(UUID queueId, UUID ownerIdOrNull) {
        return ownerIdOrNull == null ? queue(queueId) : agentsAndSupervisors(Set.of(ownerIdOrNull));
    }

    public boolean includes(UUID agentId, boolean seesAll, Set<UUID> memberOf) {
        // The cheapest test first: a new conversation's audience is a queue, asked of every socket.
        return (queueId != null && memberOf.contains(queueId))
                || (supervisors && seesAll)
                || agentIds.contains(agentId);
    }
}
