package io.switchboard.auth;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.workspace.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/** Issues signed access tokens carrying the agent, their workspace and their role. */
@ApplicationScoped
public class Tokens {

    public static final String WORKSPACE_CLAIM = "wsp";
    /** The user's credentials version when the token was issued (R28); absent in older tokens: 0. */
    public static final String CREDENTIALS_CLAIM = "cv";

    private final SwitchboardConfig config;

    public Tokens(SwitchboardConfig config) {
        this.config = config;
    }

    public String issue(Agent agent) {
        return Jwt.subject(agent.id.toString())
                .upn(agent.username)
                .groups(Set.of(agent.role.name()))
                .claim(WORKSPACE_CLAIM, agent.workspaceId.toString())
                .claim(CREDENTIALS_CLAIM, agent.credentialsVersion)
                .expiresIn(config.auth().tokenLifetime())
                .sign();
    }

    /** The credentials version a verified token carries. */
    public static int credentialsVersionOf(JsonWebToken token) {
        Object claim = token.getClaim(CREDENTIALS_CLAIM);
        if (claim instanceof Number number) {
            return number.intValue();
        }
        if (claim instanceof jakarta.json.JsonNumber number) {
            return number.intValue();
        }
        return claim == null ? 0 : Integer.parseInt(claim.toString());
    }

    public long lifetimeSeconds() {
        return config.auth().tokenLifetime().toSeconds();
    }
}
