package io.switchboard.realtime;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.auth.Callers;
import io.switchboard.auth.Revocations;
import io.switchboard.auth.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may open a socket is decided by {@code @RolesAllowed} on the endpoints, from a token in the
 * {@code Authorization} header, the subprotocol form browsers use, or {@code ?access_token=}
 * ({@link io.switchboard.auth.QueryTokenMechanism}). This check adds what roles cannot say: a
 * draining instance sends clients elsewhere (503), a revoked token is refused (401, R28), and the
 * verified caller travels to the endpoint in the connection's user data.
 */
@ApplicationScoped
public class SocketAuth implements HttpUpgradeCheck {

    public static final TypedKey<Caller> CALLER = new TypedKey<>("caller");
    /** What the socket's token says of itself, so the socket ends with it (R28). */
    public static final TypedKey<TokenFacts> TOKEN = new TypedKey<>("token");

    public record TokenFacts(int credentialsVersion, long expiresAtEpochSecond) {
    }

    private final Drain drain;
    private final Revocations revocations;

    public SocketAuth(Drain drain, Revocations revocations) {
        this.drain = drain;
        this.revocations = revocations;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (drain.isDraining()) {
            // Shutting down: the client should connect to another instance.
            return CheckResult.rejectUpgrade(503);
        }
        return context.securityIdentity().chain(identity -> {
            if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                return CheckResult.rejectUpgrade(401);
            }
            Caller caller = Callers.fromToken(token);
            TokenFacts facts = new TokenFacts(Tokens.credentialsVersionOf(token), token.getExpirationTime());
            return revocations.isRevoked(caller.agentId(), facts.credentialsVersion()).chain(revoked -> {
                if (revoked) {
                    return CheckResult.rejectUpgrade(401);
                }
                context.userData().put(CALLER, caller);
                context.userData().put(TOKEN, facts);
                return CheckResult.permitUpgrade();
            });
        });
    }
}
