package io.switchboard.realtime;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.auth.Callers;
import io.switchboard.auth.Revocations;
import io.switchboard.auth.Tokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses the WebSocket upgrade (401) without a valid access token, taken from the
 * {@code Authorization: Bearer} header or, for browsers, the {@code access_token} query parameter.
 * The verified caller travels to the endpoint in the connection's user data.
 */
@ApplicationScoped
public class SocketAuth implements HttpUpgradeCheck {

    public static final TypedKey<Caller> CALLER = new TypedKey<>("caller");
    /** What the socket's token says of itself, so the socket ends with it (R28). */
    public static final TypedKey<TokenFacts> TOKEN = new TypedKey<>("token");

    public record TokenFacts(int credentialsVersion, long expiresAtEpochSecond) {
    }

    /** Wallboards are for supervisors and admins (R20). */
    public static final String WALLBOARD_PATH = "/ws/wallboard";

    private final JWTParser parser;
    private final Drain drain;
    private final Revocations revocations;

    public SocketAuth(JWTParser parser, Drain drain, Revocations revocations) {
        this.parser = parser;
        this.drain = drain;
        this.revocations = revocations;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (drain.isDraining()) {
            // Shutting down: the client should connect to another instance.
            return CheckResult.rejectUpgrade(503);
        }
        String token = tokenOf(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401);
        }
        Caller caller;
        TokenFacts facts;
        try {
            JsonWebToken verified = parser.parse(token);
            caller = Callers.fromToken(verified);
            facts = new TokenFacts(Tokens.credentialsVersionOf(verified), verified.getExpirationTime());
        } catch (ParseException | RuntimeException e) {
            return CheckResult.rejectUpgrade(401);
        }
        if (context.httpRequest().path().startsWith(WALLBOARD_PATH) && !caller.seesAll()) {
            return CheckResult.rejectUpgrade(403);
        }
        return revocations.isRevoked(caller.agentId(), facts.credentialsVersion()).chain(revoked -> {
            if (revoked) {
                return CheckResult.rejectUpgrade(401);
            }
            context.userData().put(CALLER, caller);
            context.userData().put(TOKEN, facts);
            return CheckResult.permitUpgrade();
        });
    }

    private static String tokenOf(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        String query = request.getParam("access_token");
        return query == null || query.isBlank() ? null : query;
    }
}
