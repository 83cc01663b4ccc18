package io.switchboard.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

/**
 * Verifies each distinct access token once: a client sends the same token with every request (a
 * claim storm is fifty at once), and checking its signature and claims again buys nothing until it
 * expires. smallrye-jwt's own parser does the verifying; a verified token is kept for at most
 * {@link #KEEP} and never past its expiry. Revocation (R28) is checked on every request apart from
 * this ({@link RevokedTokenFilter}, the socket's checks), so a revoked token is refused at once.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration KEEP = Duration.ofMinutes(1);
    /** Bounds the memory: a few KiB per token. */
    private static final int MAX_TOKENS = 5_000;

    private final DefaultJWTParser verifier;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(Expiry.creating((String token, JsonWebToken jwt) -> keep(jwt)))
            .build();

    public VerifiedTokens(DefaultJWTParser verifier) {
        this.verifier = verifier;
    }

    private static Duration keep(JsonWebToken jwt) {
        Duration left = Duration.ofSeconds(jwt.getExpirationTime() - System.currentTimeMillis() / 1000);
        return left.isNegative() ? Duration.ZERO : left.compareTo(KEEP) < 0 ? left : KEEP;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = verifier.parse(token);
        verified.put(token, jwt);
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
