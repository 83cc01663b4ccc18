package io.switchboard.auth;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.Agent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Issues signed access tokens carrying the agent, their workspace and their role. */
@ApplicationScoped
public class Tokens {

    public static final String WORKSPACE_CLAIM = "wsp";

    private final SwitchboardConfig config;

    public Tokens(SwitchboardConfig config) {
        this.config = config;
    }

    public String issue(Agent agent) {
        return Jwt.subject(agent.id.toString())
                .upn(agent.username)
                .groups(Set.of(agent.role.name()))
                .claim(WORKSPACE_CLAIM, agent.workspaceId.toString())
                .expiresIn(config.auth().tokenLifetime())
                .sign();
    }

    public long lifetimeSeconds() {
        return config.auth().tokenLifetime().toSeconds();
    }
}
