package io.switchboard.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R28: whether a verified token still speaks for its user. A token is revoked once its user is
 * deactivated or their credentials version moved on (role or password changed). Each instance
 * reads a user's state from PostgreSQL at most once per {@link #FRESH_FOR_NANOS}, so a revocation
 * reaches every instance within that time without a query per request. A user still busy past
 * {@link #READ_AHEAD_NANOS} has their state read again in the background, so their requests (a
 * claim storm's fifty, say) do not all wait for PostgreSQL each time it goes stale. A singleton,
 * not behind a client proxy: every request asks it, and the socket sweep asks it of every socket.
 */
@Singleton
public class Revocations {

    static final long FRESH_FOR_NANOS = 2_000_000_000L;
    static final long READ_AHEAD_NANOS = FRESH_FOR_NANOS / 2;

    private record State(boolean active, int credentialsVersion, long readAt) {
    }

    private final Pool pool;
    private final Map<UUID, State> states = new ConcurrentHashMap<>();
    private final Set<UUID> readingAhead = ConcurrentHashMap.newKeySet();
    private final Counter readsWaited;
    private final Counter readsAhead;

    public Revocations(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        String description = "Users' states read from PostgreSQL for R28: while a request waited, or ahead of their going stale";
        this.readsWaited = Counter.builder("switchboard.revocations.reads").tag("kind", "waited").description(description).register(metrics);
        this.readsAhead = Counter.builder("switchboard.revocations.reads").tag("kind", "ahead").description(description).register(metrics);
    }

    public Uni<Boolean> isRevoked(UUID agentId, int tokenCredentialsVersion) {
        State known = states.get(agentId);
        long age = known == null ? Long.MAX_VALUE : System.nanoTime() - known.readAt();
        if (age < FRESH_FOR_NANOS) {
            if (age >= READ_AHEAD_NANOS) {
                readAhead(agentId);
            }
            return Uni.createFrom().item(revokes(known, tokenCredentialsVersion));
        }
        readsWaited.increment();
        return refresh(Set.of(agentId)).map(ignored -> revokes(states.get(agentId), tokenCredentialsVersion));
    }

    /** One background read per user at a time; its result only replaces the state, no request waits for it. */
    private void readAhead(UUID agentId) {
        if (readingAhead.add(agentId)) {
            readsAhead.increment();
            refresh(Set.of(agentId)).onTermination().invoke(() -> readingAhead.remove(agentId)).subscribe().with(
                    done -> { }, failure -> Log.debugf(failure, "Reading the state of %s ahead failed; the next request reads it", agentId));
        }
    }

    /**
     * Whether the token is revoked as of the user's state last read here, however old: for a caller
     * that has just {@link #refresh refreshed} many users. {@code null} when this instance holds no
     * state for the user.
     */
    public Boolean revokedAsLastRead(UUID agentId, int tokenCredentialsVersion) {
        State known = states.get(agentId);
        return known == null ? null : revokes(known, tokenCredentialsVersion);
    }

    /** Rereads, in one query, the users among these whose state here is older than {@link #READ_AHEAD_NANOS}. */
    public Uni<Void> refresh(Collection<UUID> agentIds) {
        long now = System.nanoTime();
        List<UUID> stale = agentIds.stream().distinct()
                .filter(id -> states.get(id) == null || now - states.get(id).readAt() >= READ_AHEAD_NANOS)
                .toList();
        if (stale.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select id, active, credentials_version from agent where id = any($1)")
                .execute(Tuple.of(stale.toArray(UUID[]::new)))
                .invoke(rows -> {
                    Map<UUID, State> read = new HashMap<>();
                    rows.forEach(row -> read.put(row.getUUID(0), new State(row.getBoolean(1), row.getInteger(2), now)));
                    // One put per user, never a placeholder first: requests on the other event loop read
                    // these entries meanwhile, and a passing "revoked" would refuse a valid token.
                    // A user who no longer exists has no valid token.
                    stale.forEach(id -> states.put(id, read.getOrDefault(id, new State(false, Integer.MAX_VALUE, now))));
                })
                .replaceWithVoid();
    }

    /** Forgets what this instance knows of the user, after changing them here. */
    public void forget(UUID agentId) {
        states.remove(agentId);
    }

    private static boolean revokes(State state, int tokenCredentialsVersion) {
        return !state.active() || state.credentialsVersion() != tokenCredentialsVersion;
    }
}
