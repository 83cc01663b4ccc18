package io.switchboard.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * API.md keeps {@code GET /ws/inbox?access_token=...} for clients that can set neither a header
 * nor a subprotocol. This mechanism hands such a token to the same JWT identity provider the
 * {@code Authorization} header goes to, so {@code @RolesAllowed} on the socket endpoints decides
 * for every form alike. Only WebSocket paths read the parameter: a REST URL never carries a token.
 */
@ApplicationScoped
public class QueryTokenMechanism implements HttpAuthenticationMechanism {

    static final String PARAMETER = "access_token";
    private static final String SOCKET_PATHS = "/ws/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = tokenOf(context);
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)));
    }

    private static String tokenOf(RoutingContext context) {
        if (!context.normalizedPath().startsWith(SOCKET_PATHS) || context.request().headers().contains(HttpHeaders.AUTHORIZATION)) {
            return null;
        }
        String token = context.request().getParam(PARAMETER);
        return token == null || token.isBlank() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
