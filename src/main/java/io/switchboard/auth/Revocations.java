package io.switchboard.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R28: whether a verified token still speaks for its user. A token is revoked once its user is
 * deactivated or their credentials version moved on (role or password changed). Each instance
 * reads a user's state from PostgreSQL at most once per {@link #FRESH_FOR_NANOS}, so a revocation
 * reaches every instance within that time without a query per request.
 */
@ApplicationScoped
public class Revocations {

    static final long FRESH_FOR_NANOS = 2_000_000_000L;

    private record State(boolean active, int credentialsVersion, long readAt) {
    }

    private final Pool pool;
    private final Map<UUID, State> states = new ConcurrentHashMap<>();

    public Revocations(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> isRevoked(UUID agentId, int tokenCredentialsVersion) {
        State known = states.get(agentId);
        long now = System.nanoTime();
        if (known != null && now - known.readAt() < FRESH_FOR_NANOS) {
            return Uni.createFrom().item(revokes(known, tokenCredentialsVersion));
        }
        return pool.preparedQuery("select active, credentials_version from agent where id = $1").execute(Tuple.of(agentId))
                .map(rows -> {
                    var found = rows.iterator();
                    State state;
                    if (found.hasNext()) {
                        var row = found.next();
                        state = new State(row.getBoolean(0), row.getInteger(1), now);
                    } else {
                        state = new State(false, Integer.MAX_VALUE, now);
                    }
                    states.put(agentId, state);
                    return revokes(state, tokenCredentialsVersion);
                });
    }

    /** Forgets what this instance knows of the user, after changing them here. */
    public void forget(UUID agentId) {
        states.remove(agentId);
    }

    private static boolean revokes(State state, int tokenCredentialsVersion) {
        return !state.active() || state.credentialsVersion() != tokenCredentialsVersion;
    }
}
