package io.switchboard.auth;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.common.SwitchboardConfig;
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

    /** A signed access token for the user, valid until their credentials version moves on (R28). */
    public String issue(Caller user, int credentialsVersion) {
        return Jwt.subject(user.agentId().toString())
                .upn(user.username())
                .groups(Set.of(user.role().name()))
                .claim(WORKSPACE_CLAIM, user.workspaceId().toString())
                .claim(CREDENTIALS_CLAIM, credentialsVersion)
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
