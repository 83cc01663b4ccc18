package io.switchboard.workspace;

import io.switchboard.auth.Role;
import java.util.List;
import java.util.UUID;

/** The contract's agent object. */
public record AgentView(UUID id, String username, String displayName, Role role, String presence,
                        List<UUID> queueIds, UUID workspaceId, boolean active, Integer maxConversations) {

    public static AgentView of(Agent agent, List<UUID> queueIds) {
        return new AgentView(agent.id, agent.username, agent.displayName, agent.role, agent.presence,
                queueIds, agent.workspaceId, agent.active, agent.maxConversations);
    }
}
