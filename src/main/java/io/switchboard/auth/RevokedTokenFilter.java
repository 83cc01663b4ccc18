package io.switchboard.auth;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.UUID;

/** R28: a request carrying a revoked token is answered 401 {@code token_revoked}, on every instance. */
public class RevokedTokenFilter {

    private final CurrentIdentityAssociation identities;
    private final Revocations revocations;

    public RevokedTokenFilter(CurrentIdentityAssociation identities, Revocations revocations) {
        this.identities = identities;
        this.revocations = revocations;
    }

    @ServerRequestFilter
    public Uni<Response> refuseRevoked() {
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .chain(identity -> isRevoked(identity).map(revoked -> revoked
                        ? Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ErrorBody("token_revoked", "This token was revoked: log in again")).build()
                        : null));
    }

    private Uni<Boolean> isRevoked(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getSubject() == null) {
            return Uni.createFrom().item(false);
        }
        return revocations.isRevoked(UUID.fromString(token.getSubject()), Tokens.credentialsVersionOf(token));
    }
}
