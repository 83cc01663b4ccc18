package io.switchboard.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Reads the {@link Caller} of the current request from its verified token. */
@ApplicationScoped
public class Callers {

    private final JsonWebToken jwt;

    public Callers(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public Caller current() {
        return fromToken(jwt);
    }

    public static Caller fromToken(JsonWebToken token) {
        String role = token.getGroups().stream().findFirst().orElseThrow();
        return new Caller(
                UUID.fromString(token.getSubject()),
                UUID.fromString(token.getClaim(Tokens.WORKSPACE_CLAIM).toString()),
                Role.valueOf(role),
                token.getName());
    }
}
