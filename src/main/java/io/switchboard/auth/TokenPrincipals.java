package io.switchboard.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds verified tokens' principals as smallrye-jwt's default factory does (the same parser and
 * checks), with one difference: a claim's name is looked up in a map. smallrye-jwt's principal
 * asks {@code Claims.valueOf(name)} first, which throws, with a full stack trace, for each custom
 * claim read: every request reads two ({@link Tokens#WORKSPACE_CLAIM}, {@link Tokens#CREDENTIALS_CLAIM}).
 * That exception was 8 % of the server's CPU in a claim storm.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenPrincipals extends JWTCallerPrincipalFactory {

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JwtContext verified = parser.parse(token, context);
        String type = verified.getJoseObjects().get(0).getHeader("typ");
        return new Principal(type, verified.getJwtClaims());
    }

    /** smallrye-jwt's principal, naming claims without an exception. */
    static final class Principal extends DefaultJWTCallerPrincipal {

        private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
                .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

        Principal(String type, JwtClaims claims) {
            super(type, claims);
        }

        @Override
        protected Claims getClaimType(String name) {
            return STANDARD.getOrDefault(name, Claims.UNKNOWN);
        }
    }
}
